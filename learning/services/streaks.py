"""Streaks: consecutive local days with at least one learning activity.

A day is the learner's calendar date in their own time zone at the moment of the activity, so
a DST change (a 23- or 25-hour day) changes nothing: days are counted as dates, never as spans
of 24 hours. Moving time zone counts by the new zone's date from then on; a move west that
lands on a date already counted keeps the streak as it is. A day with no activity breaks it.
`longest_streak_days` keeps the best run.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.locks import busy_as_error
from core.timezones import user_zone
from learning.models import ActivityDay, LearnerStanding


def local_date(user, at: datetime) -> date:
    return at.astimezone(user_zone(user)).date()


def record_locked(standing: LearnerStanding, *, at: datetime) -> bool:
    """Count `at`'s local day on a standing row the caller has locked. Returns whether this
    was a new day."""
    user = standing.user
    zone = user_zone(user)
    day = at.astimezone(zone).date()
    try:
        with transaction.atomic():
            ActivityDay.objects.create(user=user, day=day, timezone=zone.key, first_at=at)
    except IntegrityError:
        return False
    last = standing.last_active_on
    if last is not None and day <= last:
        return True  # a day before the latest one (a move west): the streak stands as it is
    if last is not None and day - last == timedelta(days=1):
        standing.current_streak_days += 1
    else:
        standing.current_streak_days = 1
    standing.last_active_on = day
    standing.longest_streak_days = max(standing.longest_streak_days, standing.current_streak_days)
    standing.save(
        update_fields=["current_streak_days", "longest_streak_days", "last_active_on", "updated_at"]
    )
    return True


def activity_record(*, user, at: datetime | None = None) -> LearnerStanding:
    """A learning activity without points of its own (a completed lesson)."""
    from learning.services import achievements

    at = at or timezone.now()
    with transaction.atomic(), busy_as_error():
        from learning.services.points import standing_locked

        standing = standing_locked(user)
        if record_locked(standing, at=at):
            achievements.check_locked(standing, now=at)
    return standing


def current_streak(standing: LearnerStanding | None, *, user, now: datetime | None = None) -> int:
    """The streak as it stands now: kept while the latest activity is today or yesterday (the
    learner's today), 0 once a whole local day has passed without one."""
    if standing is None or standing.last_active_on is None:
        return 0
    today = local_date(user, now or timezone.now())
    if standing.last_active_on >= today - timedelta(days=1):
        return standing.current_streak_days
    return 0


def streak_reminders_set(*, user, enabled: bool) -> LearnerStanding:
    """Opt in to (or out of) the evening reminder that a streak is about to break."""
    with transaction.atomic(), busy_as_error():
        from learning.services.points import standing_locked

        standing = standing_locked(user)
        standing.streak_reminders = enabled
        standing.save(update_fields=["streak_reminders", "updated_at"])
    return standing


def streak_reminders_send(*, now: datetime | None = None) -> int:
    """The hourly job: remind each opted-in learner whose streak breaks at their midnight
    unless they learn today, once that day's evening (LEARNING_STREAK_REMINDER_HOUR) has come in
    their time zone. One reminder per streak day: `streak_reminded_for` remembers it."""
    from django.conf import settings
    from django.db.models import F, Q
    from django.urls import reverse

    from core.locks import claim_due
    from messaging.services import notify

    now = now or timezone.now()
    utc_today = now.date()
    # Candidates in SQL (any time zone's "yesterday" is within a day of UTC's); the exact local
    # check is made under each row's lock.
    due = LearnerStanding.objects.filter(
        streak_reminders=True,
        current_streak_days__gt=0,
        last_active_on__gte=utc_today - timedelta(days=2),
        last_active_on__lte=utc_today,
    ).filter(Q(streak_reminded_for__isnull=True) | Q(streak_reminded_for__lt=F("last_active_on")))

    def step(standing: LearnerStanding) -> bool:
        local = now.astimezone(user_zone(standing.user))
        if standing.last_active_on != local.date() - timedelta(days=1):
            return False
        if local.hour < settings.LEARNING_STREAK_REMINDER_HOUR:
            return False
        days = standing.current_streak_days
        notify(
            user=standing.user,
            type="streak_reminder",
            title=f"Keep your {days}-day streak going",
            body="Complete a lesson or a milestone before midnight to keep your learning streak.",
            action_url=reverse("learning:achievements"),
            data={"current_streak_days": days},
            dedupe_key=f"streak:{standing.last_active_on.isoformat()}",
        )
        standing.streak_reminded_for = standing.last_active_on
        standing.save(update_fields=["streak_reminded_for", "updated_at"])
        return True

    return claim_due(due, step, order_by=("pk",), related=("user",), lock_of=("self",))
