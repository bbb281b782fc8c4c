"""Waitlists with auto-offer (issue 8).

A learner waits for a mentor's time in a date range, optionally a time of day (in their zone),
for a length. When matching time is free (a cancellation, decline, expiry, reschedule or a
schedule change; or simply free when they join), the first waiting learner it fits gets an
offer: the time is held for them as a busy interval (source hold, reference `offer:<id>`) for
BOOKINGS_WAITLIST_OFFER_MINUTES, and they are told. Accepting books it through the normal
booking service; declining or letting it expire passes the time on to the next learner.

Matching runs under the mentor row's lock (the lock every booking of the mentor takes), and
each offer holds its time in the table the exclusion constraint guards: one slot can never be
offered twice, and a learner holds at most one open offer (a unique constraint), so two freed
times go to two different learners.
"""

from __future__ import annotations

import logging
import uuid
import zoneinfo
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from bookings import errors
from bookings.models import (
    LIVE_STATUSES,
    Booking,
    OfferStatus,
    WaitlistEntry,
    WaitlistOffer,
    WaitlistStatus,
)
from bookings.notifications import local_time
from bookings.services._common import audit_offer, check_duration, check_zone, fail
from core.errors import Conflict
from core.locks import claim_due
from mentors import selectors as mentor_selectors
from mentors import services as mentor_services
from mentors.errors import MentorProfileNotFound, ServiceNotFound, SlotNotAvailable
from mentors.models import BusySource, MentorProfile, Service
from messaging.services import notify

logger = logging.getLogger("mentora.bookings")

MAX_WAITING_PER_LEARNER = 20


# --- joining and leaving ------------------------------------------------------------------------


def waitlist_join(
    *,
    learner,
    mentor_id,
    start_date: date,
    end_date: date,
    time_from: time | None = None,
    time_to: time | None = None,
    timezone_name: str | None = None,
    duration_minutes: int | None = None,
    service_id=None,
    note: str = "",
    now: datetime | None = None,
) -> WaitlistEntry:
    now = now or timezone.now()
    mentor = MentorProfile.objects.bookable().select_related("schedule").filter(pk=mentor_id).first()
    if mentor is None:
        raise MentorProfileNotFound()
    if mentor.user_id == learner.pk:
        raise fail("mentor_id", "You cannot wait for your own time.")
    zone_name = check_zone(timezone_name, learner.timezone)
    service = None
    if service_id:
        service = Service.objects.filter(pk=service_id, mentor=mentor, is_active=True).first()
        if service is None:
            raise ServiceNotFound("This mentor offers no such service.")
        if duration_minutes not in (None, service.duration_minutes):
            raise fail("duration_minutes", f"This service lasts {service.duration_minutes} minutes.")
        duration_minutes = service.duration_minutes
    duration_minutes = check_duration(duration_minutes or 60)
    today = now.astimezone(zoneinfo.ZoneInfo(zone_name)).date()
    if start_date < today:
        raise fail("start_date", "The range cannot start in the past.")
    if end_date < start_date:
        raise fail("end_date", "The range must end on or after its start.")
    horizon = getattr(getattr(mentor, "schedule", None), "max_advance_days", 90)
    if end_date > today + timedelta(days=horizon):
        raise fail("end_date", f"This mentor takes bookings up to {horizon} days ahead.")
    if (time_from is None) != (time_to is None):
        raise fail("time_to", "Give both ends of the time of day, or neither.")
    if time_from is not None and time_from >= time_to:
        raise fail("time_to", "The time of day must end after it starts.")
    with transaction.atomic():
        # The learner's row is the lock of their waitlist: two joins at once queue here, so the
        # cap and the duplicate check below see each other.
        User.objects.select_for_update().filter(pk=learner.pk).first()
        waiting = WaitlistEntry.objects.filter(learner=learner, status=WaitlistStatus.WAITING)
        if waiting.count() >= MAX_WAITING_PER_LEARNER:
            raise fail("mentor_id", f"You can wait for at most {MAX_WAITING_PER_LEARNER} times at once.")
        # The unique constraint treats an empty time of day (NULL) as different from every other,
        # so a wait without one is caught here.
        if waiting.filter(
            mentor=mentor,
            start_date=start_date,
            end_date=end_date,
            time_from=time_from,
            time_to=time_to,
            duration_minutes=duration_minutes,
        ).exists():
            raise Conflict("You are already waiting for this.")
        try:
            with transaction.atomic():
                entry = WaitlistEntry.objects.create(
                    learner=learner,
                    mentor=mentor,
                    service=service,
                    start_date=start_date,
                    end_date=end_date,
                    time_from=time_from,
                    time_to=time_to,
                    timezone=zone_name,
                    duration_minutes=duration_minutes,
                    note=(note or "")[:500],
                )
        except IntegrityError:
            raise Conflict("You are already waiting for this.") from None
        _match_after_commit(mentor.pk)
    return entry


def waitlist_leave(*, learner, entry_id) -> None:
    with transaction.atomic():
        entry = WaitlistEntry.objects.select_for_update().filter(pk=entry_id, learner=learner).first()
        if entry is None:
            raise errors.WaitlistEntryNotFound()
        if entry.status != WaitlistStatus.WAITING:
            raise Conflict("You are no longer waiting for this.", details={"status": entry.status})
        entry.status = WaitlistStatus.CANCELLED
        entry.save(update_fields=["status", "updated_at"])
        for offer in WaitlistOffer.objects.select_for_update().filter(entry=entry, status=OfferStatus.OPEN):
            _close(offer, status=OfferStatus.WITHDRAWN, now=timezone.now())
            _match_after_commit(entry.mentor_id)


def _match_after_commit(mentor_id) -> None:
    from bookings import tasks

    tasks.waitlist_match.delay_on_commit(str(mentor_id))


# --- offers -------------------------------------------------------------------------------------


def _close(offer: WaitlistOffer, *, status: str, now: datetime) -> None:
    offer.status = status
    offer.responded_at = now
    offer.save(update_fields=["status", "responded_at"])
    mentor_services.slot_release(reference=offer.hold_reference)


def offer_decline(*, learner, offer_id, now: datetime | None = None) -> WaitlistOffer:
    now = now or timezone.now()
    with transaction.atomic():
        offer = WaitlistOffer.objects.select_for_update().filter(pk=offer_id, learner=learner).first()
        if offer is None:
            raise errors.OfferNotFound()
        if offer.status != OfferStatus.OPEN:
            raise errors.OfferNotOpen(details={"status": offer.status})
        _close(offer, status=OfferStatus.DECLINED, now=now)
        audit_offer(offer, actor=learner, verb="declined")
        _match_after_commit(offer.mentor_id)
    return offer


def offer_accept(*, learner, offer_id, payment_method: str = "card", request=None, **booking_fields):
    """Book the offered time through the normal booking service (payment and all). Returns
    (booking, payment)."""
    from bookings.services.lifecycle import booking_create

    offer = WaitlistOffer.objects.select_related("entry").filter(pk=offer_id, learner=learner).first()
    if offer is None:
        raise errors.OfferNotFound()
    return booking_create(
        learner=learner,
        mentor_id=offer.mentor_id,
        start_at=offer.start_at,
        duration_minutes=offer.duration_minutes,
        service_id=offer.entry.service_id,
        timezone_name=offer.entry.timezone,
        payment_method=payment_method,
        offer_id=offer.pk,
        request=request,
        **booking_fields,
    )


def offers_expire(*, now: datetime | None = None) -> int:
    """Open offers past their time: the hold goes and the time passes to the next learner."""
    now = now or timezone.now()
    due = WaitlistOffer.objects.filter(status=OfferStatus.OPEN, expires_at__lte=now)

    def expire(offer: WaitlistOffer) -> bool:
        _close(offer, status=OfferStatus.EXPIRED, now=now)
        audit_offer(offer, actor=None, verb="expired")
        return True

    return claim_due(
        due,
        expire,
        order_by=("expires_at",),
        after=lambda offer: waitlist_match(mentor_id=offer.mentor_id, now=now),
    )


def entries_expire(*, now: datetime | None = None) -> int:
    """Entries whose whole range is over (a day early in the west is fine: no slot is left)."""
    now = now or timezone.now()
    with transaction.atomic():
        return WaitlistEntry.objects.filter(
            status=WaitlistStatus.WAITING, end_date__lt=(now - timedelta(days=1)).date()
        ).update(status=WaitlistStatus.EXPIRED, updated_at=now)


# --- matching -----------------------------------------------------------------------------------


def _window(entry: WaitlistEntry) -> tuple[datetime, datetime]:
    zone = zoneinfo.ZoneInfo(entry.timezone)
    return (
        datetime.combine(entry.start_date, time.min, tzinfo=zone),
        datetime.combine(entry.end_date + timedelta(days=1), time.min, tzinfo=zone),
    )


def _fits_time_of_day(entry: WaitlistEntry, start: datetime, end: datetime) -> bool:
    """Inside the learner's time of day, on one local day."""
    if entry.time_from is None:
        return True
    zone = zoneinfo.ZoneInfo(entry.timezone)
    local_start, local_last = start.astimezone(zone), (end - timedelta(microseconds=1)).astimezone(zone)
    return (
        local_start.date() == local_last.date()
        and entry.time_from <= local_start.time()
        and local_last.time() < entry.time_to
    )


def waitlist_match(*, mentor_id, now: datetime | None = None) -> list[WaitlistOffer]:
    """Offer the mentor's free time to waiting learners, first come first served. Each entry
    gets the earliest free slot that fits it and does not clash with the learner's bookings,
    and that this entry was not offered before (a declined time is not offered again)."""
    now = now or timezone.now()
    made: list[WaitlistOffer] = []
    with transaction.atomic():
        mentor = (
            MentorProfile.objects.bookable()
            .select_for_update(of=("self",))
            .select_related("schedule", "user")
            .filter(pk=mentor_id)
            .first()
        )
        if mentor is None or getattr(mentor, "schedule", None) is None:
            return made
        entries = list(
            WaitlistEntry.objects.filter(mentor=mentor, status=WaitlistStatus.WAITING)
            .select_related("learner")
            .order_by("created_at", "pk")
        )
        if not entries:
            return made
        busy_learners = set(
            WaitlistOffer.objects.filter(status=OfferStatus.OPEN).values_list("learner_id", flat=True)
        )
        for entry in entries:
            if entry.learner_id in busy_learners:
                continue
            offer = _offer_for(entry, mentor=mentor, now=now)
            if offer is not None:
                made.append(offer)
                busy_learners.add(entry.learner_id)
    return made


def _offer_for(entry: WaitlistEntry, *, mentor: MentorProfile, now: datetime) -> WaitlistOffer | None:
    start, end = _window(entry)
    start = max(start, now)
    if start >= end:
        return None
    offered_before = set(WaitlistOffer.objects.filter(entry=entry).values_list("start_at", flat=True))
    # Their live sessions on either side (a learner may mentor too): booking_create refuses a
    # time that clashes with any of them, so such a time is never offered.
    learner_bookings = list(
        Booking.objects.filter(
            Q(learner_id=entry.learner_id) | Q(mentor__user_id=entry.learner_id),
            status__in=LIVE_STATUSES,
            start_at__lt=end,
            end_at__gt=start,
        ).values_list("start_at", "end_at")
    )
    candidates = mentor_selectors.slots_for_mentor(
        mentor=mentor, start=start, end=end, duration_minutes=entry.duration_minutes, now=now
    )
    for slot in candidates:
        if slot.start_at in offered_before or not _fits_time_of_day(entry, slot.start_at, slot.end_at):
            continue
        if any(s < slot.end_at and e > slot.start_at for s, e in learner_bookings):
            continue
        offer_id = uuid.uuid4()
        try:
            with transaction.atomic():
                mentor_services.slot_reserve(
                    mentor=mentor,
                    start_at=slot.start_at,
                    duration_minutes=entry.duration_minutes,
                    source=BusySource.HOLD,
                    reference=f"offer:{offer_id}",
                    now=now,
                )
                offer = WaitlistOffer.objects.create(
                    id=offer_id,
                    entry=entry,
                    learner_id=entry.learner_id,
                    mentor=mentor,
                    start_at=slot.start_at,
                    end_at=slot.end_at,
                    duration_minutes=entry.duration_minutes,
                    expires_at=now + timedelta(minutes=settings.BOOKINGS_WAITLIST_OFFER_MINUTES),
                )
                audit_offer(offer, actor=None, verb="made", expires_at=offer.expires_at)
        except (SlotNotAvailable, IntegrityError):
            continue  # taken meanwhile, or the learner got another offer: try the next one
        _tell(offer, entry=entry, mentor=mentor)
        return offer
    return None


def _tell(offer: WaitlistOffer, *, entry: WaitlistEntry, mentor: MentorProfile) -> None:
    learner = entry.learner
    minutes = settings.BOOKINGS_WAITLIST_OFFER_MINUTES
    notify(
        user=learner,
        type="waitlist_offer",
        title=f"A time with {mentor.user.display_name} is free for you",
        body=f"{local_time(offer.start_at, learner)}, {offer.duration_minutes} minutes. "
        f"It is held for you for {minutes} minutes.",
        action_url=reverse("bookings:offer", args=[offer.pk]),
        data={
            "offer_id": offer.pk,
            "mentor_id": mentor.pk,
            "start_at": offer.start_at,
            "end_at": offer.end_at,
            "expires_at": offer.expires_at,
        },
        dedupe_key=f"waitlist-offer:{offer.pk}",
    )


def mentors_waiting() -> list:
    """Mentors with someone waiting (the periodic run matches each of them)."""
    return list(
        WaitlistEntry.objects.filter(status=WaitlistStatus.WAITING)
        .order_by()
        .values_list("mentor_id", flat=True)
        .distinct()
    )
