"""The interview's questions: which topics, in which order, and how each is worded for the
learner's persona and for what they said before.

`total_steps` (settings.AI_PROFILING_STEPS, 4 by default, 3 to 6) decides how the five topics
(passions, skills and level, goals, time, learning style) share the steps: with four, time and
learning style are asked together; with three, skills and goals are too; a sixth step asks for
anything else a mentor should know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_STEPS, MAX_STEPS = 3, 6

PLANS: dict[int, list[str]] = {
    3: ["passions", "skills_goals", "time_style"],
    4: ["passions", "skills", "goals", "time_style"],
    5: ["passions", "skills", "goals", "time", "style"],
    6: ["passions", "skills", "goals", "time", "style", "more"],
}


def plan(total_steps: int) -> list[str]:
    return PLANS[max(MIN_STEPS, min(MAX_STEPS, total_steps))]


def clamp_steps(total_steps: int) -> int:
    return max(MIN_STEPS, min(MAX_STEPS, int(total_steps)))


@dataclass(frozen=True)
class Question:
    step: int
    topic: str
    text: str


_OPENERS = re.compile(
    r"^\s*(?:(?:well|so|um+|uh+|oh|hmm+|okay|ok)[,\s]+)*(?:i\s+(?:really\s+|just\s+|absolutely\s+)?"
    r"(?:love|like|enjoy|adore|am\s+passionate\s+about|am\s+into|'m\s+into|'m\s+passionate\s+about)\s+|"
    r"i'?m\s+(?:really\s+)?(?:into|passionate\s+about)\s+|my\s+passion\s+is\s+)",
    re.IGNORECASE,
)


def gist(text: str, limit: int = 60) -> str:
    """The first thing said, shortened: "I love sketching app screens in Figma, and ..." ->
    "sketching app screens in Figma"."""
    first = re.split(r"[.;!?\n]|,\s*(?:and|but)\s|\sbut\s", text.strip(), maxsplit=1)[0]
    first = _OPENERS.sub("", first).strip(" ,.-")
    if len(first) > limit:
        first = first[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,") + "…"
    return first


_NEW = re.compile(
    r"\b(never|no experience|not yet|complete beginner|total beginner|just start|starting out|new to|"
    r"haven'?t|have not|don'?t know|zero)\b",
    re.IGNORECASE,
)


def question_for(step: int, topic: str, *, persona: str, earlier: dict[str, str]) -> Question:
    """The question of `step` about `topic`, worded for `persona` and the earlier answers
    (`earlier`: topic -> answer text)."""
    passion = gist(earlier.get("passions", ""))
    said_new = bool(_NEW.search(earlier.get("skills", "") + " " + earlier.get("skills_goals", "")))
    text = _TEXTS[topic](persona=persona, passion=passion, said_new=said_new)
    return Question(step, topic, text)


def _passions(*, persona: str, **_) -> str:
    if persona == "stay_at_home":
        return (
            "Let's start with you, not your to-do list: what do you love doing or would love to get "
            "into, at home or outside it?"
        )
    if persona == "experienced":
        return "Which parts of your work or your interests excite you most right now?"
    if persona == "disabled":
        return (
            "Welcome. You can answer by typing or by speaking. What do you love doing, or what "
            "would you love to learn?"
        )
    return "What do you love doing, or what would you love to learn? Tell me in your own words."


def _skills(*, persona: str, passion: str, **_) -> str:
    about = f" with {passion}" if passion else ""
    if persona == "beginner":
        return (
            f"How far along are you{about}? It's completely fine to be starting from zero: "
            "tell me anything you have tried, even once."
        )
    if persona == "experienced":
        return (
            f"What skills do you already bring{about}, and at what level? Years of experience "
            "or projects you led help me place you."
        )
    return f"Which skills do you already have{about}, and how would you rate yourself: beginner, intermediate, advanced?"


def _goals(*, persona: str, passion: str, said_new: bool, **_) -> str:
    about = f" with {passion}" if passion else ""
    if said_new:
        return (
            f"Where would you like to get to{about}? A first small project, a new job, a hobby "
            "to enjoy: anything counts."
        )
    if persona == "experienced":
        return (
            f"What is the next step you are aiming for{about}: a new role, a bigger project, teaching others?"
        )
    if persona == "stay_at_home":
        return (
            f"What would you like this to lead to{about}: returning to work, a side income, or just for you?"
        )
    return f"What would you like to achieve{about} in the next few months?"


def _time(*, persona: str, **_) -> str:
    if persona == "stay_at_home":
        return (
            "How much time can you set aside around family life, and when? For example "
            "“an hour during nap time” or “weekends only”."
        )
    return (
        "How much time can you give to learning, and when? For example “two hours a day” or “weekends only”."
    )


def _style(*, persona: str, **_) -> str:
    if persona == "disabled":
        return (
            "How do you like to learn, and what helps you most? For example spoken explanations, "
            "captions, step-by-step written guides, or hands-on practice."
        )
    return "How do you like to learn best: one-to-one sessions, videos, reading, or hands-on projects?"


def _time_style(*, persona: str, **kwargs) -> str:
    if persona == "disabled":
        return (
            "Last one: how much time can you give to learning, and how do you learn best? For "
            "example spoken explanations, captions, written steps, or hands-on practice."
        )
    if persona == "stay_at_home":
        return (
            "Last one: how much time can you set aside around family life, and how do you like to "
            "learn: short videos, one-to-one sessions, reading, or hands-on projects?"
        )
    return (
        "Last one: how much time can you give to learning each week, and how do you like to learn: "
        "one-to-one sessions, videos, reading, or hands-on projects?"
    )


def _skills_goals(*, persona: str, passion: str, **_) -> str:
    about = f" with {passion}" if passion else ""
    return f"What can you already do{about}, at what level, and what would you like to achieve next?"


def _more(**_) -> str:
    return "Is there anything else a mentor should know about you, your situation or what you need?"


_TEXTS = {
    "passions": _passions,
    "skills": _skills,
    "goals": _goals,
    "time": _time,
    "style": _style,
    "time_style": _time_style,
    "skills_goals": _skills_goals,
    "more": _more,
}
