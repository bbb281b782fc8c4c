"""Matching what a learner said to the mentors app's taxonomy.

The taxonomy (categories, subcategories, subjects, the skills mentors list) and the sentence
embeddings belong to the mentors app, which sits above accounts (DESIGN.md): accounts may not
import it. So mentors registers its matcher here at start-up (mentors.apps), the way it registers
category names in accounts.taxonomy. Without a registered matcher (accounts on its own) a profile
simply has no taxonomy matches and no embedding.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class InterviewText:
    passions: list[str]  # phrases, as said
    skills: str  # the answer about current skills
    goals: list[str]  # phrases, as said
    whole: str  # every answer, for the profile's embedding


@dataclass(frozen=True)
class SkillHit:
    name: str  # a subject, a skill mentors list, or a well-known tool ("Figma")
    category_id: uuid.UUID | None  # the top-level category it is filed under
    category: str | None
    evidence: str  # the words it was found in (its level is read from them)
    score: float


@dataclass(frozen=True)
class CategoryHit:
    category_id: uuid.UUID
    name: str
    subcategory_id: uuid.UUID | None
    subcategory: str | None
    score: float
    reason: str


@dataclass(frozen=True)
class TaxonomyMatch:
    skills: list[SkillHit] = field(default_factory=list)
    categories: list[CategoryHit] = field(default_factory=list)  # best first
    embedding: bytes | None = None
    embedding_model: str = ""


Matcher = Callable[[InterviewText], TaxonomyMatch]
_matcher: Matcher | None = None


def register(matcher: Matcher) -> None:
    global _matcher
    _matcher = matcher


def match(text: InterviewText) -> TaxonomyMatch:
    return _matcher(text) if _matcher is not None else TaxonomyMatch()
