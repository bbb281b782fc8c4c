"""learning's reads: the catalogue search, one opportunity, a learner's enrollments and paths.
Each list runs a fixed number of queries whatever the page holds."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Cast

from learning.errors import EnrollmentNotFound, LearningPathNotFound, OpportunityNotFound
from learning.models import (
    DIFFICULTY_RANK,
    LIVE_ENROLLMENT_STATUSES,
    Enrollment,
    EnrollmentStatus,
    LearningPath,
    Lesson,
    Milestone,
    MilestoneMentor,
    MilestoneOpportunity,
    Opportunity,
    OpportunityStatus,
)

SORTS = ("relevance", "newest", "rating", "popular", "price", "starts_at", "difficulty")


def _difficulty_rank():
    return Case(
        *[When(difficulty=name, then=Value(rank)) for name, rank in DIFFICULTY_RANK.items()],
        default=Value(0),
        output_field=IntegerField(),
    )


def _cards(queryset: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    return queryset.select_related("mentor__user", "category", "subcategory")


def _text_search(opportunities: QuerySet[Opportunity], q: str) -> QuerySet[Opportunity]:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        config = settings.LEARNING_SEARCH_CONFIG
        vector = (
            SearchVector("title", weight="A", config=config)
            + SearchVector("summary", weight="B", config=config)
            + SearchVector(Cast("tags", output_field=TextField()), weight="B", config=config)
            + SearchVector("description", weight="C", config=config)
        )
        query = SearchQuery(q, search_type="websearch", config=config)
        return opportunities.annotate(document=vector, relevance=SearchRank(vector, query)).filter(
            Q(document=query) | Q(title__icontains=q)
        )
    # SQLite: every word must appear in the title, summary, description or tags.
    for term in q.split():
        opportunities = opportunities.filter(
            Q(title__icontains=term)
            | Q(summary__icontains=term)
            | Q(description__icontains=term)
            | Q(tags__icontains=term)
        )
    return opportunities.annotate(
        relevance=Case(When(title__icontains=q, then=Value(2)), default=Value(1), output_field=IntegerField())
    )


def opportunity_search(
    *,
    type: list[str] | None = None,
    category_id=None,
    subcategory_id=None,
    subject_id=None,
    difficulty: list[str] | None = None,
    is_paid: bool | None = None,
    q: str = "",
    tags: list[str] | None = None,
    mentor_id=None,
    sort: str = "",
    **_: object,
) -> QuerySet[Opportunity]:
    """The public catalogue (API.md §6, GET /opportunities): published items matching every filter."""
    rows = Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED)
    if type:
        rows = rows.filter(type__in=type)
    if category_id:
        rows = rows.filter(category_id=category_id)
    if subcategory_id:
        rows = rows.filter(subcategory_id=subcategory_id)
    if subject_id:
        rows = rows.filter(subjects__id=subject_id)
    if difficulty:
        rows = rows.filter(difficulty__in=difficulty)
    if is_paid is True:
        rows = rows.filter(price__gt=0)
    elif is_paid is False:
        rows = rows.filter(Q(price__isnull=True) | Q(price=0))
    if mentor_id:
        rows = rows.filter(mentor_id=mentor_id)
    for tag in tags or []:
        # JSON lists are text on SQLite; the quoted tag matches a whole element on both databases.
        rows = rows.filter(tags__icontains=f'"{tag.lower()}"')
    q = (q or "").strip()
    if q:
        rows = _text_search(rows, q)
    sort = sort or ("relevance" if q else "newest")
    orders = {
        "relevance": [F("relevance").desc()] if q else [F("published_at").desc(nulls_last=True)],
        "newest": [F("published_at").desc(nulls_last=True)],
        "rating": [F("average_rating").desc(), F("rating_count").desc()],
        "popular": [F("enrollment_count").desc()],
        "price": [F("price").asc(nulls_first=True)],
        "starts_at": [F("starts_at").asc(nulls_last=True)],
        "difficulty": [_difficulty_rank().asc()],
    }
    return _cards(rows).order_by(*orders[sort], "pk")


def opportunity_get(*, opportunity_id, user=None) -> Opportunity:
    """One opportunity: published ones for anyone, drafts and archived ones for their author
    and staff (everyone else gets 404)."""
    opportunity = (
        _cards(Opportunity.objects.all())
        .prefetch_related(
            Prefetch("lessons", queryset=Lesson.objects.order_by("order", "created_at")), "subjects"
        )
        .filter(pk=opportunity_id)
        .first()
    )
    if opportunity is None:
        raise OpportunityNotFound()
    if opportunity.status != OpportunityStatus.PUBLISHED and not (
        _may_see_unpublished(user, opportunity) or _enrolled_in_archived(user, opportunity)
    ):
        raise OpportunityNotFound()
    return opportunity


def _enrolled_in_archived(user, opportunity: Opportunity) -> bool:
    """Archived items stay visible to the learners who enrolled."""
    return (
        opportunity.status == OpportunityStatus.ARCHIVED
        and user is not None
        and user.is_authenticated
        and Enrollment.objects.filter(user=user, opportunity=opportunity).exists()
    )


def _may_see_unpublished(user, opportunity: Opportunity) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_staff or (opportunity.mentor_id is not None and opportunity.mentor.user_id == user.pk)


def authored_by(*, user) -> QuerySet[Opportunity]:
    """What `user` authors (staff: everything), any status, newest first."""
    rows = Opportunity.objects.all() if user.is_staff else Opportunity.objects.filter(mentor__user=user)
    return _cards(rows).order_by("-created_at", "pk")


def enrollment_for(*, user, opportunity: Opportunity) -> Enrollment | None:
    if user is None or not user.is_authenticated:
        return None
    return (
        Enrollment.objects.filter(user=user, opportunity=opportunity)
        .exclude(status=EnrollmentStatus.CANCELLED)
        .first()
    )


def enrollment_list(*, user, status: list[str] | None = None, type: list[str] | None = None, **_: object):
    rows = Enrollment.objects.filter(user=user).select_related("opportunity", "current_lesson")
    if status:
        rows = rows.filter(status__in=status)
    else:
        rows = rows.exclude(status=EnrollmentStatus.CANCELLED)
    if type:
        rows = rows.filter(opportunity__type__in=type)
    return rows.order_by(F("last_accessed_at").desc(nulls_last=True), "-enrolled_at", "pk")


def enrollment_get(*, user, enrollment_id) -> Enrollment:
    enrollment = (
        Enrollment.objects.select_related("opportunity", "current_lesson")
        .filter(pk=enrollment_id, user=user)
        .first()
    )
    if enrollment is None:
        raise EnrollmentNotFound()
    return enrollment


def completed_lesson_ids(enrollment: Enrollment) -> set:
    return set(
        enrollment.lesson_progress.filter(completed_at__isnull=False).values_list("lesson_id", flat=True)
    )


def live_enrollment_count(opportunity: Opportunity) -> int:
    return Enrollment.objects.filter(opportunity=opportunity, status__in=LIVE_ENROLLMENT_STATUSES).count()


def path_list(*, user, status: list[str] | None = None, **_: object):
    rows = LearningPath.objects.filter(user=user).select_related("subcategory__parent")
    if status:
        rows = rows.filter(status__in=status)
    return rows.prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("step"))
    ).order_by("-created_at", "pk")


def path_get(*, user, path_id) -> LearningPath:
    path = (
        LearningPath.objects.select_related("subcategory__parent")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.select_related("subject").order_by("step")),
            Prefetch(
                "milestones__suggested_opportunities",
                queryset=MilestoneOpportunity.objects.select_related("opportunity__mentor__user").order_by(
                    "rank"
                ),
            ),
            Prefetch(
                "milestones__suggested_mentors",
                queryset=MilestoneMentor.objects.select_related("mentor__user").order_by("rank"),
            ),
        )
        .filter(pk=path_id, user=user)
        .first()
    )
    if path is None:
        raise LearningPathNotFound()
    return path


def lesson_get(*, user, opportunity_id, lesson_id):
    """A lesson's content: for learners with access (enrolled and paid), the author and staff."""
    from learning.models import ACTIVE_ENROLLMENT_STATUSES

    opportunity = opportunity_get(opportunity_id=opportunity_id, user=user)
    lesson = Lesson.objects.filter(opportunity=opportunity, pk=lesson_id).first()
    if lesson is None:
        raise OpportunityNotFound("Lesson not found.")
    enrollment = Enrollment.objects.filter(
        user=user, opportunity=opportunity, status__in=ACTIVE_ENROLLMENT_STATUSES
    ).first()
    if enrollment is None and not _may_see_unpublished(user, opportunity):
        raise OpportunityNotFound("Lesson not found.")
    lesson.completed = bool(
        enrollment and enrollment.lesson_progress.filter(lesson=lesson, completed_at__isnull=False).exists()
    )
    return lesson
