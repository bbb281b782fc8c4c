"""The AI profile, built from a session's answers: passions and goals as the learner put them,
skills matched to the taxonomy with a level each, time available, learning style, recommended
categories with a reason, and an embedding (kept server-side).

The words are read by rules (accounts.profiling.parse); the taxonomy matching and the embedding
come from the matcher the mentors app registers (accounts.profiling.matching).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from accounts.profiling import matching, parse

# Topics whose answers feed each part of the profile (questions.PLANS).
_PASSION_TOPICS = ("passions",)
_SKILL_TOPICS = ("skills", "skills_goals")
_GOAL_TOPICS = ("goals", "skills_goals")
_TIME_TOPICS = ("time", "time_style")
_STYLE_TOPICS = ("style", "time_style", "more")
MAX_SKILLS = 8
MAX_CATEGORIES = 5


@dataclass
class SkillOut:
    name: str
    level: str
    category_id: uuid.UUID | None
    category: str | None


@dataclass
class ProfileData:
    passions: list[str]
    skills: list[SkillOut]
    goals: list[str]
    time_commitment: str
    hours_per_week: float | None
    schedule: list[str]
    learning_style: str
    recommended_categories: list[dict] = field(default_factory=list)
    embedding: bytes | None = None
    embedding_model: str = ""


def _joined(answers: dict[str, str], topics: tuple[str, ...]) -> str:
    return " ".join(answers[t] for t in topics if answers.get(t))


def build_profile(answers: dict[str, str], *, persona: str) -> ProfileData:
    """`answers`: topic -> the answer's text (typed, or the corrected transcription)."""
    passions = parse.phrases(_joined(answers, _PASSION_TOPICS))
    skills_text = _joined(answers, _SKILL_TOPICS)
    goals = parse.phrases(answers.get("goals", "")) if "goals" in answers else []
    if not goals and "skills_goals" in answers:
        goals = [p for p in parse.phrases(answers["skills_goals"]) if parse.level_in(p) is None]
    time = parse.time_commitment(_joined(answers, _TIME_TOPICS))
    style = parse.learning_style(_joined(answers, _STYLE_TOPICS)) or parse.learning_style(
        " ".join(answers.values())
    )
    found = matching.match(
        matching.InterviewText(
            passions=passions, skills=skills_text, goals=goals, whole=" ".join(answers.values())
        )
    )
    overall = parse.level_in(skills_text) or parse.PERSONA_LEVEL.get(persona, "beginner")
    skills: list[SkillOut] = []
    seen: set[str] = set()
    for hit in found.skills:
        key = hit.name.casefold()
        if key in seen:
            continue
        seen.add(key)
        # A level said next to the skill wins; else what the skills answer says overall. A
        # skill only named among passions or goals is something to learn: beginner, unless said.
        from_skills_answer = hit.evidence and hit.evidence.casefold() in skills_text.casefold()
        level = parse.level_in(hit.evidence) or (overall if from_skills_answer else "beginner")
        skills.append(SkillOut(hit.name, level, hit.category_id, hit.category))
        if len(skills) == MAX_SKILLS:
            break
    categories = [
        {
            "category_id": str(hit.category_id),
            "name": hit.name,
            "subcategory_id": str(hit.subcategory_id) if hit.subcategory_id else None,
            "subcategory": hit.subcategory,
            "score": round(hit.score, 3),
            "reason": hit.reason,
        }
        for hit in found.categories[:MAX_CATEGORIES]
    ]
    return ProfileData(
        passions=passions,
        skills=skills,
        goals=goals,
        time_commitment=time.summary,
        hours_per_week=time.hours_per_week,
        schedule=time.schedule,
        learning_style=style,
        recommended_categories=categories,
        embedding=found.embedding,
        embedding_model=found.embedding_model,
    )
