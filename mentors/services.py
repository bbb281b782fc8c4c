"""Writes of the mentors app: profiles, offerings, schedules, busy time, favourites, taxonomy.

Each public function runs in one transaction. `slot_reserve` is the one way any other app takes a
mentor's time: bookings call it inside their own transaction.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.text import slugify

from accounts.errors import EmailNotVerified
from accounts.services.audit import audit_entry_create
from accounts.services.profiles import skill_get_or_create
from core.errors import Conflict, ValidationFailed
from mentors import errors, slots
from mentors.models import (
    SLOT_DURATIONS,
    BusyInterval,
    BusySource,
    Category,
    Favorite,
    MentorProfile,
    MentorStatus,
    MentorTier,
    Schedule,
    ScheduleEntry,
    ScheduleType,
    Service,
    Subject,
)
from messaging.services import notify

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PROFILE_FIELDS = (
    "title",
    "headline",
    "bio",
    "description",
    "teaching_philosophy",
    "years_of_experience",
    "languages",
    "hourly_rate",
    "currency",
    "credit_price",
    "intro_video_url",
    "portfolio_url",
    "linkedin_url",
    "lesson_types",
    "is_accepting_bookings",
    "share_location",
    "city",
    "latitude",
    "longitude",
)
MAX_SKILLS = 30
EDITABLE_STATUSES = {
    MentorStatus.DRAFT,
    MentorStatus.REJECTED,
    MentorStatus.APPROVED,
    MentorStatus.PENDING_APPROVAL,
}


# --- validation helpers -------------------------------------------------------------------------


def _fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(f"{field}: {message}", details={field: [message]})


def _check_time_zone(name: str) -> str:
    if name not in zoneinfo.available_timezones():
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


# --- profiles -----------------------------------------------------------------------------------


def _apply_profile_fields(profile: MentorProfile, data: dict[str, Any]) -> list[str]:
    changed = []
    for name in PROFILE_FIELDS:
        if name in data:
            value = data[name]
            if name == "hourly_rate" and value is not None:
                value = Decimal(str(value)).quantize(Decimal("0.01"))
                if value < 0:
                    raise _fail("hourly_rate", "The rate cannot be negative.")
            if name == "currency":
                value = str(value).upper()
            setattr(profile, name, value)
            changed.append(name)
    if profile.latitude is not None and not -90 <= profile.latitude <= 90:
        raise _fail("latitude", "Latitude is between -90 and 90.")
    if profile.longitude is not None and not -180 <= profile.longitude <= 180:
        raise _fail("longitude", "Longitude is between -180 and 180.")
    return changed


def _set_taxonomy(profile: MentorProfile, data: dict[str, Any]) -> None:
    if "categories" in data:
        ids: set = set()
        for item in data["categories"] or []:
            ids.add(str(item["category_id"]))
            ids.update(str(sub) for sub in item.get("subcategory_ids", []) or [])
        found = list(Category.objects.filter(pk__in=ids, is_active=True))
        if len(found) != len(ids):
            raise _fail("categories", "Unknown or inactive category.")
        profile.categories.set(found)
    if "subject_ids" in data:
        subject_ids = {str(s) for s in data["subject_ids"] or []}
        subjects = list(Subject.objects.filter(pk__in=subject_ids, is_active=True))
        if len(subjects) != len(subject_ids):
            raise _fail("subject_ids", "Unknown or inactive subject.")
        profile.subjects.set(subjects)
    if "skills" in data:
        profile.skills.set(_skills_named(data["skills"] or []))


def _skills_named(names: list[str]) -> list:
    """Normalised skill rows for free-text names: "Python" and " python " are one skill."""
    found: dict = {}
    for name in names:
        if not str(name).strip():
            raise _fail("skills", "A skill cannot be blank.")
        skill = skill_get_or_create(name=str(name))
        found[skill.pk] = skill
    if len(found) > MAX_SKILLS:
        raise _fail("skills", f"At most {MAX_SKILLS} skills.")
    return list(found.values())


def mentor_apply(*, user, submit: bool = False, availability: Any = None, **data: Any) -> MentorProfile:
    """Open a draft mentor profile (Soosh upgrade-to-mentor, MentorHub apply, EduStream tutor)."""
    if not user.is_verified:
        raise EmailNotVerified()
    with transaction.atomic():
        if MentorProfile.objects.filter(user=user).exists():
            raise errors.MentorProfileExists()
        profile = MentorProfile(user=user, currency=data.get("currency") or user.currency)
        _apply_profile_fields(profile, data)
        try:
            with transaction.atomic():
                profile.save()
        except IntegrityError:  # a double-click: the other request created it first
            raise errors.MentorProfileExists() from None
        _set_taxonomy(profile, data)
        rules = (
            availability if isinstance(availability, list) else parse_weekly_availability(availability or {})
        )
        if rules:
            schedule_replace(mentor=profile, type=ScheduleType.WEEKLY, timezone=user.timezone, rules=rules)
        if submit:
            mentor_submit(mentor=profile)
    return profile


def mentor_update(*, mentor: MentorProfile, **data: Any) -> MentorProfile:
    """Edits go live at once, also on an approved profile (API.md §2, a decision)."""
    with transaction.atomic():
        changed = _apply_profile_fields(mentor, data)
        if changed:
            mentor.save(update_fields=[*changed, "updated_at"])
        _set_taxonomy(mentor, data)
    return mentor


def mentor_list_replace(*, mentor: MentorProfile, field: str, items: list[dict[str, Any]]) -> MentorProfile:
    """PUT certifications / education: replace the whole list."""
    if field not in {"certifications", "education"}:
        raise _fail(field, "Not a list of the profile.")
    setattr(mentor, field, list(items))
    with transaction.atomic():
        mentor.save(update_fields=[field, "updated_at"])
    return mentor


def missing_for_review(mentor: MentorProfile) -> list[str]:
    missing = [name for name in ("title", "bio") if not getattr(mentor, name).strip()]
    if mentor.hourly_rate is None:
        missing.append("hourly_rate")
    if not mentor.subjects.exists() and not mentor_has_skills(mentor):
        missing.append("subjects_or_skills")
    schedule = Schedule.objects.filter(mentor=mentor, is_active=True).first()
    if schedule is None or not schedule.entries.filter(kind=ScheduleEntry.Kind.RULE).exists():
        missing.append("schedule")
    return missing


def mentor_has_skills(mentor: MentorProfile) -> bool:
    skills = getattr(mentor, "skills", None)
    return bool(skills is not None and skills.exists())


def mentor_submit(*, mentor: MentorProfile) -> MentorProfile:
    with transaction.atomic():
        locked = MentorProfile.objects.select_for_update().get(pk=mentor.pk)
        if locked.status not in {MentorStatus.DRAFT, MentorStatus.REJECTED}:
            raise errors.IllegalStatusChange(details={"status": locked.status})
        missing = missing_for_review(locked)
        if missing:
            raise errors.ProfileIncomplete(
                f"Missing: {', '.join(missing)}.",
                details={name: ["This is required for review."] for name in missing},
            )
        locked.status = MentorStatus.PENDING_APPROVAL
        locked.submitted_at = timezone.now()
        locked.rejection_reason = ""
        locked.save(update_fields=["status", "submitted_at", "rejection_reason", "updated_at"])
    mentor.refresh_from_db()
    return mentor


# --- services (what a mentor offers) ------------------------------------------------------------


def service_create(
    *, mentor: MentorProfile, title: str, duration_minutes: int, price: Decimal, **extra: Any
) -> Service:
    if duration_minutes not in SLOT_DURATIONS:
        raise _fail("duration_minutes", f"Use one of {', '.join(map(str, SLOT_DURATIONS))}.")
    with transaction.atomic():
        return Service.objects.create(
            mentor=mentor,
            title=title,
            duration_minutes=duration_minutes,
            price=Decimal(str(price)).quantize(Decimal("0.01")),
            currency=(extra.get("currency") or mentor.currency).upper(),
            description=extra.get("description", ""),
            credit_price=extra.get("credit_price"),
            is_active=extra.get("is_active", True),
        )


def service_update(*, service: Service, **changes: Any) -> Service:
    if "duration_minutes" in changes and changes["duration_minutes"] not in SLOT_DURATIONS:
        raise _fail("duration_minutes", f"Use one of {', '.join(map(str, SLOT_DURATIONS))}.")
    if "price" in changes:
        changes["price"] = Decimal(str(changes["price"])).quantize(Decimal("0.01"))
    for name, value in changes.items():
        setattr(service, name, value)
    with transaction.atomic():
        service.save(update_fields=list(changes))
    return service


def service_delete(*, service: Service) -> bool:
    """Delete, or deactivate when bookings still point at it (they protect the row). True if deleted."""
    try:
        with transaction.atomic():
            service.delete()
        return True
    except ProtectedError:
        service.is_active = False
        service.save(update_fields=["is_active"])
        return False


# --- schedules ----------------------------------------------------------------------------------

BOOKING_RULES = (
    "min_notice_hours",
    "max_advance_days",
    "cancellation_deadline_hours",
    "buffer_before_minutes",
    "buffer_after_minutes",
    "auto_confirm",
)


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
    unknown = set(booking_rules) - set(BOOKING_RULES)
    if unknown:
        raise ValidationFailed(
            details={f"booking_rules.{name}": ["Unknown rule."] for name in sorted(unknown)}
        )
    for name, value in booking_rules.items():
        if name != "auto_confirm" and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise _fail(f"booking_rules.{name}", "Use a whole number, 0 or more.")
    with transaction.atomic():
        schedule, _ = Schedule.objects.select_for_update().get_or_create(mentor=mentor)
        schedule.type, schedule.timezone, schedule.is_active = type, timezone, is_active
        for name in BOOKING_RULES:
            default = Schedule._meta.get_field(name).default
            setattr(schedule, name, booking_rules.get(name, default))
        schedule.save()
        schedule.entries.all().delete()
        for entry in [*entries, *exceptions]:
            entry.schedule = schedule
        ScheduleEntry.objects.bulk_create([*entries, *exceptions])
    return schedule


def schedule_rules_add(*, mentor: MentorProfile, rules: list[dict[str, Any]]) -> list[ScheduleEntry]:
    with transaction.atomic():
        schedule = Schedule.objects.select_for_update().filter(mentor=mentor).first()
        if schedule is None:
            schedule = Schedule.objects.create(mentor=mentor, timezone=mentor.user.timezone)
        new = [_rule_entry(schedule.type, raw) for raw in rules]
        existing = list(schedule.entries.filter(kind=ScheduleEntry.Kind.RULE))
        if _overlapping([*existing, *new]):
            raise errors.RuleOverlaps()
        for entry in new:
            entry.schedule = schedule
        return ScheduleEntry.objects.bulk_create(new)


def schedule_rule_delete(*, mentor: MentorProfile, rule_id) -> None:
    with transaction.atomic():
        deleted, _ = ScheduleEntry.objects.filter(
            pk=rule_id, schedule__mentor=mentor, kind=ScheduleEntry.Kind.RULE
        ).delete()
    if not deleted:
        raise errors.MentorProfileNotFound("Rule not found.")


# --- the mentor's time --------------------------------------------------------------------------


def _padded(schedule: Schedule | None, start_at: datetime, end_at: datetime) -> tuple[datetime, datetime]:
    before = timedelta(minutes=schedule.buffer_before_minutes if schedule else 0)
    after = timedelta(minutes=schedule.buffer_after_minutes if schedule else 0)
    return start_at - before, end_at + after


def slot_reserve(
    *,
    mentor: MentorProfile,
    start_at: datetime,
    duration_minutes: int,
    source: str = BusySource.HOLD,
    reference: str = "",
    now: datetime | None = None,
    check_availability: bool = True,
) -> BusyInterval:
    """Take a mentor's time, or raise SlotNotAvailable (409). Call inside the caller's transaction.

    The mentor row is locked first, so concurrent reservations for one mentor queue up and the
    loser sees the winner's interval; on PostgreSQL the exclusion constraint is the last guard
    (its IntegrityError becomes the same 409), on SQLite IMMEDIATE transactions serialise writers.
    """
    if duration_minutes not in SLOT_DURATIONS:
        raise _fail("duration_minutes", f"Use one of {', '.join(map(str, SLOT_DURATIONS))}.")
    now = now or timezone.now()
    with transaction.atomic():
        locked = MentorProfile.objects.select_for_update().get(pk=mentor.pk)
        schedule = Schedule.objects.filter(mentor=locked).prefetch_related("entries").first()
        end_at = start_at + timedelta(minutes=duration_minutes)
        if check_availability:
            if locked.status != MentorStatus.APPROVED or not locked.is_accepting_bookings or schedule is None:
                raise errors.SlotNotAvailable(details={"reason": "mentor_not_bookable"})
            busy = [
                slots.Busy(b.start_at, b.end_at, b.source)
                for b in BusyInterval.objects.filter(
                    mentor=locked,
                    is_live=True,
                    start_at__lt=end_at + timedelta(days=1),
                    end_at__gt=start_at - timedelta(days=1),
                )
            ]
            offered = slots.compute_slots(
                mentor_id=locked.pk,
                schedule=schedule,
                entries=list(schedule.entries.all()),
                busy=busy,
                start=start_at,
                end=start_at + timedelta(seconds=1),
                now=now,
                duration_minutes=duration_minutes,
            )
            if not any(slot.start_at == start_at for slot in offered):
                raise errors.SlotNotAvailable()
        padded_start, padded_end = _padded(schedule, start_at, end_at)
        # Any live interval counts here, external events included (the DB constraint only
        # covers bookings and holds, because external events may overlap each other).
        if BusyInterval.objects.filter(
            mentor=locked,
            is_live=True,
            start_at__lt=padded_end,
            end_at__gt=padded_start,
        ).exists():
            raise errors.SlotNotAvailable()
        try:
            with transaction.atomic():
                return BusyInterval.objects.create(
                    mentor=locked,
                    start_at=padded_start,
                    end_at=padded_end,
                    session_start_at=start_at,
                    session_end_at=end_at,
                    source=source,
                    reference=reference,
                )
        except IntegrityError:
            raise errors.SlotNotAvailable() from None


def mentor_rating_recompute(*, mentor_id, compute) -> MentorProfile:
    """Set the mentor's rating figures to what `compute()` returns, under a lock on the mentor row.

    bookings owns the reviews and calls this inside the transaction that wrote one, with its
    own aggregate as `compute`. The lock is taken before `compute` runs, so two reviews
    committing at once queue here and the second one's aggregate sees the first: the figures
    stay exact (average, total, per-star counts, per-aspect averages).
    """
    with transaction.atomic():
        locked = MentorProfile.objects.select_for_update().get(pk=mentor_id)
        figures = compute()
        locked.average_rating = Decimal(str(figures["average_rating"])).quantize(Decimal("0.01"))
        locked.total_reviews = int(figures["total_reviews"])
        locked.rating_distribution = {str(k): int(v) for k, v in figures["rating_distribution"].items()}
        locked.aspect_averages = dict(figures["aspect_averages"])
        locked.save(
            update_fields=[
                "average_rating",
                "total_reviews",
                "rating_distribution",
                "aspect_averages",
                "updated_at",
            ]
        )
    return locked


def mentor_sessions_completed_add(*, mentor_id, count: int = 1) -> None:
    """A session of the mentor was delivered (bookings calls this on completion)."""
    with transaction.atomic():
        MentorProfile.objects.filter(pk=mentor_id).update(
            total_sessions_completed=F("total_sessions_completed") + count
        )


def slot_release(*, reference: str) -> int:
    """Free the time held under `reference` (cancel, decline, expiry). Returns how many intervals."""
    with transaction.atomic():
        return BusyInterval.objects.filter(reference=reference, is_live=True).update(is_live=False)


def slot_hold_confirm(*, reference: str) -> int:
    """A held interval becomes a booked one (the booking was paid or confirmed)."""
    with transaction.atomic():
        return BusyInterval.objects.filter(reference=reference, is_live=True, source=BusySource.HOLD).update(
            source=BusySource.BOOKING
        )


# --- favourites ---------------------------------------------------------------------------------


def favorite_add(*, learner, mentor: MentorProfile) -> tuple[Favorite, bool]:
    with transaction.atomic():
        try:
            with transaction.atomic():
                return Favorite.objects.get_or_create(learner=learner, mentor=mentor)
        except IntegrityError:  # two taps at once: the other one created it
            return Favorite.objects.get(learner=learner, mentor=mentor), False


def favorite_remove(*, learner, mentor_id) -> None:
    with transaction.atomic():
        deleted, _ = Favorite.objects.filter(learner=learner, mentor_id=mentor_id).delete()
    if not deleted:
        raise errors.MentorProfileNotFound("This mentor is not among your favourites.")


# --- taxonomy (staff) ---------------------------------------------------------------------------


def category_create(
    *, name: str, parent_id=None, slug: str = "", description: str = "", icon: str = ""
) -> Category:
    parent = None
    if parent_id:
        parent = Category.objects.filter(pk=parent_id, parent__isnull=True).first()
        if parent is None:
            raise _fail("parent_id", "Unknown top-level category.")
    slug = slugify(slug or (f"{parent.slug}-{name}" if parent else name))
    try:
        with transaction.atomic():
            return Category.objects.create(
                name=name, parent=parent, slug=slug, description=description, icon=icon
            )
    except IntegrityError:
        raise Conflict("A category with this name or slug exists.", details={"slug": [slug]}) from None


def category_update(*, category: Category, **changes: Any) -> Category:
    for name, value in changes.items():
        setattr(category, name, value)
    try:
        with transaction.atomic():
            category.save(update_fields=list(changes))
    except IntegrityError:
        raise Conflict("A category with this name or slug exists.") from None
    return category


def subject_create(*, name: str, category_id, subcategory_id=None, description: str = "") -> Subject:
    category = Category.objects.filter(pk=category_id, parent__isnull=True).first()
    if category is None:
        raise _fail("category_id", "Unknown top-level category.")
    subcategory = None
    if subcategory_id:
        subcategory = Category.objects.filter(pk=subcategory_id, parent=category).first()
        if subcategory is None:
            raise _fail("subcategory_id", "Unknown subcategory of that category.")
    try:
        with transaction.atomic():
            return Subject.objects.create(
                name=name,
                slug=slugify(name),
                category=category,
                subcategory=subcategory,
                description=description,
            )
    except IntegrityError:
        raise Conflict("A subject with this name exists.") from None


def subject_update(*, subject: Subject, **changes: Any) -> Subject:
    # A subject belongs to a top-level category and optionally one of its subcategories: an id
    # that breaks this would otherwise be saved as is (or fail as a 500 on a missing row).
    if "category_id" in changes or "subcategory_id" in changes:
        category_id = changes.get("category_id", subject.category_id)
        if not Category.objects.filter(pk=category_id, parent__isnull=True).exists():
            raise _fail("category_id", "Unknown top-level category.")
        subcategory_id = changes.get("subcategory_id", subject.subcategory_id)
        if subcategory_id and not Category.objects.filter(pk=subcategory_id, parent_id=category_id).exists():
            if "subcategory_id" in changes:
                raise _fail("subcategory_id", "Unknown subcategory of that category.")
            changes["subcategory_id"] = None  # moved to another category: its old subcategory no longer fits
    for name, value in changes.items():
        setattr(subject, name, value)
    with transaction.atomic():
        subject.save(update_fields=list(changes))
    return subject


def subject_delete(*, subject: Subject) -> None:
    """An unused subject is deleted; one still referenced is refused with 409 (deactivate it)."""
    if subject.mentors.exists():
        raise errors.InUse(details={"mentors": subject.mentors.count()})
    try:
        with transaction.atomic():
            subject.delete()
    except ProtectedError:
        raise errors.InUse() from None


# --- staff decisions on applications -----------------------------------------------------------
# One path for the staff API and the Django admin actions: lock, check the transition, write,
# audit, notify. The notification row is written inside this transaction (messaging.notify is
# built for that): it commits or rolls back with the decision, and its pushes and mails leave
# only after commit.


def _lock_pending(mentor: MentorProfile) -> MentorProfile:
    # The lock queues two staff members deciding on one application at once; the second one
    # then sees the first decision and gets 409 instead of overwriting it.
    locked = MentorProfile.objects.select_for_update().get(pk=mentor.pk)
    if locked.status != MentorStatus.PENDING_APPROVAL:
        raise errors.IllegalStatusChange(
            f"Only a profile pending approval can be decided; this one is {locked.status}.",
            details={"status": locked.status},
        )
    return locked


def _decision_key(kind: str, mentor: MentorProfile) -> str:
    # One decision per submission: a resubmitted profile gets a fresh key, a retried call does not.
    submitted = mentor.submitted_at.isoformat() if mentor.submitted_at else "never"
    return f"mentor-application:{mentor.pk}:{submitted}:{kind}"


def mentor_approve(*, mentor: MentorProfile, actor, tier: str | None = None, request=None) -> MentorProfile:
    """pending_approval → approved: verified, optionally tiered, and the account gains the mentor role."""
    if tier is not None and tier not in MentorTier.values:
        raise _fail("mentor_tier", f"Use one of: {', '.join(MentorTier.values)}.")
    with transaction.atomic():
        locked = _lock_pending(mentor)
        locked.status = MentorStatus.APPROVED
        locked.is_verified = True
        locked.approved_at = timezone.now()
        locked.rejection_reason = ""
        fields = ["status", "is_verified", "approved_at", "rejection_reason", "updated_at"]
        if tier is not None:
            locked.mentor_tier = tier
            fields.append("mentor_tier")
        locked.save(update_fields=fields)
        user = locked.user
        if not user.is_mentor:
            user.is_mentor = True
            user.save(update_fields=["is_mentor", "updated_at"])
        audit_entry_create(
            actor=actor,
            action="mentor.approve",
            target=locked,
            details={"mentor_tier": locked.mentor_tier, "user_id": user.pk},
            request=request,
        )
        notify(
            user=user,
            type="mentor_application_approved",
            title="Your mentor profile is approved",
            body="Learners can now find you and book your time.",
            action_url="/mentors/me",
            data={"mentor_id": locked.pk, "mentor_tier": locked.mentor_tier},
            dedupe_key=_decision_key("approved", locked),
        )
    return locked


def mentor_reject(*, mentor: MentorProfile, actor, reason: str, request=None) -> MentorProfile:
    """pending_approval → rejected with a reason the applicant reads; they may edit and resubmit."""
    reason = (reason or "").strip()
    if not reason:
        raise _fail("rejection_reason", "Say why, so the applicant can fix it.")
    with transaction.atomic():
        locked = _lock_pending(mentor)
        locked.status = MentorStatus.REJECTED
        locked.rejection_reason = reason
        locked.is_verified = False
        locked.save(update_fields=["status", "rejection_reason", "is_verified", "updated_at"])
        audit_entry_create(
            actor=actor,
            action="mentor.reject",
            target=locked,
            details={"rejection_reason": reason, "user_id": locked.user_id},
            request=request,
        )
        notify(
            user=locked.user,
            type="mentor_application_rejected",
            title="Your mentor application needs changes",
            body=reason,
            action_url="/mentors/me",
            data={"mentor_id": locked.pk, "rejection_reason": reason},
            dedupe_key=_decision_key("rejected", locked),
        )
    return locked
