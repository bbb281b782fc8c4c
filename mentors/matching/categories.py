"""GET /categories/search: categories and subcategories by meaning, not by spelling."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.errors import ValidationFailed
from mentors.matching import embeddings
from mentors.matching.learners import learner_wants, quoted, topic_text
from mentors.matching.recommend import REASON_MIN_SIMILARITY
from mentors.matching.vectors import TaxonomyIndex, TaxonomyItem, taxonomy_index
from mentors.models import Category

CATEGORY_SEARCH_MIN_SIMILARITY = 0.15
# How much a signed-in learner's own goals and interests lift the categories near them.
PERSONAL_WEIGHT = 0.10


@dataclass(frozen=True)
class CategoryHit:
    category: Category
    subcategory: Category | None
    relevance_score: float  # 0-1, the cosine similarity (plus a little for the learner's interests)
    why_relevant: str


def category_search(*, q: str, limit: int = 10, user=None) -> list[CategoryHit]:
    """Categories and subcategories closest in meaning to `q`, best first.

    Signed-in callers with stated goals or interests get a small lift for the categories near
    those, and are told so.
    """
    query = (q or "").strip()
    if not query:
        raise ValidationFailed.for_field("q", "Say what you would like to learn, e.g. “mobile design”.")
    index = taxonomy_index()
    if not index.items:
        return []
    query_vector = embeddings.embed_one(topic_text(query[:500]))
    scores = (index.variants @ query_vector).max(axis=1)  # best way of saying each item
    wants = learner_wants(user) if user is not None and user.is_authenticated else []
    personal = np.zeros(len(index.items))
    personal_want = np.zeros(len(index.items), dtype=int)
    if wants:
        want_vectors = embeddings.embed([topic_text(w.text) for w in wants])
        by_want = np.einsum("ivd,wd->iwv", index.variants, want_vectors).max(axis=2)  # (items, wants)
        personal = by_want.max(axis=1)
        personal_want = by_want.argmax(axis=1)
    total = scores + PERSONAL_WEIGHT * np.clip(personal, 0, None)
    order = [int(i) for i in np.argsort(-total, kind="stable") if scores[i] >= CATEGORY_SEARCH_MIN_SIMILARITY]
    hits = []
    for row in order[:limit]:
        item = index.items[row]
        why = _why_relevant(query, query_vector, item, index)
        if wants and personal[row] >= REASON_MIN_SIMILARITY:
            why += f"; also close to {wants[personal_want[row]].described}"
        hits.append(
            CategoryHit(item.category, item.subcategory, round(float(min(max(total[row], 0.0), 1.0)), 3), why)
        )
    return hits


def _why_relevant(query: str, query_vector: np.ndarray, item: TaxonomyItem, index: TaxonomyIndex) -> str:
    asked = f"“{quoted(query, 60)}”"
    if item.subjects:
        rows = [index.subject_names.index(name) for name in item.subjects]
        similarity = index.subject_vectors[rows] @ query_vector
        best = int(similarity.argmax())
        if similarity[best] >= REASON_MIN_SIMILARITY:
            return f"Matches {asked} through its subject {item.subjects[best]}"
    return f"Matches {asked} by topic: {item.label}"
