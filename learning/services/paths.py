"""Learning paths: an ordered plan of milestones generated from the taxonomy and the catalogue
(API.md §6). A path for a subcategory takes its subjects at rising difficulty, and for each step
the embeddings rank which published opportunities and approved mentors fit it best."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import numpy as np
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import ValidationFailed
from core.locks import busy_as_error
from learning.errors import LearningPathNotFound, MilestoneOutOfOrder, PathConflict
from learning.models import (
    DIFFICULTY_RANK,
    Difficulty,
    LearningPath,
    Milestone,
    MilestoneMentor,
    MilestoneOpportunity,
    Opportunity,
    OpportunityStatus,
    OpportunityType,
    PathStatus,
)
from learning.services.recommend import vectors_for
from learning.signals import milestone_completed
from mentors.matching import embeddings
from mentors.matching.profiles import mentor_embeddings_refresh
from mentors.models import Category, MentorEmbedding, MentorProfile, Subject

SUGGESTIONS_PER_STEP = 3
SUBJECTS_PER_LEVEL = 3
DEFAULT_STEP_HOURS = Decimal("4.0")
VERBS = {
    Difficulty.BEGINNER: ("Foundations of {topic}", "Learn the core ideas and vocabulary of {topic}."),
    Difficulty.INTERMEDIATE: ("Practise {topic}", "Apply {topic} to real problems, with feedback."),
    Difficulty.ADVANCED: ("Master {topic}", "Go deep into advanced {topic} and teach it back."),
}


@dataclass
class Step:
    title: str
    description: str
    difficulty: str
    subject: Subject | None
    opportunities: list[tuple[Opportunity, float]] = field(default_factory=list)
    mentors: list[tuple[MentorProfile, float]] = field(default_factory=list)


def _plan(subcategory: Category) -> list[Step]:
    subjects = list(Subject.objects.filter(subcategory=subcategory, is_active=True).order_by("name"))
    topics: list[tuple[str, Subject | None]] = [(s.name, s) for s in subjects] or [(subcategory.name, None)]
    steps: list[Step] = []
    for level in (Difficulty.BEGINNER, Difficulty.INTERMEDIATE, Difficulty.ADVANCED):
        chosen = topics[:SUBJECTS_PER_LEVEL] if level != Difficulty.ADVANCED else topics[:1]
        for name, subject in chosen:
            title, description = VERBS[level]
            steps.append(Step(title.format(topic=name), description.format(topic=name), level, subject))
    steps.append(
        Step(
            f"Capstone: a {subcategory.name} project",
            f"Bring the steps together in one project you can show, reviewed by a mentor in {subcategory.name}.",
            Difficulty.ADVANCED,
            None,
        )
    )
    return steps


def _rank(steps: list[Step], subcategory: Category) -> None:
    """The embeddings pick, for each step, the closest opportunities (near its difficulty) and
    the closest approved mentors of the category."""
    opportunities = list(
        Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED, category_id=subcategory.parent_id)
        .exclude(type=OpportunityType.JOB)
        .select_related("category", "subcategory", "mentor__user")
    )
    mentors = list(
        MentorProfile.objects.bookable()
        .filter(categories__in=[subcategory.pk, subcategory.parent_id])
        .distinct()
    )
    if not opportunities and not mentors:
        return
    step_vectors = embeddings.embed([f"{step.title}. {step.description}" for step in steps])
    if opportunities:
        vectors = vectors_for(opportunities)
        similarity = step_vectors @ vectors.T
        for i, step in enumerate(steps):
            scored = []
            for j, opportunity in enumerate(opportunities):
                score = float(similarity[i, j])
                gap = abs(DIFFICULTY_RANK.get(opportunity.difficulty, 1) - DIFFICULTY_RANK[step.difficulty])
                score -= 0.1 * gap
                if opportunity.subcategory_id == subcategory.pk:
                    score += 0.1
                scored.append((opportunity, score))
            scored.sort(key=lambda pair: (-pair[1], str(pair[0].pk)))
            step.opportunities = scored[:SUGGESTIONS_PER_STEP]
    if mentors:
        ids = [m.pk for m in mentors]
        vectors = MentorEmbedding.objects.filter(mentor_id__in=ids)
        fresh = dict(vectors.values_list("mentor_id", "vector"))
        missing = [pk for pk in ids if pk not in fresh]
        if missing:
            mentor_embeddings_refresh(mentor_ids=missing)
            fresh = dict(vectors.values_list("mentor_id", "vector"))
        usable = [(m, embeddings.from_bytes(fresh.get(m.pk))) for m in mentors]
        usable = [(m, v) for m, v in usable if v is not None]
        if usable:
            matrix = np.stack([v for _, v in usable])
            similarity = step_vectors @ matrix.T
            for i, step in enumerate(steps):
                scored = [(usable[j][0], float(similarity[i, j])) for j in range(len(usable))]
                scored.sort(key=lambda pair: (-pair[1], str(pair[0].pk)))
                step.mentors = scored[:SUGGESTIONS_PER_STEP]


def _hours(step: Step) -> Decimal:
    minutes = [o.duration_minutes for o, _ in step.opportunities[:1] if o.duration_minutes]
    return (Decimal(minutes[0]) / 60).quantize(Decimal("0.1")) if minutes else DEFAULT_STEP_HOURS


def path_create(*, user, subcategory_id) -> LearningPath:
    """A new active path for a subcategory (409 if one is active already)."""
    subcategory = Category.objects.filter(pk=subcategory_id, parent__isnull=False, is_active=True).first()
    if subcategory is None:
        raise ValidationFailed.for_field("subcategory_id", "Choose a subcategory (not a top-level category).")
    if LearningPath.objects.filter(user=user, subcategory=subcategory, status=PathStatus.ACTIVE).exists():
        raise PathConflict()
    # The model runs outside the transaction: it must never hold a lock.
    steps = _plan(subcategory)
    _rank(steps, subcategory)
    try:
        with transaction.atomic():
            path = LearningPath.objects.create(user=user, subcategory=subcategory, total_steps=len(steps))
            for number, step in enumerate(steps, start=1):
                milestone = Milestone.objects.create(
                    path=path,
                    step=number,
                    title=step.title[:200],
                    description=step.description,
                    subject=step.subject,
                    difficulty=step.difficulty,
                    estimated_duration_hours=_hours(step),
                )
                MilestoneOpportunity.objects.bulk_create(
                    MilestoneOpportunity(milestone=milestone, opportunity=o, rank=r, score=s)
                    for r, (o, s) in enumerate(step.opportunities, start=1)
                )
                MilestoneMentor.objects.bulk_create(
                    MilestoneMentor(milestone=milestone, mentor=m, rank=r, score=s)
                    for r, (m, s) in enumerate(step.mentors, start=1)
                )
    except IntegrityError:  # a racing request created the active path first
        raise PathConflict() from None
    return path


@dataclass
class MilestoneResult:
    milestone: Milestone
    path: LearningPath
    points_earned: int
    achievements_unlocked: list


def milestone_complete(*, path_id, user, step: int, now: datetime | None = None) -> MilestoneResult:
    """Completes the current step; any other step is 409 (API.md §6). Receivers of
    milestone_completed (rewards) run in this transaction; what they return as
    {"achievements_unlocked": [...]} is handed back to the caller."""
    now = now or timezone.now()
    with transaction.atomic(), busy_as_error():
        path = LearningPath.objects.select_for_update().filter(pk=path_id, user=user).first()
        if path is None:
            raise LearningPathNotFound()
        if path.status != PathStatus.ACTIVE:
            raise MilestoneOutOfOrder("This learning path is not active.", details={"status": path.status})
        if step != path.current_step:
            raise MilestoneOutOfOrder(
                f"Complete step {path.current_step} first.",
                details={"step": step, "current_step": path.current_step},
            )
        milestone = path.milestones.get(step=step)
        milestone.completed_at = now
        milestone.save(update_fields=["completed_at"])
        path.current_step += 1
        if path.current_step > path.total_steps:
            path.status = PathStatus.COMPLETED
            path.completed_at = now
        path.save(update_fields=["current_step", "status", "completed_at"])
        milestone.path = path
        unlocked: list = []
        for _, response in milestone_completed.send(sender=Milestone, milestone=milestone):
            if isinstance(response, dict):
                unlocked.extend(response.get("achievements_unlocked", []))
    return MilestoneResult(
        milestone=milestone, path=path, points_earned=milestone.points, achievements_unlocked=unlocked
    )


def path_abandon(*, path_id, user, now: datetime | None = None) -> LearningPath:
    now = now or timezone.now()
    with transaction.atomic(), busy_as_error():
        path = LearningPath.objects.select_for_update().filter(pk=path_id, user=user).first()
        if path is None:
            raise LearningPathNotFound()
        if path.status == PathStatus.ACTIVE:
            path.status = PathStatus.ABANDONED
            path.abandoned_at = now
            path.save(update_fields=["status", "abandoned_at"])
    return path
