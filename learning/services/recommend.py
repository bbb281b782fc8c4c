"""Opportunity embeddings and recommendations, with the MiniLM model the project ships
(mentors.matching.embeddings): vectors stored on the row, ranked in process."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from learning.models import (
    DIFFICULTY_RANK,
    LIVE_ENROLLMENT_STATUSES,
    Enrollment,
    LearningPath,
    MilestoneOpportunity,
    Opportunity,
    OpportunityStatus,
    PathStatus,
)
from mentors.matching import embeddings
from mentors.matching.learners import learner_wants, topic_text


def opportunity_text(opportunity: Opportunity) -> str:
    parts = [opportunity.title, opportunity.summary, " ".join(opportunity.tags or [])]
    parts.append(opportunity.category.name if opportunity.category_id else "")
    if opportunity.subcategory_id:
        parts.append(opportunity.subcategory.name)
    parts.append((opportunity.description or "")[:600])
    return ". ".join(part for part in parts if part)


def _digest(text: str) -> str:
    return hashlib.sha256(f"{embeddings.MODEL_ID}\n{text}".encode()).hexdigest()


def opportunity_embeddings_refresh(*, opportunity_ids: Iterable | None = None) -> int:
    """Embeds the opportunities whose text changed since their vector was made; returns how many."""
    rows = Opportunity.objects.select_related("category", "subcategory")
    if opportunity_ids is not None:
        rows = rows.filter(pk__in=list(opportunity_ids))
    stale = []
    for opportunity in rows:
        text = opportunity_text(opportunity)
        digest = _digest(text)
        if opportunity.embedding is None or opportunity.embedding_digest != digest:
            stale.append((opportunity.pk, text, digest))
    if not stale:
        return 0
    vectors = embeddings.embed([text for _, text, _ in stale])
    for (pk, _, digest), vector in zip(stale, vectors, strict=True):
        # update(): no save signals, and updated_at keeps saying when the author last edited it.
        Opportunity.objects.filter(pk=pk).update(
            embedding=embeddings.to_bytes(vector), embedding_digest=digest
        )
    return len(stale)


def vectors_for(opportunities: list[Opportunity]) -> np.ndarray:
    """One vector per opportunity (computed and stored for those that have none yet)."""
    missing = [o.pk for o in opportunities if embeddings.from_bytes(o.embedding) is None]
    if missing:
        opportunity_embeddings_refresh(opportunity_ids=missing)
        fresh = dict(Opportunity.objects.filter(pk__in=missing).values_list("pk", "embedding"))
        for opportunity in opportunities:
            if opportunity.pk in fresh:
                opportunity.embedding = fresh[opportunity.pk]
    if not opportunities:
        return np.zeros((0, embeddings.DIMENSIONS), dtype=np.float32)
    return np.stack([embeddings.from_bytes(o.embedding) for o in opportunities])


@dataclass
class Recommendation:
    opportunity: Opportunity
    match_score: float
    reason: str
    learning_path_fit: dict | None


def recommend_for(*, user, limit: int = 10) -> list[Recommendation]:
    """Published opportunities the learner has not enrolled in, ranked by how close they are to
    the learner's stated goals, interests and skills; an opportunity suggested for a step of an
    active learning path (or in its subcategory) is lifted and says so."""
    enrolled = Enrollment.objects.filter(user=user, status__in=LIVE_ENROLLMENT_STATUSES).values(
        "opportunity_id"
    )
    candidates = list(
        Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED)
        .exclude(pk__in=enrolled)
        .exclude(mentor__user=user)
        .select_related("mentor__user", "category", "subcategory")
    )
    if not candidates:
        return []
    paths = list(
        LearningPath.objects.filter(user=user, status=PathStatus.ACTIVE).select_related("subcategory")
    )
    fits: dict = {}
    for suggestion in MilestoneOpportunity.objects.filter(
        milestone__path__in=paths, milestone__completed_at__isnull=True
    ).select_related("milestone__path__subcategory"):
        fits.setdefault(
            suggestion.opportunity_id,
            {
                "learning_path_id": suggestion.milestone.path_id,
                "subcategory_name": suggestion.milestone.path.subcategory.name,
                "step": suggestion.milestone.step,
                "milestone_title": suggestion.milestone.title,
            },
        )
    path_subcategories = {path.subcategory_id: path for path in paths}
    wants = learner_wants(user)
    vectors = vectors_for(candidates)
    if wants:
        want_vectors = embeddings.embed([topic_text(w.text) for w in wants])
        similarity = vectors @ want_vectors.T  # (candidates, wants)
        best = similarity.argmax(axis=1)
        scores = similarity.max(axis=1)
    else:
        best = np.zeros(len(candidates), dtype=int)
        scores = np.zeros(len(candidates), dtype=np.float32)
    results = []
    for index, opportunity in enumerate(candidates):
        score = float(scores[index])
        fit = fits.get(opportunity.pk)
        if fit is None and opportunity.subcategory_id in path_subcategories:
            path = path_subcategories[opportunity.subcategory_id]
            fit = {
                "learning_path_id": path.pk,
                "subcategory_name": path.subcategory.name,
                "step": None,
                "milestone_title": None,
            }
        if fit is not None:
            score += 0.15 if fit["step"] is not None else 0.08
        score += float(opportunity.average_rating or 0) / 100
        reasons = []
        if wants and scores[index] > 0.2:
            reasons.append(f"Close to {wants[int(best[index])].described}")
        if fit is not None and fit["step"] is not None:
            reasons.append(f"Suggested for step {fit['step']} of your {fit['subcategory_name']} path")
        elif fit is not None:
            reasons.append(f"In the subject of your {fit['subcategory_name']} path")
        if opportunity.rating_count:
            reasons.append(f"Rated {opportunity.average_rating}/5 by {opportunity.rating_count} learners")
        if not reasons:
            reasons.append(f"Popular in {opportunity.category.name}")
        results.append(
            Recommendation(
                opportunity=opportunity,
                match_score=round(max(0.0, min(score, 1.0)) * 100, 1),
                reason="; ".join(reasons) + ".",
                learning_path_fit=fit,
            )
        )
    results.sort(
        key=lambda r: (
            -r.match_score,
            DIFFICULTY_RANK.get(r.opportunity.difficulty, 0),
            str(r.opportunity.pk),
        )
    )
    return results[:limit]
