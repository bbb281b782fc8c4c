"""The booking lifecycle of API.md §3: create, pay, confirm, decline, expire (cancel,
reschedule and edits are in bookings.services.changes).

Locks are taken in one order everywhere: the booking row, then the learner's user row, then the
mentor's profile row (inside mentors.services.slot_reserve), then wallets or package purchases.
Money that lives in our own tables (credits, package sessions) moves inside the transaction of
the change; a card refund talks to the gateway, so it runs after that transaction committed.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bookings import errors, notifications, opportunities, policy
from bookings.models import (
    Booking,
    BookingStatus,
    LessonType,
    OfferStatus,
    Party,
    PaymentMethod,
    RefundPolicy,
    WaitlistEntry,
    WaitlistOffer,
    WaitlistStatus,
)
from bookings.policy import lesson_types_offered
from bookings.services import freed, money, reminders, rooms
from bookings.services._common import (
    audit,
    audit_offer,
    check_duration,
    check_zone,
    created_here,
    fail,
    lock_booking,
    lock_learner,
    move,
    parse_uuid,
    party,
    people_busy,
    price_for,
    release_time,
)
from core.errors import DomainError, ValidationFailed
from core.locks import busy_as_error
from core.transactions import all_or_nothing, step
from mentors import services as mentor_services
from mentors import slots as slot_engine
from mentors.errors import MentorProfileNotFound, SlotNotAvailable
from mentors.models import BusySource, Category, MentorProfile, Service, Subject
from messaging.services import notifications_batched

# --- the requested window -----------------------------------------------------------------------


def requested_window(
    *, mentor_id, slot_id: str | None, start_at: datetime | None, duration_minutes: int | None
) -> tuple[uuid.UUID, datetime, int | None]:
    """(mentor id, start, duration) from a slot id or from start_at + duration (API.md §2: both
    mean the same thing)."""
    mentor_id = parse_uuid(mentor_id, "mentor_id")
    if slot_id:
        try:
            slot_mentor, start, slot_duration = slot_engine.decode_slot_id(str(slot_id))
        except ValueError:
            raise fail("slot_id", "Not a slot id from GET /slots.") from None
        if mentor_id is not None and slot_mentor != mentor_id:
            raise fail("slot_id", "This slot belongs to another mentor.")
        if duration_minutes is not None and duration_minutes != slot_duration:
            raise fail("duration_minutes", f"This slot lasts {slot_duration} minutes.")
        return slot_mentor, start, slot_duration
    if start_at is None:
        raise ValidationFailed(
            "Give slot_id, or start_at and duration_minutes.",
            details={"slot_id": ["Give slot_id, or start_at and duration_minutes."]},
        )
    if mentor_id is None:
        raise fail("mentor_id", "This field is required.")
    if timezone.is_naive(start_at):
        raise fail("start_at", "Give a time with its offset, e.g. 2027-03-01T10:00:00Z.")
    if start_at.second or start_at.microsecond:
        raise fail("start_at", "Sessions start on a whole minute.")
    return mentor_id, start_at.astimezone(UTC), duration_minutes


def _check_lesson_type(mentor: MentorProfile, lesson_type: str) -> str:
    if lesson_type not in LessonType.values:
        raise fail("lesson_type", "Use online or in_person.")
    if lesson_type not in lesson_types_offered(mentor):
        raise fail("lesson_type", "This mentor does not offer this kind of session.")
    return lesson_type


# --- create -------------------------------------------------------------------------------------


def booking_create(
    *,
    learner,
    mentor_id=None,
    slot_id: str | None = None,
    start_at: datetime | None = None,
    duration_minutes: int | None = None,
    timezone_name: str | None = None,
    service_id=None,
    subject_id=None,
    category_id=None,
    opportunity_id=None,
    topic: str = "",
    learner_notes: str = "",
    lesson_type: str = LessonType.ONLINE,
    payment_method: str = PaymentMethod.CARD,
    package_purchase_id=None,
    card: str | None = None,
    offer_id=None,
    request=None,
    now: datetime | None = None,
):
    """Book a mentor's free time. Returns (booking, payment or None).

    Card: the slot is held for the payment (15 min) and the Payment is created after the
    booking's transaction, with the gateway. Credits and package sessions are taken inside it,
    so a 402 leaves nothing behind. Free sessions skip payment.
    """
    now = now or timezone.now()
    mentor_id, start, duration = requested_window(
        mentor_id=mentor_id, slot_id=slot_id, start_at=start_at, duration_minutes=duration_minutes
    )
    mentor = MentorProfile.objects.bookable().select_related("user", "schedule").filter(pk=mentor_id).first()
    if mentor is None:
        raise MentorProfileNotFound()
    opportunities.opportunity_check(opportunity_id, mentor)
    if mentor.user_id == learner.pk:
        raise errors.CannotBookYourself()
    service = None
    if service_id:
        service = Service.objects.filter(
            pk=parse_uuid(service_id, "service_id"), mentor=mentor, is_active=True
        ).first()
        if service is None:
            # Bad input in the body, like an unknown subject_id below: 400 naming the field.
            raise fail("service_id", "This mentor offers no such service.")
        if duration is not None and duration != service.duration_minutes:
            raise fail("duration_minutes", f"This service lasts {service.duration_minutes} minutes.")
        duration = service.duration_minutes
    duration = check_duration(duration)
    subject = category = None
    if subject_id:
        subject = Subject.objects.filter(pk=parse_uuid(subject_id, "subject_id"), is_active=True).first()
        if subject is None:
            raise fail("subject_id", "Unknown or inactive subject.")
    if category_id:
        category = Category.objects.filter(pk=parse_uuid(category_id, "category_id"), is_active=True).first()
        if category is None:
            raise fail("category_id", "Unknown or inactive category.")
    lesson_type = _check_lesson_type(mentor, lesson_type)
    zone = check_zone(timezone_name, learner.timezone)
    price, currency, credits = price_for(mentor=mentor, service=service, duration_minutes=duration)
    method = _payment_method(payment_method, price=price, package_purchase_id=package_purchase_id)
    end = start + timedelta(minutes=duration)
    booking_id = uuid.uuid4()

    # One transaction and no SAVEPOINT: any refusal fails the whole booking, so the services
    # called below join it (core.transactions), and the booking's notifications (the mentor's,
    # the learner's, the credits') are written together as it ends (notifications_batched).
    with transaction.atomic(durable=True), busy_as_error(), all_or_nothing(), notifications_batched():
        lock_learner(learner)
        # An offer accepted twice (or expired) says so, before the learner's own booking of
        # that time would answer "you already have a session".
        offer = _take_offer(offer_id=offer_id, learner=learner, mentor=mentor, start=start, now=now)
        busy = people_busy(users=[learner.pk, mentor.user_id], start=start, end=end)
        if learner.pk in busy:
            raise SlotNotAvailable(
                "You already have a session at this time.", details={"reason": "learner_busy"}
            )
        if mentor.user_id in busy:
            # The mentor is booked as someone else's learner then (not in their busy intervals).
            raise SlotNotAvailable(details={"reason": "mentor_busy"})
        booking = Booking.objects.create(
            id=booking_id,
            mentor=mentor,
            learner=learner,
            service=service,
            subject=subject,
            category=category or (subject.category if subject else None),
            opportunity_id=parse_uuid(opportunity_id, "opportunity_id"),
            topic=(topic or "")[:200],
            learner_notes=learner_notes or "",
            lesson_type=lesson_type,
            start_at=start,
            end_at=end,
            duration_minutes=duration,
            timezone=zone,
            price=price or 0,
            currency=currency,
            credit_price=credits,
            payment_method=method,
            package_purchase_id=parse_uuid(package_purchase_id, "package_purchase_id")
            if method == PaymentMethod.PACKAGE
            else None,
            status=BookingStatus.PENDING_PAYMENT,
            status_changed_at=now,
            payment_due_at=now + timedelta(minutes=settings.BOOKINGS_PAYMENT_HOLD_MINUTES)
            if method == PaymentMethod.CARD
            else None,
        )
        audit(booking, actor=learner, action="create", request=request, payment_method=method)
        # The mentor's row stays locked from slot_reserve to the commit, and every booking of
        # this mentor queues on it: everything that needs no lock (the booking row, its audit
        # entry) is written first, so the lock covers only the time itself and the in-house
        # payment (wallets come after the mentor in the lock order). Card payments and
        # notifications run after the commit.
        mentor_services.slot_reserve(
            mentor=mentor,
            start_at=start,
            duration_minutes=duration,
            source=BusySource.HOLD if method == PaymentMethod.CARD else BusySource.BOOKING,
            reference=str(booking_id),
            now=now,
        )
        with created_here(booking):
            if method == PaymentMethod.CREDITS:
                # Writes `spent`/`earned`; payments' credits_transferred signal marks it paid.
                money.pay_with_credits(booking=booking)
            elif method == PaymentMethod.PACKAGE:
                money.pay_with_package(booking=booking, now=now)
                booking_mark_paid(booking_id=booking.pk, now=now)
            elif method == PaymentMethod.FREE:
                booking_mark_paid(booking_id=booking.pk, now=now)
        if offer is not None:
            offer.status, offer.booking, offer.responded_at = OfferStatus.ACCEPTED, booking, now
            offer.save(update_fields=["status", "booking", "responded_at"])
            audit_offer(offer, actor=learner, verb="accepted", booking_id=booking.pk)
            offer.entry.status = WaitlistStatus.BOOKED
            offer.entry.save(update_fields=["status", "updated_at"])
    payment = None
    if method == PaymentMethod.CARD:
        try:
            payment = money.card_payment_create(booking=booking, card=card)
        except DomainError as error:
            # Declined, or the provider is down: the time goes back and the error says why.
            booking_abandon(booking_id=booking.pk, now=now)
            error.details = {**error.details, "booking_id": str(booking.pk)}
            raise
    if method == PaymentMethod.CARD:
        # The card payment moved the booking on another copy of the row: read its own columns
        # again, keeping the mentor, learner and tags loaded here (the API renders them as they
        # are). Credits, packages and free sessions moved this very copy (created_here).
        booking.refresh_from_db(fields=_OWN_COLUMNS)
    return booking, payment


_OWN_COLUMNS = [f.attname for f in Booking._meta.concrete_fields if not f.is_relation]


def _payment_method(requested: str, *, price, package_purchase_id) -> str:
    if requested not in (PaymentMethod.CARD, PaymentMethod.CREDITS, PaymentMethod.PACKAGE):
        raise fail("payment_method", "Use card, credits or package.")
    if price is not None and price == 0:
        return PaymentMethod.FREE  # nothing to pay, whatever was asked for
    if requested == PaymentMethod.PACKAGE:
        if not package_purchase_id:
            raise fail("package_purchase_id", "Say which of your packages pays for the session.")
        return PaymentMethod.PACKAGE
    if requested == PaymentMethod.CREDITS:
        return PaymentMethod.CREDITS
    if price is None:
        raise fail("payment_method", "This mentor has not set a price yet; pay with credits or a package.")
    return PaymentMethod.CARD


def _take_offer(*, offer_id, learner, mentor, start: datetime, now: datetime) -> WaitlistOffer | None:
    """Accepting a waitlist offer books the held time: the hold makes way for the booking."""
    if not offer_id:
        return None
    offer = (
        WaitlistOffer.objects.select_for_update(of=("self",))
        .select_related("entry")
        .filter(pk=offer_id, learner=learner)
        .first()
    )
    if offer is None:
        raise errors.OfferNotFound()
    if offer.status != OfferStatus.OPEN or offer.expires_at <= now:
        raise errors.OfferNotOpen(details={"status": offer.status})
    if offer.mentor_id != mentor.pk or offer.start_at != start:
        raise fail("offer_id", "The offer is for another time.")
    mentor_services.slot_release(reference=offer.hold_reference)
    return offer


def booking_abandon(*, booking_id, now: datetime | None = None) -> None:
    """The card payment could not be started: expire the booking and free its time."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = lock_booking(booking_id)
        if booking.status != BookingStatus.PENDING_PAYMENT:
            return
        fields = move(booking, BookingStatus.EXPIRED, now=now)
        booking.system_reason = "payment_failed"
        booking.save(update_fields=[*fields, "system_reason"])
        mentor_services.slot_release(reference=str(booking.pk))
        _waitlist_reopen(booking)
        audit(booking, actor=None, action="expire", reason="payment_failed")
        freed.time_freed(booking)


def _waitlist_reopen(booking: Booking) -> None:
    """A booking made from a waitlist offer that was never paid: its learner waits again."""
    WaitlistEntry.objects.filter(offers__booking=booking, status=WaitlistStatus.BOOKED).update(
        status=WaitlistStatus.WAITING, updated_at=timezone.now()
    )


# --- paid ---------------------------------------------------------------------------------------


def booking_mark_paid(
    *, booking_id, now: datetime | None = None, method: str | None = None
) -> Booking | None:
    """The booking's price was taken (card webhook, credits, a package session, or nothing to
    pay). Moves it to the mentor (pending) or, with auto-confirm, to confirmed. Called inside
    the transaction that took the money; safe to repeat.

    A payment that arrives after its booking expired revives the booking while its time is
    still free; otherwise, as for a booking that was cancelled meanwhile, the money goes back.
    """
    now = now or timezone.now()
    with step():
        booking = lock_booking(booking_id)
        # Only a card booking's time is held until it is paid: credits, package sessions and
        # free sessions are booked outright (booking_create), so there is no hold to turn.
        held = booking.payment_method == PaymentMethod.CARD
        if method and booking.payment_method != method:
            booking.payment_method = method
            booking.save(update_fields=["payment_method", "updated_at"])
        if booking.status == BookingStatus.EXPIRED and booking.system_reason in ("unpaid", "payment_failed"):
            if not _revive(booking, now=now):
                money.refund_after_commit(booking)
                return booking
            held = True  # _revive holds the time again
        elif booking.status != BookingStatus.PENDING_PAYMENT:
            if not booking.is_live:
                money.refund_after_commit(booking)
            return booking
        if held:
            mentor_services.slot_hold_confirm(reference=str(booking.pk))
        booking.paid_at = now
        booking.payment_due_at = None
        paid = ["paid_at", "payment_due_at"]
        schedule = getattr(booking.mentor, "schedule", None)
        if schedule is None or schedule.auto_confirm:
            _confirm(booking, now=now, also=paid)
            audit(booking, actor=None, action="confirm", auto=True)
        else:
            fields = move(booking, BookingStatus.PENDING, now=now)
            booking.confirm_by = min(
                now + timedelta(hours=settings.BOOKINGS_CONFIRM_WITHIN_HOURS), booking.start_at
            )
            booking.save(update_fields=[*paid, *fields, "confirm_by"])
            audit(booking, actor=None, action="paid")
            notifications.requested(booking)
    return booking


def _revive(booking: Booking, *, now: datetime) -> bool:
    try:
        with transaction.atomic():
            mentor_services.slot_reserve(
                mentor=booking.mentor,
                start_at=booking.start_at,
                duration_minutes=booking.duration_minutes,
                source=BusySource.HOLD,
                reference=str(booking.pk),
                now=now,
            )
    except SlotNotAvailable:
        return False
    # Back to where it was, so the paid path below moves it on as usual.
    fields = move(booking, BookingStatus.PENDING_PAYMENT, now=now)
    booking.system_reason = ""
    booking.save(update_fields=[*fields, "system_reason"])
    return True


def _confirm(booking: Booking, *, now: datetime, also: list[str] = ()) -> None:
    """Confirmed, with its room and reminders: one UPDATE of the booking row (with the fields
    `also` names, set by the caller) rather than one per step."""
    fields = move(booking, BookingStatus.CONFIRMED, now=now)
    booking.confirmed_at = now
    booking.confirm_by = None
    fields += [*also, "confirmed_at", "confirm_by", *rooms.room_open(booking, save=False)]
    reminders.reminders_plan(booking=booking, now=now, save_booking=False)
    booking.room_reminder_sent_at = None
    booking.save(update_fields=list(dict.fromkeys([*fields, "room_reminder_sent_at"])))
    notifications.confirmed(booking)


# --- the mentor's answer ------------------------------------------------------------------------


def _lock_for_mentor(booking_id, user) -> Booking:
    booking = lock_booking(booking_id, for_user=user)
    if party(booking, user) not in (Party.MENTOR, Party.STAFF):
        raise errors.NotAParty()
    return booking


def booking_confirm(*, booking_id, user, request=None, now: datetime | None = None) -> Booking:
    now = now or timezone.now()
    with transaction.atomic():
        booking = _lock_for_mentor(booking_id, user)
        if not policy.may_confirm(booking, now=now):
            raise errors.IllegalTransition(
                "The session's time has passed."
                if booking.status in policy.ANSWERABLE
                else f"A {booking.status.replace('_', ' ')} booking cannot become confirmed.",
                details={"status": booking.status},
            )
        _confirm(booking, now=now)
        audit(booking, actor=user, action="confirm", request=request)
    return booking


def booking_decline(*, booking_id, user, reason: str = "", request=None, now: datetime | None = None):
    """pending → declined with a full refund (API.md §3). Returns (booking, refund summary)."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        booking = _lock_for_mentor(booking_id, user)
        fields = move(booking, BookingStatus.DECLINED, now=now)
        booking.decline_reason = (reason or "")[:500]
        booking.refund_policy = RefundPolicy.FULL
        booking.save(update_fields=[*fields, "decline_reason", "refund_policy"])
        release_time(booking)
        money.give_back_in_house(booking)
        audit(booking, actor=user, action="decline", request=request, reason=booking.decline_reason)
        notifications.declined(booking)
    return booking, money.card_refund(booking, actor=user)


# --- expiry (the beat jobs call these one booking at a time) ----------------------------------------


def booking_expire(*, booking: Booking, reason: str, now: datetime) -> None:
    """Inside the job's transaction, with the row locked: unpaid after the hold, or not
    confirmed in time (API.md §3). A paid one is refunded in full."""
    fields = move(booking, BookingStatus.EXPIRED, now=now)
    booking.system_reason = reason
    if booking.paid_at is not None:
        booking.refund_policy = RefundPolicy.FULL
        fields.append("refund_policy")
    booking.save(update_fields=[*fields, "system_reason"])
    release_time(booking)
    if booking.paid_at is not None:
        money.give_back_in_house(booking)
    else:
        _waitlist_reopen(booking)
    audit(booking, actor=None, action="expire", reason=reason)
    notifications.expired(booking)
