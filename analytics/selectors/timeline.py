"""A learner's activity timeline (API.md §9, GET /analytics/me/activity): every type API.md lists,
from the caller's own rows only, as one UNION ALL (analytics.selectors.unions) so a page costs
two queries however many sources feed it."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce, NullIf

from analytics.selectors import unions
from analytics.selectors.staff import day_range
from analytics.selectors.unions import person_name, text
from bookings.models import Booking, BookingStatus, Review
from bookings.models.reviews import ReviewDirection
from community.models.groups import GroupMembership, MembershipStatus, Post
from learning.models import AchievementAward, Certificate, Enrollment, EnrollmentStatus, Milestone

TIMELINE_TYPES = (
    "session_booked",
    "session_completed",
    "milestone_completed",
    "achievement_unlocked",
    "course_completed",
    "certificate_issued",
    "review_given",
    "review_received",
    "group_joined",
    "post_created",
)
# a_id: the thing's id; a_title: what it is called; a_detail: one more fact (who with, the
# rating, the rarity); a_at: when it happened.
COLUMNS = ("a_type", "a_id", "a_title", "a_detail", "a_at")


def _session_title(prefix: str = ""):
    return Coalesce(
        NullIf(F(f"{prefix}topic"), text("")),
        F(f"{prefix}subject__name"),
        F(f"{prefix}category__name"),
        text("Session"),
    )


def _part(rows, kind: str, *, at: str, **values):
    return unions.union_part(rows, kind, COLUMNS, a_at=F(at), **values)


def _sources(user) -> dict[str, object]:
    """Each type's rows of `user`, keyed by type (lazily built querysets: nothing runs here)."""
    learner_or_mentor = Q(learner=user) | Q(mentor__user=user)
    return {
        "session_booked": lambda: _part(
            Booking.objects.filter(learner=user),
            "session_booked",
            at="created_at",
            a_id=F("pk"),
            a_title=_session_title(),
            a_detail=person_name("mentor__user__"),
        ),
        "session_completed": lambda: _part(
            Booking.objects.filter(
                learner_or_mentor, status=BookingStatus.COMPLETED, completed_at__isnull=False
            ),
            "session_completed",
            at="completed_at",
            a_id=F("pk"),
            a_title=_session_title(),
            # The other party: the mentor for the learner, the learner for the mentor.
            a_detail=Case(
                When(learner=user, then=person_name("mentor__user__")),
                default=person_name("learner__"),
            ),
        ),
        "milestone_completed": lambda: _part(
            Milestone.objects.filter(path__user=user, completed_at__isnull=False),
            "milestone_completed",
            at="completed_at",
            a_id=F("pk"),
            a_title=F("title"),
            a_detail=F("path__subcategory__name"),
        ),
        "achievement_unlocked": lambda: _part(
            AchievementAward.objects.filter(user=user),
            "achievement_unlocked",
            at="earned_at",
            a_id=F("pk"),
            a_title=F("achievement__name"),
            a_detail=F("achievement__rarity"),
        ),
        "course_completed": lambda: _part(
            Enrollment.objects.filter(
                user=user, status=EnrollmentStatus.COMPLETED, completed_at__isnull=False
            ),
            "course_completed",
            at="completed_at",
            a_id=F("pk"),
            a_title=F("opportunity__title"),
            a_detail=F("opportunity__type"),
        ),
        "certificate_issued": lambda: _part(
            Certificate.objects.filter(user=user, revoked_at__isnull=True),
            "certificate_issued",
            at="issued_at",
            a_id=F("pk"),
            a_title=F("opportunity_title"),
            a_detail=F("verification_code"),
        ),
        "review_given": lambda: _part(
            Review.objects.filter(reviewer=user),
            "review_given",
            at="created_at",
            a_id=F("pk"),
            a_title=_session_title("booking__"),
            a_detail=F("rating"),
        ),
        # Reviews about the user: as a mentor (public ones) and as a learner (mentors' notes).
        "review_received": lambda: _part(
            Review.objects.filter(
                Q(direction=ReviewDirection.LEARNER_TO_MENTOR, mentor__user=user)
                | Q(direction=ReviewDirection.MENTOR_TO_LEARNER, booking__learner=user)
            ).exclude(reviewer=user),
            "review_received",
            at="created_at",
            a_id=F("pk"),
            a_title=_session_title("booking__"),
            a_detail=F("rating"),
        ),
        "group_joined": lambda: _part(
            GroupMembership.objects.filter(
                user=user, status=MembershipStatus.ACTIVE, joined_at__isnull=False
            ),
            "group_joined",
            at="joined_at",
            a_id=F("group_id"),
            a_title=F("group__name"),
            a_detail=F("role"),
        ),
        # Posts that still stand (a deleted one is gone for everyone, its author included).
        "post_created": lambda: _part(
            Post.objects.filter(author=user, deleted_at__isnull=True),
            "post_created",
            at="created_at",
            a_id=F("pk"),
            a_title=F("title"),
            a_detail=F("group__name"),
        ),
    }


def activity_for(
    *,
    user,
    zone: ZoneInfo,
    type: list[str] | None = None,  # noqa: A002 - the API's parameter name
    first: date | None = None,
    last: date | None = None,
):
    """The user's timeline, newest first; `first`/`last` are days in `zone`, both included."""
    since = day_range(zone=zone, first=first, last=first)[0] if first else None
    until = day_range(zone=zone, first=last, last=last)[1] if last else None
    parts = []
    for kind, build in _sources(user).items():
        if type and kind not in type:
            continue
        part = build()
        if since is not None:
            part = part.filter(a_at__gte=since)
        if until is not None:
            part = part.filter(a_at__lt=until)
        parts.append(part)
    return unions.union_of(parts, newest="a_at", then=("a_type", "a_id"))
