"""What learning tells people, through messaging's `notify`, inside the transaction of the
change (a dedupe key makes a retried change write nothing twice). Times in each recipient's zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.urls import reverse

from learning.models import ACTIVE_ENROLLMENT_STATUSES, Enrollment, Opportunity
from messaging.services import notify


def local_time(moment, user) -> str:
    try:
        zone = ZoneInfo(user.timezone or "UTC")
    except (ValueError, KeyError):
        zone = ZoneInfo("UTC")
    return f"{moment.astimezone(zone):%A %d %B %Y, %H:%M} ({zone.key})"


def _url(opportunity: Opportunity) -> str:
    return reverse("learning:opportunity", args=[opportunity.pk])


def enrollment_confirmed(enrollment: Enrollment) -> None:
    opportunity = enrollment.opportunity
    when = (
        f" It starts {local_time(opportunity.starts_at, enrollment.user)}." if opportunity.starts_at else ""
    )
    notify(
        user=enrollment.user,
        type="enrollment_confirmed",
        title=f"You are enrolled: {opportunity.title}",
        body=f"Your place in “{opportunity.title}” is confirmed.{when}",
        action_url=_url(opportunity),
        data={"enrollment_id": enrollment.pk, "opportunity_id": opportunity.pk},
        dedupe_key=f"enrollment:{enrollment.pk}:confirmed",
    )


def starting_soon(enrollment: Enrollment) -> None:
    opportunity = enrollment.opportunity
    notify(
        user=enrollment.user,
        type="session_reminder",
        title=f"Starting in 24 hours: {opportunity.title}",
        body=f"“{opportunity.title}” starts {local_time(opportunity.starts_at, enrollment.user)}.",
        action_url=_url(opportunity),
        data={
            "enrollment_id": enrollment.pk,
            "opportunity_id": opportunity.pk,
            "starts_at": opportunity.starts_at,
        },
        dedupe_key=f"enrollment:{enrollment.pk}:starts-24h",
    )


def course_updated(opportunity: Opportunity, *, what: str, lesson=None) -> None:
    """course_update to every learner enrolled (off by default in their settings, API.md §5)."""
    learners = Enrollment.objects.filter(
        opportunity=opportunity, status__in=ACTIVE_ENROLLMENT_STATUSES
    ).select_related("user")
    body = (
        f"New or changed lesson: “{lesson.title}”."
        if lesson is not None
        else f"“{opportunity.title}” was updated."
    )
    stamp = f"{opportunity.updated_at:%Y%m%d%H%M%S%f}" if opportunity.updated_at else ""
    for enrollment in learners:
        notify(
            user=enrollment.user,
            type="course_update",
            title=f"Update: {opportunity.title}",
            body=body,
            action_url=_url(opportunity),
            data={"opportunity_id": opportunity.pk, "lesson_id": lesson.pk if lesson else None, "what": what},
            dedupe_key=f"opportunity:{opportunity.pk}:update:{lesson.pk if lesson else ''}:{stamp}",
        )
