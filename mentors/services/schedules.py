"""Schedules: their rules, date exceptions and booking rules."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction

from accounts.services.audit import audit_entry_create
from core.errors import ValidationFailed
from core.locks import busy_as_error
from core.timezones import zone_names
from mentors import errors
from mentors.models import (
    SLOT_DURATIONS,
    MentorProfile,
    Schedule,
    ScheduleEntry,
    ScheduleType,
)
from mentors.services._common import WEEKDAYS, _fail, availability_changed_on_commit

# --- validation helpers -------------------------------------------------------------------------


def _check_time_zone(name: str) -> str:
    if name not in zone_names():
        raise _fail("timezone", "Use an IANA time zone name, e.g. Europe/Berlin.")
    return name


def _weekday(value: Any) -> int:
    """API.md §2: lowercase names; X's numbers 1-7 mean monday-sunday."""
    if isinstance(value, str) and value.lower() in WEEKDAYS:
        return WEEKDAYS.index(value.lower())
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
        return value - 1
    raise _fail("day_of_week", "Use a day name (monday … sunday) or a number 1-7.")


def _time(value: Any, field: str) -> time:
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise _fail(field, "Use HH:MM.") from None


def _date(value: Any, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _fail(field, "Use YYYY-MM-DD.") from None


def _duration(value: Any) -> int:
    if value not in SLOT_DURATIONS:
        raise _fail("slot_duration_minutes", f"Use one of {', '.join(map(str, SLOT_DURATIONS))}.")
    return int(value)


def _rule_entry(schedule_type: str, raw: dict[str, Any]) -> ScheduleEntry:
    start = _time(raw.get("start_time"), "start_time")
    end = _time(raw.get("end_time"), "end_time")
    duration = _duration(raw.get("slot_duration_minutes", 60))
    if start >= end:
        raise _fail("end_time", "A rule must end after it starts.")
    if (datetime.combine(date.min, end) - datetime.combine(date.min, start)) < timedelta(minutes=duration):
        raise _fail("end_time", "The window is shorter than one slot.")
    entry = ScheduleEntry(
        kind=ScheduleEntry.Kind.RULE,
        start_time=start,
        end_time=end,
        slot_duration_minutes=duration,
        is_recurring=bool(raw.get("is_recurring", True)),
    )
    if schedule_type == ScheduleType.WEEKLY:
        entry.day_of_week = _weekday(raw.get("day_of_week"))
    elif schedule_type == ScheduleType.MONTHLY:
        day = raw.get("day_of_month")
        if not isinstance(day, int) or not 1 <= day <= 31:
            raise _fail("day_of_month", "Use a day of the month, 1-31.")
        entry.day_of_month = day
    else:
        entry.date = _date(raw.get("date"), "date")
    return entry


def _exception_entry(raw: dict[str, Any]) -> ScheduleEntry:
    day = _date(raw.get("date"), "date")
    if raw.get("start_time") is None and raw.get("end_time") is None:
        return ScheduleEntry(kind=ScheduleEntry.Kind.BLOCK, date=day, reason=str(raw.get("reason", ""))[:200])
    entry = _rule_entry(ScheduleType.CUSTOM, {**raw, "date": day})
    entry.kind = ScheduleEntry.Kind.REPLACE
    entry.reason = str(raw.get("reason", ""))[:200]
    return entry


def _same_day(a: ScheduleEntry, b: ScheduleEntry) -> bool:
    return (a.day_of_week, a.day_of_month, a.date) == (b.day_of_week, b.day_of_month, b.date)


def _overlapping(entries: list[ScheduleEntry]) -> bool:
    for i, a in enumerate(entries):
        for b in entries[i + 1 :]:
            if _same_day(a, b) and a.start_time < b.end_time and b.start_time < a.end_time:
                return True
    return False


def parse_weekly_availability(availability: dict[str, list[str]]) -> list[dict[str, Any]]:
    """MentorHub's {"monday": ["10:00-18:00"]} at apply time becomes weekly rules."""
    rules = []
    for day, windows in availability.items():
        for window in windows or []:
            start, _, end = str(window).partition("-")
            rules.append({"day_of_week": day, "start_time": start.strip(), "end_time": end.strip()})
    return rules


# --- schedules ----------------------------------------------------------------------------------

BOOKING_RULES = (
    "min_notice_hours",
    "max_advance_days",
    "cancellation_deadline_hours",
    "buffer_before_minutes",
    "buffer_after_minutes",
    "max_sessions_per_day",
    "max_booked_minutes_per_day",
    "min_gap_minutes",
    "auto_confirm",
)
# (least, most, whether null is allowed) of each whole-number rule. A null cap means no cap. The
# gap stays within the two days of busy time slot reads load around a window (slots.BUSY_MARGIN).
RULE_BOUNDS: dict[str, tuple[int, int, bool]] = {
    "min_notice_hours": (0, 24 * 90, False),
    "max_advance_days": (1, 730, False),
    "cancellation_deadline_hours": (0, 24 * 30, False),
    "buffer_before_minutes": (0, 240, False),
    "buffer_after_minutes": (0, 240, False),
    "max_sessions_per_day": (1, 48, True),
    "max_booked_minutes_per_day": (min(SLOT_DURATIONS), 24 * 60, True),
    "min_gap_minutes": (0, 12 * 60, False),
}


def _check_booking_rules(booking_rules: dict[str, Any]) -> None:
    unknown = set(booking_rules) - set(BOOKING_RULES)
    if unknown:
        raise ValidationFailed(
            details={f"booking_rules.{name}": ["Unknown rule."] for name in sorted(unknown)}
        )
    for name, value in booking_rules.items():
        field = f"booking_rules.{name}"
        if name == "auto_confirm":
            if not isinstance(value, bool):
                raise _fail(field, "Use true or false.")
            continue
        least, most, nullable = RULE_BOUNDS[name]
        if value is None and nullable:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or not least <= value <= most:
            no_cap = " or null for no cap" if nullable else ""
            raise _fail(field, f"Use a whole number from {least} to {most}{no_cap}.")


def _audit(mentor: MentorProfile, change: str, **details) -> None:
    """schedule.replace / rules_add / rule_delete, by the mentor, in the transaction of the
    change: when a learner asks why a time vanished, the log says when the rules changed."""
    audit_entry_create(actor=mentor.user, action=f"schedule.{change}", target=mentor, details=details)


def schedule_replace(
    *,
    mentor: MentorProfile,
    type: str = ScheduleType.WEEKLY,  # noqa: A002 - the API's own word
    timezone: str = "UTC",  # noqa: A002
    rules: list[dict[str, Any]] = (),
    booking_rules: dict[str, Any] | None = None,
    date_exceptions: list[dict[str, Any]] = (),
    is_active: bool = True,
) -> Schedule:
    """Create or fully replace the mentor's one schedule. Booked sessions are not touched."""
    if type not in ScheduleType.values:
        raise _fail("type", "Use weekly, monthly or custom.")
    _check_time_zone(timezone)
    entries = [_rule_entry(type, raw) for raw in rules]
    if _overlapping(entries):
        raise errors.RuleOverlaps()
    exceptions = [_exception_entry(raw) for raw in date_exceptions]
    booking_rules = booking_rules or {}
    _check_booking_rules(booking_rules)
    with transaction.atomic(), busy_as_error():
        schedule, _ = Schedule.objects.select_for_update().get_or_create(mentor=mentor)
        before = {name: getattr(schedule, name) for name in BOOKING_RULES}
        schedule.type, schedule.timezone, schedule.is_active = type, timezone, is_active
        for name in BOOKING_RULES:
            # A rule left out goes back to its default (null for the caps): this is a full replace.
            setattr(schedule, name, booking_rules.get(name, Schedule._meta.get_field(name).get_default()))
        schedule.save()
        _audit(
            mentor,
            "replace",
            type=type,
            timezone=timezone,
            is_active=is_active,
            rules=len(entries),
            date_exceptions=len(exceptions),
            # Booking rules as [before, after], only those that changed.
            booking_rules={
                name: [old, getattr(schedule, name)]
                for name, old in before.items()
                if old != getattr(schedule, name)
            },
        )
        schedule.entries.all().delete()
        for entry in [*entries, *exceptions]:
            entry.schedule = schedule
        ScheduleEntry.objects.bulk_create([*entries, *exceptions])
        availability_changed_on_commit(mentor.pk)
    return schedule


def schedule_rules_add(*, mentor: MentorProfile, rules: list[dict[str, Any]]) -> list[ScheduleEntry]:
    with transaction.atomic(), busy_as_error():
        schedule = Schedule.objects.select_for_update().filter(mentor=mentor).first()
        if schedule is None:
            schedule = Schedule.objects.create(mentor=mentor, timezone=mentor.user.timezone)
        new = [_rule_entry(schedule.type, raw) for raw in rules]
        existing = list(schedule.entries.filter(kind=ScheduleEntry.Kind.RULE))
        if _overlapping([*existing, *new]):
            raise errors.RuleOverlaps()
        for entry in new:
            entry.schedule = schedule
        created = ScheduleEntry.objects.bulk_create(new)
        _audit(mentor, "rules_add", rule_ids=[entry.pk for entry in created])
        availability_changed_on_commit(mentor.pk)
        return created


def schedule_rule_delete(*, mentor: MentorProfile, rule_id) -> None:
    with transaction.atomic():
        deleted, _ = ScheduleEntry.objects.filter(
            pk=rule_id, schedule__mentor=mentor, kind=ScheduleEntry.Kind.RULE
        ).delete()
        if deleted:
            _audit(mentor, "rule_delete", rule_id=rule_id)
            availability_changed_on_commit(mentor.pk)
    if not deleted:
        raise errors.RuleNotFound()
