"""The onboarding interview's taxonomy matching (registered with accounts.profiling.matching at
start-up): which subjects, skills and categories a learner's answers are about, and the
profile's embedding.

Two signals: the sentence embeddings (meaning: "budgeting and saving money" ~ Personal
Budgeting) and fuzzy name matching with rapidfuzz (names the model does not know, and names a
transcription misspelt: "figmer" ~ Figma). Tool and practice names that the taxonomy does not
list are mapped to the subject they belong to by TOOLS below.
"""

from __future__ import annotations

import re

import numpy as np
from rapidfuzz import fuzz

from accounts.models import Skill
from accounts.profiling.matching import CategoryHit, InterviewText, SkillHit, TaxonomyMatch
from mentors.matching import embeddings
from mentors.matching.learners import quoted, topic_text
from mentors.matching.vectors import TaxonomyIndex, phrase_vectors, taxonomy_index
from mentors.models import Subject

# Well-known tools and practices -> the subject they are a skill of (names as in the taxonomy's
# data migration). Matched fuzzily, word by word, so transcription slips still count.
TOOLS: dict[str, str] = {
    "Figma": "UX Design",
    "Sketch app": "UX Design",
    "Adobe XD": "UX Design",
    "wireframes": "UX Design",
    "wireframing": "UX Design",
    "prototyping": "UX Design",
    "user research": "UX Design",
    "app screens": "UX Design",
    "Photoshop": "Graphic Design",
    "Illustrator": "Graphic Design",
    "InDesign": "Graphic Design",
    "Canva": "Graphic Design",
    "logos": "Graphic Design",
    "typography": "Graphic Design",
    "Procreate": "Drawing & Painting",
    "watercolour": "Drawing & Painting",
    "watercolor": "Drawing & Painting",
    "sketching": "Drawing & Painting",
    "Python": "Python Programming",
    "Django": "Python Programming",
    "pandas": "Python Programming",
    "JavaScript": "Web Development",
    "TypeScript": "Web Development",
    "React": "Web Development",
    "HTML": "Web Development",
    "CSS": "Web Development",
    "websites": "Web Development",
    "TensorFlow": "Machine Learning",
    "PyTorch": "Machine Learning",
    "neural networks": "Machine Learning",
    "Excel": "Personal Budgeting",
    "spreadsheets": "Personal Budgeting",
    "budgeting": "Personal Budgeting",
    "stocks": "Stock Market Basics",
    "guitar": "Music Theory",
    "piano": "Music Theory",
    "songwriting": "Music Theory",
    "blogging": "Creative Writing",
    "poetry": "Creative Writing",
    "short stories": "Creative Writing",
    "SEO": "SEO & Content Marketing",
    "social media": "SEO & Content Marketing",
    "screen readers": "Accessible Web Design",
    "WCAG": "Accessible Web Design",
}
# Skill names this close (rapidfuzz ratio, 0-100) to a word or phrase of the answers count as said.
FUZZY_MIN = 86
# A phrase this close in meaning to a subject makes that subject one of the learner's skills.
SKILL_MIN_SIMILARITY = 0.45
# How much a name said outright lifts the categories it belongs to.
NAMED_BONUS = 0.30
# Categories below this score are not recommended at all.
CATEGORY_MIN_SCORE = 0.20
# At most this many recommendations from one top-level category (so the list shows a spread).
PER_CATEGORY = 2
_WORD = re.compile(r"[\w'+#.-]+")


def _said(name: str, text: str, words: list[str]) -> bool:
    """Whether `name` occurs in `text`, allowing small misspellings."""
    lowered = name.casefold()
    if len(lowered) < 3:
        return False
    if re.search(rf"(?<!\w){re.escape(lowered)}(?!\w)", text):
        return True
    size = len(lowered.split())
    grams = [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
    # Short names must match exactly: "CSS" is not "class", "React" is not "reach".
    if len(lowered) < 5:
        return False
    return any(fuzz.ratio(lowered, gram) >= FUZZY_MIN for gram in grams)


def _evidence(name: str, clauses: list[str]) -> str:
    lowered = name.casefold()
    best = max(clauses, key=lambda c: fuzz.partial_ratio(lowered, c.casefold()), default="")
    return best


def match_interview(text: InterviewText) -> TaxonomyMatch:
    index = taxonomy_index()
    whole = " ".join([*text.passions, text.skills, *text.goals, text.whole]).casefold()
    words = [w.strip(".'") for w in _WORD.findall(whole)]
    clauses = [
        c for c in re.split(r"[.;!?\n,]+", " ".join([text.skills, *text.passions, *text.goals])) if c.strip()
    ]

    # Names said outright: the taxonomy's subjects, the skills mentors list, and known tools.
    subject_rows = {name.casefold(): i for i, name in enumerate(index.subject_names)}
    named_subjects: dict[int, str] = {}  # subject row -> the name said
    tools_said: list[tuple[str, int]] = []
    for name, row in subject_rows.items():
        if _said(name, whole, words):
            named_subjects.setdefault(row, index.subject_names[row])
    for tool, subject in TOOLS.items():
        row = subject_rows.get(subject.casefold())
        if row is not None and _said(tool, whole, words):
            named_subjects.setdefault(row, tool)
            tools_said.append((tool, row))
    listed = list(
        Skill.objects.filter(mentors__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)[:2000]
    )
    # Listed skill names are matched exactly (word-bounded): there can be thousands of them.
    skills_said = [
        name
        for name in listed
        if len(name) >= 3 and re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", whole)
    ]

    # Meaning: every phrase against every category, subcategory and subject.
    phrases = [p for p in [*text.passions, *text.goals, *_skill_phrases(text.skills)] if p.strip()]
    weights = np.array(
        [1.0] * len(text.passions)
        + [0.9] * len(text.goals)
        + [0.85] * (len(phrases) - len(text.passions) - len(text.goals))
    )
    if phrases:
        vectors = phrase_vectors([topic_text(p) for p in phrases])
        by_item = (
            np.einsum("ivd,pd->ipv", index.variants, vectors).max(axis=2)
        ) * weights  # (items, phrases)
        by_subject = index.subject_vectors @ vectors.T * weights  # (subjects, phrases)
    else:
        by_item = np.zeros((len(index.items), 0))
        by_subject = np.zeros((len(index.subject_names), 0))

    skills = _skills(index, by_subject, phrases, named_subjects, tools_said, skills_said, clauses)
    categories = _categories(index, by_item, phrases, named_subjects)
    profile_text = ". ".join([*text.passions, *text.goals, *(s.name for s in skills)]) or text.whole
    embedding = (
        embeddings.to_bytes(embeddings.embed_one(topic_text(profile_text[:2000]))) if profile_text else None
    )
    return TaxonomyMatch(skills, categories, embedding, embeddings.MODEL_ID if embedding else "")


def _skill_phrases(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[.;!?\n,]+|\s+and\s+", text or "") if len(c.strip()) >= 3][:8]


def _subject_categories(index: TaxonomyIndex) -> dict[int, tuple]:
    subjects = {s.pk: s for s in Subject.objects.filter(pk__in=index.subject_ids).select_related("category")}
    return {
        row: (subjects[pk].category_id, subjects[pk].category.name)
        for row, pk in enumerate(index.subject_ids)
        if pk in subjects
    }


def _skills(index, by_subject, phrases, named_subjects, tools_said, skills_said, clauses) -> list[SkillHit]:
    categories = _subject_categories(index)
    hits: list[SkillHit] = []
    seen: set[str] = set()

    def add(name: str, row: int | None, score: float, evidence: str) -> None:
        if name.casefold() in seen:
            return
        seen.add(name.casefold())
        category_id, category = categories.get(row, (None, None)) if row is not None else (None, None)
        hits.append(SkillHit(name, category_id, category, evidence, round(score, 3)))

    for tool, row in tools_said:  # "Figma", then the subject it is a skill of
        add(tool, row, 1.0, _evidence(tool, clauses))
        add(index.subject_names[row], row, 0.9, _evidence(tool, clauses))
    for row, said in named_subjects.items():
        add(index.subject_names[row], row, 0.95, _evidence(said, clauses))
    for name in skills_said:
        add(name, None, 0.9, _evidence(name, clauses))
    if by_subject.size:
        best = by_subject.max(axis=1)
        for row in np.argsort(-best):
            if best[row] < SKILL_MIN_SIMILARITY:
                break
            add(index.subject_names[row], int(row), float(best[row]), phrases[int(by_subject[row].argmax())])
    return hits


def _categories(index: TaxonomyIndex, by_item, phrases, named_subjects) -> list[CategoryHit]:
    scores = by_item.max(axis=1) if by_item.size else np.zeros(len(index.items))
    scores = scores.copy()
    named_items: dict[int, str] = {}
    subject_homes = {
        s.pk: (s.subcategory_id or s.category_id)
        for s in Subject.objects.filter(pk__in=[index.subject_ids[r] for r in named_subjects])
    }
    for row, said in named_subjects.items():
        node = subject_homes.get(index.subject_ids[row])
        item_row = index.node_rows.get(node)
        if item_row is not None:
            scores[item_row] += NAMED_BONUS
            named_items[item_row] = f"You mentioned {said}, part of {index.items[item_row].label}"
    hits: list[CategoryHit] = []
    per_top: dict = {}
    for row in np.argsort(-scores, kind="stable"):
        row = int(row)
        score = float(scores[row])
        if score < CATEGORY_MIN_SCORE:
            break
        item = index.items[row]
        if per_top.get(item.category.pk, 0) >= PER_CATEGORY:
            continue
        per_top[item.category.pk] = per_top.get(item.category.pk, 0) + 1
        reason = named_items.get(row)
        if reason is None and phrases:
            said = phrases[int(by_item[row].argmax())]
            reason = f"Close to what you said: “{quoted(said, 60)}”"
        hits.append(
            CategoryHit(
                category_id=item.category.pk,
                name=item.category.name,
                subcategory_id=item.subcategory.pk if item.subcategory else None,
                subcategory=item.subcategory.name if item.subcategory else None,
                score=round(min(score, 1.0), 3),
                reason=reason or f"Matches your answers: {item.label}",
            )
        )
        if len(hits) == 8:
            break
    return hits
