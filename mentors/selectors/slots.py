"""Reads of the mentors app, each in a fixed number of queries whatever the data holds."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Skill
from accounts.services.profiles import normalize_skill_name
from core.errors import ValidationFailed
from mentors import errors, extensions
from mentors import slots as slot_engine
from mentors.models import (
    BusyInterval,
    BusySource,
    CalendarFeed,
    Category,
    Favorite,
    MentorProfile,
    Schedule,
    ScheduleEntry,
    Service,
    Subject,
)


def _busy_by_mentor(mentor_ids: Iterable[uuid.UUID], start: datetime, end: datetime) -> dict:
    """Live busy intervals of several mentors in one query, from BUSY_MARGIN before `start` to
    BUSY_MARGIN after `end`: daily caps and the minimum gap look at the sessions around a slot."""
    found: dict[uuid.UUID, list[slot_engine.Busy]] = defaultdict(list)
    rows = BusyInterval.objects.filter(
        mentor_id__in=list(mentor_ids),
        is_live=True,
        start_at__lt=end + slot_engine.BUSY_MARGIN,
        end_at__gt=start - slot_engine.BUSY_MARGIN,
    ).values_list("mentor_id", "start_at", "end_at", "source", "session_start_at", "session_end_at")
    for mentor_id, start_at, end_at, source, session_start_at, session_end_at in rows:
        found[mentor_id].append(slot_engine.Busy(start_at, end_at, source, session_start_at, session_end_at))
    return found


def schedules_with_entries() -> Prefetch:
    return Prefetch("entries", queryset=ScheduleEntry.objects.order_by("kind", "start_time"))


def mentor_slots(
    *,
    mentor_id: uuid.UUID,
    start: datetime,
    end: datetime,
    duration_minutes: int | None = None,
    include_unavailable: bool = False,
    now: datetime | None = None,
) -> tuple[MentorProfile | None, list[slot_engine.Slot]]:
    """Slots of one bookable mentor in three queries: mentor + schedule, entries, busy time."""
    now = now or timezone.now()
    mentor = MentorProfile.objects.bookable().select_related("user", "schedule").filter(pk=mentor_id).first()
    if mentor is None or not hasattr(mentor, "schedule"):
        return mentor, []
    schedule: Schedule = mentor.schedule
    entries = list(schedule.entries.all())
    busy = _busy_by_mentor([mentor.pk], start, end)[mentor.pk]
    found = slot_engine.compute_slots(
        mentor_id=mentor.pk,
        schedule=schedule,
        entries=entries,
        busy=busy,
        start=start,
        end=end,
        now=now,
        duration_minutes=duration_minutes,
        include_unavailable=include_unavailable,
    )
    return mentor, found


def next_slots_for(
    mentors: list[MentorProfile], *, now: datetime | None = None
) -> dict[uuid.UUID, slot_engine.Slot | None]:
    """The next open slot of every mentor on a page: two queries, whatever the page holds.

    The mentors must come with `schedule` selected; their entries and busy intervals are read
    here for all of them at once.
    """
    now = now or timezone.now()
    scheduled = [m for m in mentors if getattr(m, "schedule", None) is not None]
    entries: dict[uuid.UUID, list[ScheduleEntry]] = defaultdict(list)
    if scheduled:
        for entry in ScheduleEntry.objects.filter(schedule_id__in=[m.schedule.pk for m in scheduled]):
            entries[entry.schedule_id].append(entry)
    horizon = max((m.schedule.max_advance_days for m in scheduled), default=0)
    busy = _busy_by_mentor([m.pk for m in scheduled], now, now + timedelta(days=horizon)) if scheduled else {}
    return {
        m.pk: slot_engine.next_available(
            mentor_id=m.pk,
            schedule=getattr(m, "schedule", None),
            entries=entries.get(m.schedule.pk, []) if getattr(m, "schedule", None) else [],
            busy=busy.get(m.pk, []),
            now=now,
        )
        for m in mentors
    }


def mentor_calendar(
    *, mentor_id: uuid.UUID, month: date, viewer_timezone: str, now: datetime | None = None
) -> tuple[MentorProfile | None, dict[str, list[slot_engine.Slot]]]:
    """A month of slots, keyed by the viewer's local date (API.md §2, calendar)."""
    tz = ZoneInfo(viewer_timezone)
    first = datetime(month.year, month.month, 1, tzinfo=tz)
    following = datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=tz)
    mentor, found = mentor_slots(
        mentor_id=mentor_id, start=first, end=following, include_unavailable=True, now=now
    )
    days: dict[str, list[slot_engine.Slot]] = defaultdict(list)
    for slot in found:
        days[slot.start_at.astimezone(tz).date().isoformat()].append(slot)
    return mentor, dict(days)


def mentor_get_for_owner(*, user) -> MentorProfile | None:
    return MentorProfile.objects.select_related("user", "schedule").filter(user=user).first()


# --- reads behind the API (issue 5) ---------------------------------------------------------------


def slots_for_mentor(
    *,
    mentor: MentorProfile,
    start: datetime,
    end: datetime,
    duration_minutes: int | None = None,
    include_unavailable: bool = False,
    now: datetime | None = None,
) -> list[slot_engine.Slot]:
    """Slots of a mentor already loaded with its schedule: two queries (entries, busy time).

    Any status: the public callers load a bookable mentor, the owner's preview loads their own.
    """
    schedule = getattr(mentor, "schedule", None)
    if schedule is None:
        return []
    now = now or timezone.now()
    busy = _busy_by_mentor([mentor.pk], start, end)[mentor.pk]
    return slot_engine.compute_slots(
        mentor_id=mentor.pk,
        schedule=schedule,
        entries=list(schedule.entries.all()),
        busy=busy,
        start=start,
        end=end,
        now=now,
        duration_minutes=duration_minutes,
        include_unavailable=include_unavailable,
    )


def mentor_ids_with_open_slot(
    *, mentors: QuerySet[MentorProfile], start: datetime, end: datetime, now: datetime | None = None
) -> set[uuid.UUID]:
    """Which of `mentors` have an open slot starting in [start, end): three queries in all.

    Only schedules that could open a slot in the window are read (active, notice short enough),
    then their entries and busy time in one query each, and the slots computed in process.
    """
    now = now or timezone.now()
    latest_notice_hours = int((end - now).total_seconds() // 3600)
    schedules = list(
        Schedule.objects.filter(
            mentor__in=mentors.values("pk"), is_active=True, min_notice_hours__lte=latest_notice_hours
        )
    )
    if not schedules:
        return set()
    entries: dict[uuid.UUID, list[ScheduleEntry]] = defaultdict(list)
    for entry in ScheduleEntry.objects.filter(schedule_id__in=[s.pk for s in schedules]):
        entries[entry.schedule_id].append(entry)
    busy = _busy_by_mentor([s.mentor_id for s in schedules], start, end)
    return {
        s.mentor_id
        for s in schedules
        if slot_engine.compute_slots(
            mentor_id=s.mentor_id,
            schedule=s,
            entries=entries.get(s.pk, []),
            busy=busy.get(s.mentor_id, []),
            start=start,
            end=end,
            now=now,
        )
    }


def busy_references(*, mentor_id: uuid.UUID, start: datetime, end: datetime) -> list[BusyInterval]:
    """Live bookings and holds with their references, for the owner's own calendar. Imported
    calendar events are left out: their reference names a feed, not a booking."""
    return list(
        BusyInterval.objects.filter(
            mentor_id=mentor_id,
            is_live=True,
            start_at__lt=end,
            end_at__gt=start,
            source__in=[BusySource.BOOKING, BusySource.HOLD],
        ).exclude(reference="")
    )


def mentor_cards() -> QuerySet[MentorProfile]:
    """Bookable mentors with what a card shows: user and schedule joined, tags prefetched."""
    return (
        MentorProfile.objects.bookable()
        .select_related("user", "schedule")
        .prefetch_related(
            Prefetch("skills", queryset=Skill.objects.order_by("name")),
            Prefetch("subjects", queryset=Subject.objects.order_by("name")),
        )
    )


def mentor_public_get(*, mentor_id: uuid.UUID) -> MentorProfile:
    """A bookable mentor's full public profile; anyone else's profile is not public (404)."""
    mentor = (
        mentor_cards()
        .prefetch_related(
            Prefetch(
                "categories",
                queryset=Category.objects.select_related("parent").order_by("sort_order", "name"),
            ),
            Prefetch("services", queryset=Service.objects.filter(is_active=True), to_attr="active_services"),
        )
        .filter(pk=mentor_id)
        .first()
    )
    if mentor is None:
        raise errors.MentorProfileNotFound()
    return mentor


def mentor_bookable_get(*, mentor_id: uuid.UUID) -> MentorProfile:
    """A bookable mentor with user and schedule, for its schedule, slots and calendar."""
    mentor = MentorProfile.objects.bookable().select_related("user", "schedule").filter(pk=mentor_id).first()
    if mentor is None:
        raise errors.MentorProfileNotFound()
    return mentor


def favorite_mentor_ids(*, user, mentor_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these mentors the caller has saved: one query (none for anonymous callers)."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        Favorite.objects.filter(learner=user, mentor_id__in=list(mentor_ids)).values_list(
            "mentor_id", flat=True
        )
    )


def favorites_for_learner(*, learner) -> QuerySet[MentorProfile]:
    """The learner's saved mentors who are public, newest favourite first, each with `added_at`."""
    added = Favorite.objects.filter(learner=learner, mentor=OuterRef("pk")).values("created_at")[:1]
    return (
        mentor_cards()
        .filter(favorited_by__learner=learner)
        .annotate(added_at=Subquery(added))
        .order_by("-added_at", "pk")
    )


def mentor_get_for_owner_or_404(*, user) -> MentorProfile:
    """The caller's own profile in any status; a learner without one gets a clear 404."""
    if user is None or not user.is_authenticated:
        raise errors.NoMentorProfile()
    mentor = MentorProfile.objects.select_related("user").filter(user=user).first()
    if mentor is None:
        raise errors.NoMentorProfile()
    return mentor


def mentor_private_get(*, mentor_id: uuid.UUID) -> MentorProfile:
    """The owner's full view: tags, categories and the schedule prefetched."""
    return (
        MentorProfile.objects.select_related("user", "schedule")
        .prefetch_related(
            Prefetch("skills", queryset=Skill.objects.order_by("name")),
            Prefetch("subjects", queryset=Subject.objects.select_related("category").order_by("name")),
            Prefetch("categories", queryset=Category.objects.order_by("sort_order", "name")),
        )
        .get(pk=mentor_id)
    )


def schedule_for_mentor(*, mentor: MentorProfile) -> Schedule | None:
    return Schedule.objects.filter(mentor=mentor).prefetch_related(schedules_with_entries()).first()


def subjects_of(*, mentor: MentorProfile) -> QuerySet[Subject]:
    return mentor.subjects.select_related("category").order_by("name", "pk")


def services_for_owner(*, mentor: MentorProfile) -> QuerySet[Service]:
    """Every service of the mentor, inactive ones too."""
    return Service.objects.filter(mentor=mentor).order_by("-is_active", "duration_minutes", "title", "pk")


def service_get_for_owner(*, mentor: MentorProfile, service_id: uuid.UUID) -> Service:
    """Only the caller's own service; another mentor's id is simply not found."""
    service = Service.objects.filter(pk=service_id, mentor=mentor).first()
    if service is None:
        raise errors.ServiceNotFound()
    return service


def service_bookable_get(*, service_id: uuid.UUID) -> Service:
    """An active service of a bookable mentor, with the mentor, its user and schedule: one query."""
    service = (
        Service.objects.select_related("mentor__user", "mentor__schedule")
        .filter(
            pk=service_id,
            is_active=True,
            mentor__in=MentorProfile.objects.bookable().values("pk"),
        )
        .first()
    )
    if service is None:
        raise errors.ServiceNotFound()
    return service


# --- taxonomy -------------------------------------------------------------------------------------


def categories_top_level() -> QuerySet[Category]:
    return Category.objects.filter(parent__isnull=True, is_active=True).annotate(
        subcategory_count=Count("subcategories", filter=Q(subcategories__is_active=True))
    )


def category_get(*, category_id: uuid.UUID, top_level: bool = False, active_only: bool = True) -> Category:
    categories = Category.objects.select_related("parent")
    if top_level:
        categories = categories.filter(parent__isnull=True)
    if active_only:
        categories = categories.filter(is_active=True)
    category = categories.filter(pk=category_id).first()
    if category is None:
        raise errors.CategoryNotFound()
    return category


def subcategories_of(*, category: Category) -> QuerySet[Category]:
    return category.subcategories.filter(is_active=True).order_by("sort_order", "name")


def subject_list(
    *, category_id: uuid.UUID | None = None, q: str = "", include_inactive: bool = False
) -> QuerySet[Subject]:
    subjects = Subject.objects.select_related("category")
    if not include_inactive:
        subjects = subjects.filter(is_active=True)
    if category_id:
        subjects = subjects.filter(Q(category_id=category_id) | Q(subcategory_id=category_id))
    if q.strip():
        subjects = subjects.filter(Q(name__icontains=q.strip()) | Q(description__icontains=q.strip()))
    return subjects.order_by("name", "pk")


def subject_get(*, subject_id: uuid.UUID) -> Subject:
    subject = Subject.objects.select_related("category").filter(pk=subject_id).first()
    if subject is None:
        raise errors.SubjectNotFound()
    return subject


def skill_list(*, q: str = "", category_id: uuid.UUID | None = None) -> QuerySet[Skill]:
    """Skill tags for autocomplete. With `category_id`, the tags mentors of that category use."""
    skills = Skill.objects.all()
    if q.strip():
        skills = skills.filter(normalized_name__contains=normalize_skill_name(q))
    if category_id:
        in_category = MentorProfile.skills.through.objects.filter(skill_id=OuterRef("pk")).filter(
            Q(mentorprofile__categories=category_id) | Q(mentorprofile__categories__parent=category_id)
        )
        skills = skills.filter(Exists(in_category))
    return skills.order_by("normalized_name", "pk")


# --- staff ----------------------------------------------------------------------------------------


def mentors_for_staff(
    *,
    status: str | None = None,
    q: str = "",
    submitted_from: date | None = None,
    submitted_to: date | None = None,
) -> QuerySet[MentorProfile]:
    """Applications and profiles for review, oldest submission first (the review queue's order).

    Dates are whole UTC days, both ends included.
    """
    mentors = MentorProfile.objects.select_related("user").prefetch_related(
        Prefetch("skills", queryset=Skill.objects.order_by("name")),
        Prefetch("subjects", queryset=Subject.objects.order_by("name")),
    )
    if status:
        mentors = mentors.filter(status=status)
    term = q.strip()
    if term:
        mentors = mentors.filter(
            Q(user__full_name__icontains=term)
            | Q(user__email__icontains=term)
            | Q(user__username__icontains=term)
            | Q(title__icontains=term)
            | Q(headline__icontains=term)
        )
    if submitted_from:
        mentors = mentors.filter(submitted_at__gte=datetime.combine(submitted_from, time.min, tzinfo=UTC))
    if submitted_to:
        mentors = mentors.filter(
            submitted_at__lt=datetime.combine(submitted_to + timedelta(days=1), time.min, tzinfo=UTC)
        )
    return mentors.order_by(F("submitted_at").asc(nulls_last=True), "created_at", "pk")


def mentor_get_for_staff(*, mentor_id: uuid.UUID) -> MentorProfile:
    mentor = MentorProfile.objects.select_related("user").filter(pk=mentor_id).first()
    if mentor is None:
        raise errors.MentorProfileNotFound()
    return mentor


# --- reviews --------------------------------------------------------------------------------------
# Reviews belong to the bookings app (DESIGN.md), which registers how to list them
# (mentors.extensions). The summary is the profile's own figures, which bookings recomputes
# through mentors.services.mentor_rating_recompute after every review.

REVIEW_ASPECTS = ("professionalism", "expertise", "communication", "value_for_money", "punctuality")


def mentor_reviews_summary(*, mentor: MentorProfile) -> dict:
    distribution = mentor.rating_distribution or {}
    aspects = mentor.aspect_averages or {}
    return {
        "average_rating": mentor.average_rating,
        "total_reviews": mentor.total_reviews,
        "rating_distribution": {str(star): int(distribution.get(str(star), 0)) for star in range(1, 6)},
        "aspect_averages": {name: aspects.get(name) for name in REVIEW_ASPECTS},
    }


def mentor_reviews(
    *, mentor_id: uuid.UUID, rating: int | None = None, has_response: bool | None = None, sort: str = "newest"
) -> tuple[MentorProfile, Any, dict]:
    """(mentor, reviews, summary) for a public mentor; 404 for anyone else."""
    mentor = mentor_bookable_get(mentor_id=mentor_id)
    reviews = extensions.reviews_for(mentor, rating=rating, has_response=has_response, sort=sort)
    return mentor, reviews, mentor_reviews_summary(mentor=mentor)


# --- slots for the API ----------------------------------------------------------------------------


def slot_price(*, mentor: MentorProfile, duration_minutes: int, service: Service | None = None) -> tuple:
    """(amount, currency) of one slot, or (None, currency) when the mentor has set no rate.

    A service has its own price; otherwise the hourly rate counts pro rata (45 min of 60.00 = 45.00).
    """
    if service is not None:
        return service.price, service.currency
    if mentor.hourly_rate is None:
        return None, mentor.currency
    amount = (mentor.hourly_rate * duration_minutes / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return amount, mentor.currency


def slot_list(
    *,
    mentor_id: uuid.UUID,
    start: datetime,
    end: datetime,
    service_id: uuid.UUID | None = None,
    duration_minutes: int | None = None,
    now: datetime | None = None,
) -> tuple[MentorProfile, Service | None, list[slot_engine.Slot]]:
    """Open slots of a bookable mentor (GET /slots) in three queries whatever the bookings:
    the mentor (or the service with its mentor), the schedule's entries, the busy time.

    A service sets the length; a different `duration_minutes` with it is refused.
    """
    service = None
    if service_id is not None:
        service = service_bookable_get(service_id=service_id)
        if service.mentor_id != mentor_id:
            raise errors.ServiceNotFound("This mentor offers no such service.")
        if duration_minutes is not None and duration_minutes != service.duration_minutes:
            raise ValidationFailed.for_field(
                "duration_minutes", f"This service lasts {service.duration_minutes} minutes."
            )
        mentor = service.mentor
        duration_minutes = service.duration_minutes
    else:
        mentor = mentor_bookable_get(mentor_id=mentor_id)
    found = slots_for_mentor(mentor=mentor, start=start, end=end, duration_minutes=duration_minutes, now=now)
    return mentor, service, found


def schedule_preview(
    *, mentor: MentorProfile, start_date: date, end_date: date, now: datetime | None = None
) -> tuple[ZoneInfo, list[slot_engine.Slot]]:
    """What the mentor's schedule would offer from start_date to end_date (both included, read in
    the schedule's zone), taken time included with its status: generate-slots shows it whatever
    the profile's status, and stores nothing. Returns the zone the dates were read in."""
    schedule = Schedule.objects.filter(mentor=mentor).prefetch_related(schedules_with_entries()).first()
    if schedule is None:
        return ZoneInfo(mentor.user.timezone), []
    zone = ZoneInfo(schedule.timezone)
    mentor.schedule = schedule
    found = slots_for_mentor(
        mentor=mentor,
        start=datetime.combine(start_date, time.min, tzinfo=zone),
        end=datetime.combine(end_date + timedelta(days=1), time.min, tzinfo=zone),
        include_unavailable=True,
        now=now,
    )
    return zone, found


def mentor_calendar_for_viewer(
    *, mentor_id: uuid.UUID, month: date, viewer_timezone: str, viewer=None, now: datetime | None = None
) -> dict:
    """GET /mentors/{id}/calendar: every slot of the month by the viewer's local date, with its
    status and price. Three queries, and one more for the owning mentor, who also sees which
    booking holds each taken slot."""
    mentor, days = mentor_calendar(mentor_id=mentor_id, month=month, viewer_timezone=viewer_timezone, now=now)
    if mentor is None:
        raise errors.MentorProfileNotFound()
    tz = ZoneInfo(viewer_timezone)
    taken: list[BusyInterval] = []
    if viewer is not None and viewer.is_authenticated and viewer.pk == mentor.user_id:
        first = datetime(month.year, month.month, 1, tzinfo=tz)
        taken = busy_references(
            mentor_id=mentor.pk, start=first - timedelta(days=1), end=first + timedelta(days=32)
        )

    def booking_of(slot: slot_engine.Slot) -> str | None:
        if slot.status not in (slot_engine.BOOKED, slot_engine.HELD):
            return None
        return next(
            (b.reference for b in taken if b.start_at < slot.end_at and b.end_at > slot.start_at), None
        )

    return {
        "mentor": {"id": mentor.pk, "name": mentor.user.full_name or mentor.user.username or ""},
        "timezone": viewer_timezone,
        "month": f"{month:%Y-%m}",
        "days": {
            day: [
                {
                    "slot_id": slot.id,
                    "start_at": slot.start_at,
                    "end_at": slot.end_at,
                    "start_time": f"{slot.start_at.astimezone(tz):%H:%M}",
                    "end_time": f"{slot.end_at.astimezone(tz):%H:%M}",
                    "status": slot.status,
                    "price": slot_price(mentor=mentor, duration_minutes=slot.duration_minutes),
                    "booking_id": booking_of(slot),
                }
                for slot in found
            ]
            for day, found in sorted(days.items())
        },
    }


# --- calendar feeds -------------------------------------------------------------------------------


def calendar_feeds_for_owner(*, mentor: MentorProfile) -> QuerySet[CalendarFeed]:
    """The mentor's own feeds, oldest first: one query a page, whatever the feeds hold."""
    return CalendarFeed.objects.filter(mentor=mentor).order_by("created_at", "pk")


def calendar_feed_get_for_owner(*, mentor: MentorProfile, feed_id: uuid.UUID) -> CalendarFeed:
    """Only the caller's own feed; another mentor's id is simply not found."""
    feed = CalendarFeed.objects.filter(pk=feed_id, mentor=mentor).first()
    if feed is None:
        raise errors.CalendarFeedNotFound()
    return feed


def external_busy_for_owner(*, mentor: MentorProfile, start: datetime, end: datetime) -> list[BusyInterval]:
    """The imported calendar events that overlap [start, end), with their feed: one query."""
    return list(
        BusyInterval.objects.filter(
            mentor=mentor, source=BusySource.EXTERNAL, is_live=True, start_at__lt=end, end_at__gt=start
        )
        .select_related("feed")
        .order_by("start_at", "end_at", "pk")
    )
