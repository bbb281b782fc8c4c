"""Vectors kept in process: the taxonomy's (rebuilt when it changes) and short free-text phrases."""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from mentors.matching import embeddings
from mentors.models import Category, Subject


@dataclass(frozen=True)
class TaxonomyItem:
    category: Category  # the top-level category
    subcategory: Category | None
    subjects: tuple[str, ...]

    @property
    def node(self) -> Category:
        return self.subcategory or self.category

    @property
    def label(self) -> str:
        return f"{self.category.name} › {self.subcategory.name}" if self.subcategory else self.category.name


@dataclass
class TaxonomyIndex:
    fingerprint: str
    items: list[TaxonomyItem]
    # One row per item and way of saying it (name; name in its parent; description and
    # subjects): a query is scored against the best of the three.
    variants: np.ndarray  # (items, 3, 384)
    node_rows: dict[uuid.UUID, int]  # category id -> row in items
    subject_ids: list[uuid.UUID]
    subject_names: list[str]
    subject_vectors: np.ndarray  # (subjects, 384)
    subject_rows: dict[uuid.UUID, int] = field(default_factory=dict)


_taxonomy: TaxonomyIndex | None = None
_taxonomy_lock = threading.Lock()


def _taxonomy_rows() -> tuple[list[Category], list[Subject], str]:
    categories = list(Category.objects.filter(is_active=True).order_by("sort_order", "name"))
    subjects = list(Subject.objects.filter(is_active=True).order_by("name"))
    signature = "|".join(
        [f"{c.pk}:{c.parent_id}:{c.name}:{c.description}" for c in categories]
        + [f"{s.pk}:{s.category_id}:{s.subcategory_id}:{s.name}:{s.description}" for s in subjects]
    )
    return categories, subjects, hashlib.sha256(signature.encode()).hexdigest()


def taxonomy_index() -> TaxonomyIndex:
    """The vectors of every active category, subcategory and subject.

    Two queries on each call (to notice an edit made through any process); the model runs only
    when that fingerprint changed, which after the first call of a process is almost never.
    """
    global _taxonomy
    categories, subjects, fingerprint = _taxonomy_rows()
    index = _taxonomy
    if index is not None and index.fingerprint == fingerprint:
        return index
    with _taxonomy_lock:
        if _taxonomy is not None and _taxonomy.fingerprint == fingerprint:
            return _taxonomy
        _taxonomy = _build_taxonomy(categories, subjects, fingerprint)
        return _taxonomy


def _build_taxonomy(categories: list[Category], subjects: list[Subject], fingerprint: str) -> TaxonomyIndex:
    tops = {c.pk: c for c in categories if c.parent_id is None}
    subjects_of: dict[uuid.UUID, list[str]] = {}
    for subject in subjects:
        subjects_of.setdefault(subject.subcategory_id or subject.category_id, []).append(subject.name)
    items: list[TaxonomyItem] = []
    texts: list[str] = []
    for top in tops.values():
        children = [c.name for c in categories if c.parent_id == top.pk]
        items.append(TaxonomyItem(top, None, tuple(subjects_of.get(top.pk, []))))
        texts += [top.name, top.name, f"{top.name}: {top.description} {', '.join(children)}".strip()]
    for sub in categories:
        if sub.parent_id is None or sub.parent_id not in tops:
            continue
        parent = tops[sub.parent_id]
        names = tuple(subjects_of.get(sub.pk, []))
        items.append(TaxonomyItem(parent, sub, names))
        detail = ", ".join(names) if names else sub.description or f"{sub.name} within {parent.name}"
        texts += [sub.name, f"{sub.name} in {parent.name}", f"{sub.name}: {detail}"]
    vectors = embeddings.embed(texts + [s.name for s in subjects])
    count = len(items) * 3
    index = TaxonomyIndex(
        fingerprint=fingerprint,
        items=items,
        variants=vectors[:count].reshape(len(items), 3, embeddings.DIMENSIONS),
        node_rows={item.node.pk: row for row, item in enumerate(items)},
        subject_ids=[s.pk for s in subjects],
        subject_names=[s.name for s in subjects],
        subject_vectors=vectors[count:],
    )
    index.subject_rows = {pk: row for row, pk in enumerate(index.subject_ids)}
    return index


# Skill names and mentor titles are free text: embed them on demand and keep the most recently
# used ones. The lock keeps web threads from evicting while another reads.
_phrase_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_phrase_lock = threading.Lock()
_PHRASE_CACHE_SIZE = 4096


def phrase_vectors(phrases: Sequence[str]) -> np.ndarray:
    """One vector per phrase, in order; only phrases not seen lately run through the model."""
    if not phrases:
        return np.zeros((0, embeddings.DIMENSIONS), dtype=np.float32)
    with _phrase_lock:
        found = {p: _phrase_cache[p] for p in phrases if p in _phrase_cache}
        for phrase in found:
            _phrase_cache.move_to_end(phrase)
    missing = sorted(set(phrases) - set(found))
    if missing:
        fresh = dict(zip(missing, embeddings.embed(missing), strict=True))
        found.update(fresh)
        with _phrase_lock:
            _phrase_cache.update(fresh)
            while len(_phrase_cache) > _PHRASE_CACHE_SIZE:
                _phrase_cache.popitem(last=False)
    return np.stack([found[p] for p in phrases])
