"""A person's own figures (API.md §9): the learner dashboard and a mentor's statistics. Every
query here is filtered by the caller (their bookings, enrollments, paths, points, payments and
messages), so nobody else's rows can ever enter a figure.

Months and "this month" are the caller's own, in their time zone.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from analytics.models.dashboards import ProfileViewDay
from analytics.selectors.staff import NEVER_HELD, _month_key, month_starts
from bookings.models import Booking, BookingStatus, Review
from bookings.models.reviews import ReviewDirection
from community.models.groups import Group, GroupMembership, GroupVisibility, MembershipStatus
from core.timezones import user_zone
from learning.models import (
    Enrollment,
    EnrollmentStatus,
    LearningPath,
    Milestone,
    MilestoneMentor,
    PathStatus,
)
from learning.selectors_rewards import standing_for
from mentors.models import MentorProfile, MentorStatus
from messaging.models import Conversation, Message
from payments.selectors import earnings_balances, earnings_this_month

# How far back the conversion and reply-time figures look.
RECENT_DAYS = 30
REPLY_WINDOW_DAYS = 90
TREND_MONTHS = 6


def _hours(minutes: int | None) -> str:
    return f"{(Decimal(minutes or 0) / 60).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}"


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _avg(value) -> float | None:
    return None if value is None else round(float(value), 2)


# --- learner dashboard ------------------------------------------------------------------------


def next_steps_for(*, user) -> list[dict[str, Any]]:
    """Real suggestions from the learner's own path: the next milestone of each active path (the
    newest path first), a mentor the path's recommendations ranked first for it, and a community
    group of the newest path's subject area. Three queries."""
    milestones = list(
        Milestone.objects.filter(
            path__user=user,
            path__status=PathStatus.ACTIVE,
            completed_at__isnull=True,
        )
        .select_related("path__subcategory")
        .order_by("-path__created_at", "step")
    )
    nexts, seen = [], set()
    for milestone in milestones:
        if milestone.path_id in seen:
            continue
        seen.add(milestone.path_id)
        nexts.append(milestone)
    steps: list[dict[str, Any]] = []
    for milestone in nexts[:3]:
        steps.append(
            {
                "type": "milestone",
                "title": milestone.title,
                "detail": f"Step {milestone.step} of your {milestone.path.subcategory.name} path",
                "id": str(milestone.pk),
                "path_id": str(milestone.path_id),
            }
        )
    if nexts:
        suggested = (
            MilestoneMentor.objects.filter(
                milestone__in=nexts[:3],
                mentor__status=MentorStatus.APPROVED,
                mentor__user__is_active=True,
                mentor__user__deleted_at__isnull=True,
            )
            .select_related("mentor__user", "milestone")
            .order_by("milestone__path__created_at", "rank")
            .first()
        )
        if suggested is not None:
            mentor = suggested.mentor
            steps.append(
                {
                    "type": "mentor",
                    "title": mentor.user.full_name or mentor.title or "A mentor",
                    "detail": f"Recommended for “{suggested.milestone.title}”",
                    "id": str(mentor.pk),
                    "path_id": str(suggested.milestone.path_id),
                }
            )
        group = group_on_path(user=user, path=nexts[0].path)
        if group is not None:
            steps.append(
                {
                    "type": "group",
                    "title": group.name,
                    "detail": f"A community group on {nexts[0].path.subcategory.name}, "
                    f"{group.member_count} member{'s' if group.member_count != 1 else ''}",
                    "id": str(group.pk),
                    "path_id": str(nexts[0].path_id),
                }
            )
    return steps


def group_on_path(*, user, path):
    """The busiest open public group of the path's subject area (its subcategory, or the category
    above it) the learner is not in or waiting for yet."""
    subcategory = path.subcategory
    areas = [subcategory.pk] + ([subcategory.parent_id] if subcategory.parent_id else [])
    mine = GroupMembership.objects.filter(
        user=user, status__in=(MembershipStatus.ACTIVE, MembershipStatus.PENDING)
    ).values("group_id")
    return (
        Group.objects.filter(
            category_id__in=areas, visibility=GroupVisibility.PUBLIC, archived_at__isnull=True
        )
        .exclude(pk__in=mine)
        .order_by("-member_count", "name")
        .first()
    )


def learner_dashboard(*, user, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    zone = user_zone(user)
    sessions = Booking.objects.filter(learner=user, status=BookingStatus.COMPLETED).aggregate(
        count=Count("pk"), minutes=Sum("duration_minutes")
    )
    enrollments = Enrollment.objects.filter(user=user).aggregate(
        completed=Count("pk", filter=Q(status=EnrollmentStatus.COMPLETED)),
        started=Count(
            "pk",
            filter=Q(
                status__in=(
                    EnrollmentStatus.ENROLLED,
                    EnrollmentStatus.IN_PROGRESS,
                    EnrollmentStatus.COMPLETED,
                    EnrollmentStatus.DROPPED,
                )
            ),
        ),
        lesson_minutes=Sum(
            "total_time_spent_minutes",
            filter=Q(
                status__in=(
                    EnrollmentStatus.ENROLLED,
                    EnrollmentStatus.IN_PROGRESS,
                    EnrollmentStatus.COMPLETED,
                )
            ),
        ),
    )
    active_paths = LearningPath.objects.filter(user=user, status=PathStatus.ACTIVE).count()
    rating = Review.objects.filter(reviewer=user, direction=ReviewDirection.LEARNER_TO_MENTOR).aggregate(
        avg=Avg("rating")
    )["avg"]
    standing = standing_for(user=user, now=now)
    body: dict[str, Any] = {
        "overview": {
            "total_sessions": sessions["count"],
            "total_hours_learned": _hours((sessions["minutes"] or 0) + (enrollments["lesson_minutes"] or 0)),
            "courses_completed": enrollments["completed"],
            "current_streak_days": standing.current_streak_days,
            "total_points": standing.total_points,
            "level": standing.level,
        },
        "learning_progress": {
            "active_paths": active_paths,
            "completion_rate": _rate(enrollments["completed"], enrollments["started"]),
            "average_session_rating": _avg(rating),
        },
        "earnings": None,
        "recommendations": {"next_steps": next_steps_for(user=user)},
    }
    profile = MentorProfile.objects.filter(user=user).first()
    if profile is not None:
        this_month = earnings_this_month(mentor=profile, zone=zone, now=now)
        given = Booking.objects.filter(mentor=profile, status=BookingStatus.COMPLETED).count()
        body["earnings"] = {
            "this_month": [{"amount": total, "currency": currency} for currency, total in this_month.items()],
            "total_sessions_given": given,
            "average_rating": _avg(profile.average_rating) if profile.total_reviews else None,
        }
    return body


# --- mentor statistics ------------------------------------------------------------------------


@dataclass
class ReplyTimes:
    median_minutes: float | None
    answered: int
    unanswered: int


def first_reply_times(*, user, now: datetime) -> ReplyTimes:
    """For each conversation someone opened with the mentor in the last REPLY_WINDOW_DAYS: the
    time from their first message to the mentor's first answer after it. One query."""
    since = now - timedelta(days=REPLY_WINDOW_DAYS)
    first_in = (
        Message.objects.filter(conversation=OuterRef("pk"), recipient=user)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    first_out = (
        Message.objects.filter(conversation=OuterRef("pk"), sender=user, created_at__gt=OuterRef("first_in"))
        .order_by("created_at")
        .values("created_at")[:1]
    )
    rows = (
        Conversation.objects.filter(Q(user_low=user) | Q(user_high=user))
        .annotate(first_in=Subquery(first_in))
        .filter(first_in__gte=since)
        .annotate(first_out=Subquery(first_out))
        .values_list("first_in", "first_out")
    )
    waits, unanswered = [], 0
    for asked, answered in rows:
        if answered is None:
            unanswered += 1
        else:
            waits.append((answered - asked).total_seconds() / 60)
    return ReplyTimes(
        median_minutes=round(statistics.median(waits), 1) if waits else None,
        answered=len(waits),
        unanswered=unanswered,
    )


def mentor_stats(*, profile: MentorProfile, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    user = profile.user
    zone = user_zone(user)
    held = Booking.objects.filter(mentor=profile).exclude(status__in=NEVER_HELD)
    sessions = held.aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=Q(status=BookingStatus.COMPLETED)),
        cancelled=Count("pk", filter=Q(status=BookingStatus.CANCELLED)),
        no_show_learner=Count("pk", filter=Q(status=BookingStatus.NO_SHOW_LEARNER)),
        no_show_mentor=Count("pk", filter=Q(status=BookingStatus.NO_SHOW_MENTOR)),
        upcoming=Count("pk", filter=Q(status__in=(BookingStatus.PENDING, BookingStatus.CONFIRMED))),
        minutes=Sum("duration_minutes", filter=Q(status=BookingStatus.COMPLETED)),
    )

    reviews = Review.objects.filter(mentor=profile, direction=ReviewDirection.LEARNER_TO_MENTOR)
    overall = reviews.aggregate(avg=Avg("rating"), count=Count("pk"))
    distribution = {str(star): 0 for star in range(1, 6)}
    for row in reviews.values("rating").annotate(n=Count("pk")).order_by():
        distribution[str(row["rating"])] = row["n"]
    starts = month_starts(zone=zone, months=TREND_MONTHS, now=now)
    monthly = {
        _month_key(row["month"], zone): row
        for row in reviews.filter(created_at__gte=starts[0])
        .annotate(month=TruncMonth("created_at", tzinfo=zone))
        .values("month")
        .annotate(avg=Avg("rating"), n=Count("pk"))
        .order_by()
    }
    trend = []
    for first in starts:
        label = _month_key(first, zone)
        found = monthly.get(label)
        trend.append(
            {
                "month": label,
                "average_rating": _avg(found["avg"]) if found else None,
                "reviews": found["n"] if found else 0,
            }
        )
    recent = reviews.filter(created_at__gte=now - timedelta(days=90)).aggregate(avg=Avg("rating"))["avg"]
    earlier = reviews.filter(
        created_at__gte=now - timedelta(days=180), created_at__lt=now - timedelta(days=90)
    ).aggregate(avg=Avg("rating"))["avg"]

    learners = (
        Booking.objects.filter(mentor=profile, status=BookingStatus.COMPLETED)
        .values("learner_id")
        .annotate(n=Count("pk"))
        .order_by()
        .aggregate(all=Count("learner_id"), repeat=Count("learner_id", filter=Q(n__gte=2)))
    )

    since = now - timedelta(days=RECENT_DAYS)
    views = (
        ProfileViewDay.objects.filter(
            mentor=profile, day__gt=(now - timedelta(days=RECENT_DAYS)).date()
        ).aggregate(n=Sum("views"))["n"]
        or 0
    )
    booked = (
        Booking.objects.filter(mentor=profile, created_at__gte=since)
        .exclude(status=BookingStatus.EXPIRED)
        .count()
    )
    replies = first_reply_times(user=user, now=now)
    earnings = earnings_balances(mentor=profile, now=now)

    return {
        "sessions": {
            "total": sessions["total"],
            "completed": sessions["completed"],
            "cancelled": sessions["cancelled"],
            "no_show": sessions["no_show_learner"] + sessions["no_show_mentor"],
            "no_show_learner": sessions["no_show_learner"],
            "no_show_mentor": sessions["no_show_mentor"],
            "upcoming": sessions["upcoming"],
        },
        "hours_taught": _hours(sessions["minutes"]),
        "average_rating": _avg(overall["avg"]),
        "total_reviews": overall["count"],
        "rating_change": None
        if recent is None or earlier is None
        else round(float(recent) - float(earlier), 2),
        "rating_trend": trend,
        "rating_distribution": distribution,
        "repeat_learner_rate": _rate(learners["repeat"], learners["all"]),
        "learners": learners["all"],
        "repeat_learners": learners["repeat"],
        "profile_views": {
            "days": RECENT_DAYS,
            "views": views,
            "bookings": booked,
            "conversion_rate": _rate(booked, views),
        },
        "reply_time": {
            "median_minutes": replies.median_minutes,
            "answered_conversations": replies.answered,
            "unanswered_conversations": replies.unanswered,
            "days": REPLY_WINDOW_DAYS,
        },
        "earnings": [
            {
                "currency": row.currency,
                "lifetime": {"amount": row.lifetime_earnings, "currency": row.currency},
                "this_month": {"amount": row.this_month, "currency": row.currency},
                "pending_payout": {"amount": row.pending_payout, "currency": row.currency},
                "available_balance": {"amount": row.available_balance, "currency": row.currency},
            }
            for row in earnings
        ],
        "timezone": zone.key,
    }
