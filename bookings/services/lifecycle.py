"""The booking lifecycle of API.md §3: create, pay, confirm, decline, cancel, reschedule, expire.

Locks are taken in one order everywhere: the booking row, then the learner's user row, then the
mentor's profile row (inside mentors.services.slot_reserve), then wallets or package purchases.
Money that lives in our own tables (credits, package sessions) moves inside the transaction of
the change; a card refund talks to the gateway, so it runs after that transaction committed.
"""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from bookings import errors, notifications
from bookings.models import (
    LIVE_STATUSES,
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
from bookings.policy import CANCELLABLE, cancellation_policy, lesson_types_offered, refund_deadline
from bookings.services import freed, money, reminders, rooms
from bookings.services._common import audit, lock_booking, move, party, price_for
from core.errors import DomainError, ValidationFailed
from mentors import services as mentor_services
from mentors import slots as slot_engine
from mentors.errors import MentorProfileNotFound, SlotNotAvailable
from mentors.models import SLOT_DURATIONS, BusySource, Category, MentorProfile, Service, Subject
from payments.services._locks import busy_as_error, set_lock_timeout


def _fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed.for_field(field, message)


def _uuid(value: Any, field: str) -> uuid.UUID | None:
    if value in (None, ""):
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise _fail(field, "Not a valid id.") from None


# --- the requested window -----------------------------------------------------------------------


def requested_window(
    *, mentor_id, slot_id: str | None, start_at: datetime | None, duration_minutes: int | None
) -> tuple[uuid.UUID, datetime, int | None]:
    """(mentor id, start, duration) from a slot id or from start_at + duration (API.md §2: both
    mean the same thing)."""
    mentor_id = _uuid(mentor_id, "mentor_id")
    if slot_id:
        try:
            slot_mentor, start, slot_duration = slot_engine.decode_slot_id(str(slot_id))
        except ValueError:
            raise _fail("slot_id", "Not a slot id from GET /slots.") from None
        if mentor_id is not None and slot_mentor != mentor_id:
            raise _fail("slot_id", "This slot belongs to another mentor.")
        if duration_minutes is not None and duration_minutes != slot_duration:
            raise _fail("duration_minutes", f"This slot lasts {slot_duration} minutes.")
        return slot_mentor, start, slot_duration
    if start_at is None:
        raise ValidationFailed(
            "Give slot_id, or start_at and duration_minutes.",
            details={"slot_id": ["Give slot_id, or start_at and duration_minutes."]},
        )
    if mentor_id is None:
        raise _fail("mentor_id", "This field is required.")
    if timezone.is_naive(start_at):
        raise _fail("start_at", "Give a time with its offset, e.g. 2027-03-01T10:00:00Z.")
    if start_at.second or start_at.microsecond:
        raise _fail("start_at", "Sessions start on a whole minute.")
    return mentor_id, start_at.astimezone(UTC), duration_minutes


def _check_duration(duration: int | None) -> int:
    if duration not in SLOT_DURATIONS:
        raise _fail("duration_minutes", f"Use one of {', '.join(map(str, SLOT_DURATIONS))}.")
    return int(duration)


def _check_zone(name: str | None, fallback: str) -> str:
    name = name or fallback or "UTC"
    if name not in zoneinfo.available_timezones():
        raise _fail("timezone", "Use an IANA time zone name, e.g. Europe/London.")
    return name


def _check_lesson_type(mentor: MentorProfile, lesson_type: str) -> str:
    if lesson_type not in LessonType.values:
        raise _fail("lesson_type", "Use online or in_person.")
    if lesson_type not in lesson_types_offered(mentor):
        raise _fail("lesson_type", "This mentor does not offer this kind of session.")
    return lesson_type


def _person_busy(*, user, start: datetime, end: datetime, exclude: uuid.UUID | None = None) -> bool:
    """Does `user` have another live session then, as a learner or as a mentor? One person
    cannot be in two sessions at once, whichever side of them they are on."""
    clash = Booking.objects.filter(
        Q(learner=user) | Q(mentor__user=user), status__in=LIVE_STATUSES, start_at__lt=end, end_at__gt=start
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    return clash.exists()


def _lock_learner(learner) -> None:
    # Two bookings of one learner with two mentors at once: both lock this row first, so the
    # second sees the first and its overlap check holds.
    User.objects.select_for_update().filter(pk=learner.pk).first()


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
    if mentor.user_id == learner.pk:
        raise errors.CannotBookYourself()
    service = None
    if service_id:
        service = Service.objects.filter(
            pk=_uuid(service_id, "service_id"), mentor=mentor, is_active=True
        ).first()
        if service is None:
            # Bad input in the body, like an unknown subject_id below: 400 naming the field.
            raise _fail("service_id", "This mentor offers no such service.")
        if duration is not None and duration != service.duration_minutes:
            raise _fail("duration_minutes", f"This service lasts {service.duration_minutes} minutes.")
        duration = service.duration_minutes
    duration = _check_duration(duration)
    subject = category = None
    if subject_id:
        subject = Subject.objects.filter(pk=_uuid(subject_id, "subject_id"), is_active=True).first()
        if subject is None:
            raise _fail("subject_id", "Unknown or inactive subject.")
    if category_id:
        category = Category.objects.filter(pk=_uuid(category_id, "category_id"), is_active=True).first()
        if category is None:
            raise _fail("category_id", "Unknown or inactive category.")
    lesson_type = _check_lesson_type(mentor, lesson_type)
    zone = _check_zone(timezone_name, learner.timezone)
    price, currency, credits = price_for(mentor=mentor, service=service, duration_minutes=duration)
    method = _payment_method(payment_method, price=price, package_purchase_id=package_purchase_id)
    end = start + timedelta(minutes=duration)
    booking_id = uuid.uuid4()

    with transaction.atomic(), busy_as_error():
        # Everyone who wants this mentor's time queues on the mentor row; a popular slot can
        # have dozens in line, each through in milliseconds, so the wait may be a little longer
        # than for a payment before it turns into a "busy, try again".
        set_lock_timeout(settings.BOOKINGS_LOCK_TIMEOUT)
        _lock_learner(learner)
        # An offer accepted twice (or expired) says so, before the learner's own booking of
        # that time would answer "you already have a session".
        offer = _take_offer(offer_id=offer_id, learner=learner, mentor=mentor, start=start, now=now)
        if _person_busy(user=learner, start=start, end=end):
            raise SlotNotAvailable(
                "You already have a session at this time.", details={"reason": "learner_busy"}
            )
        if _person_busy(user=mentor.user, start=start, end=end):
            # The mentor is booked as someone else's learner then (not in their busy intervals).
            raise SlotNotAvailable(details={"reason": "mentor_busy"})
        mentor_services.slot_reserve(
            mentor=mentor,
            start_at=start,
            duration_minutes=duration,
            source=BusySource.HOLD if method == PaymentMethod.CARD else BusySource.BOOKING,
            reference=str(booking_id),
            now=now,
        )
        booking = Booking.objects.create(
            id=booking_id,
            mentor=mentor,
            learner=learner,
            service=service,
            subject=subject,
            category=category or (subject.category if subject else None),
            opportunity_id=_uuid(opportunity_id, "opportunity_id"),
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
            package_purchase_id=_uuid(package_purchase_id, "package_purchase_id")
            if method == PaymentMethod.PACKAGE
            else None,
            status=BookingStatus.PENDING_PAYMENT,
            status_changed_at=now,
            payment_due_at=now + timedelta(minutes=settings.BOOKINGS_PAYMENT_HOLD_MINUTES)
            if method == PaymentMethod.CARD
            else None,
        )
        audit(booking, actor=learner, action="create", request=request, payment_method=method)
        if method == PaymentMethod.CREDITS:
            # Writes `spent`/`earned`; payments' credits_transferred signal marks the booking paid.
            money.pay_with_credits(booking=booking)
        elif method == PaymentMethod.PACKAGE:
            money.pay_with_package(booking=booking, now=now)
            booking_mark_paid(booking_id=booking.pk, now=now)
        elif method == PaymentMethod.FREE:
            booking_mark_paid(booking_id=booking.pk, now=now)
        if offer is not None:
            offer.status, offer.booking, offer.responded_at = OfferStatus.ACCEPTED, booking, now
            offer.save(update_fields=["status", "booking", "responded_at"])
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
    booking.refresh_from_db()
    return booking, payment


def _payment_method(requested: str, *, price, package_purchase_id) -> str:
    if requested not in (PaymentMethod.CARD, PaymentMethod.CREDITS, PaymentMethod.PACKAGE):
        raise _fail("payment_method", "Use card, credits or package.")
    if price is not None and price == 0:
        return PaymentMethod.FREE  # nothing to pay, whatever was asked for
    if requested == PaymentMethod.PACKAGE:
        if not package_purchase_id:
            raise _fail("package_purchase_id", "Say which of your packages pays for the session.")
        return PaymentMethod.PACKAGE
    if requested == PaymentMethod.CREDITS:
        return PaymentMethod.CREDITS
    if price is None:
        raise _fail("payment_method", "This mentor has not set a price yet; pay with credits or a package.")
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
        raise _fail("offer_id", "The offer is for another time.")
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
    with transaction.atomic():
        booking = lock_booking(booking_id)
        if method and booking.payment_method != method:
            booking.payment_method = method
            booking.save(update_fields=["payment_method", "updated_at"])
        if booking.status == BookingStatus.EXPIRED and booking.system_reason in ("unpaid", "payment_failed"):
            if not _revive(booking, now=now):
                money.refund_after_commit(booking)
                return booking
        elif booking.status != BookingStatus.PENDING_PAYMENT:
            if not booking.is_live:
                money.refund_after_commit(booking)
            return booking
        mentor_services.slot_hold_confirm(reference=str(booking.pk))
        booking.paid_at = now
        booking.payment_due_at = None
        booking.save(update_fields=["paid_at", "payment_due_at", "updated_at"])
        schedule = getattr(booking.mentor, "schedule", None)
        if schedule is None or schedule.auto_confirm:
            _confirm(booking, now=now)
            audit(booking, actor=None, action="confirm", auto=True)
        else:
            fields = move(booking, BookingStatus.PENDING, now=now)
            booking.confirm_by = min(
                now + timedelta(hours=settings.BOOKINGS_CONFIRM_WITHIN_HOURS), booking.start_at
            )
            booking.save(update_fields=[*fields, "confirm_by"])
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
    booking.status = BookingStatus.PENDING_PAYMENT
    booking.system_reason = ""
    booking.save(update_fields=["status", "system_reason", "updated_at"])
    return True


def _confirm(booking: Booking, *, now: datetime) -> None:
    fields = move(booking, BookingStatus.CONFIRMED, now=now)
    booking.confirmed_at = now
    booking.confirm_by = None
    booking.save(update_fields=[*fields, "confirmed_at", "confirm_by"])
    rooms.room_open(booking)
    reminders.reminders_plan(booking=booking, now=now)
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
        if booking.status == BookingStatus.PENDING and booking.start_at <= now:
            raise errors.IllegalTransition(
                "The session's time has passed.", details={"status": booking.status}
            )
        _confirm(booking, now=now)
        audit(booking, actor=user, action="confirm", request=request)
    return booking


def booking_decline(*, booking_id, user, reason: str = "", request=None, now: datetime | None = None):
    """pending → declined with a full refund (API.md §3). Returns (booking, refund summary)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _lock_for_mentor(booking_id, user)
        fields = move(booking, BookingStatus.DECLINED, now=now)
        booking.decline_reason = (reason or "")[:500]
        booking.refund_policy = RefundPolicy.FULL
        booking.save(update_fields=[*fields, "decline_reason", "refund_policy"])
        _release(booking)
        money.give_back_in_house(booking)
        audit(booking, actor=user, action="decline", request=request, reason=booking.decline_reason)
        notifications.declined(booking)
    return booking, money.card_refund(booking, actor=user)


def _release(booking: Booking) -> None:
    mentor_services.slot_release(reference=str(booking.pk))
    reminders.reminders_cancel(booking=booking)
    freed.time_freed(booking)


# --- cancel -------------------------------------------------------------------------------------


def booking_cancel(
    *,
    booking_id,
    user,
    reason: str = "",
    request_refund: bool = True,
    request=None,
    staff_ok: bool = False,
    now: datetime | None = None,
):
    """Cancel a booking that has not started (its learner or mentor; staff from the admin,
    `staff_ok`). Returns (booking, refund summary or None)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = lock_booking(booking_id, for_user=user, staff_ok=staff_ok)
        by = party(booking, user)
        if booking.status not in CANCELLABLE:
            raise errors.IllegalTransition(
                "A session that started or ended cannot be cancelled."
                if booking.status
                not in (BookingStatus.CANCELLED, BookingStatus.DECLINED, BookingStatus.EXPIRED)
                else "This booking is already closed.",
                details={"status": booking.status},
            )
        was_paid = booking.paid_at is not None
        _mark_cancelled(
            booking,
            by_user=user,
            by=by,
            reason=reason,
            policy=cancellation_policy(booking, by=by, now=now, request_refund=request_refund),
            now=now,
        )
        if booking.refund_policy == RefundPolicy.FULL:
            money.give_back_in_house(booking)
        elif was_paid:
            # A late cancellation: the learner pays, so the mentor's share is due now.
            money.release_earnings(booking, now=now)
        audit(
            booking,
            actor=user,
            action="cancel",
            request=request,
            by=by,
            reason=booking.cancellation_reason,
            refund_policy=booking.refund_policy,
        )
        notifications.cancelled(booking, by_user=user)
    return booking, money.settle(booking, actor=user)


def _mark_cancelled(booking: Booking, *, by_user, by: str, reason: str, policy: str, now: datetime) -> None:
    """The status change of a cancellation (row locked by the caller), and its time released."""
    fields = move(booking, BookingStatus.CANCELLED, now=now)
    booking.cancelled_at = now
    booking.cancelled_by = by_user
    booking.cancelled_by_party = by
    booking.cancellation_reason = (reason or "")[:500]
    booking.refund_policy = policy
    booking.save(
        update_fields=[
            *fields,
            "cancelled_at",
            "cancelled_by",
            "cancelled_by_party",
            "cancellation_reason",
            "refund_policy",
        ]
    )
    _release(booking)


def booking_cancel_refunded(*, booking_id, now: datetime | None = None) -> None:
    """The learner's payment was refunded through payments (POST /payments/{id}/refund, or at
    the provider) while the booking was still on: the booking ends with it (policy full)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = lock_booking(booking_id)
        if booking.status not in CANCELLABLE:
            return
        _mark_cancelled(
            booking,
            by_user=booking.learner,
            by=Party.LEARNER,
            reason="The payment was refunded.",
            policy=RefundPolicy.FULL,
            now=now,
        )
        audit(booking, actor=None, action="cancel", by="refund")
        notifications.cancelled(booking, by_user=booking.learner)


# --- reschedule -----------------------------------------------------------------------------------

RESCHEDULABLE = CANCELLABLE


def booking_reschedule(
    *,
    booking_id,
    user,
    slot_id: str | None = None,
    new_start_at: datetime | None = None,
    reason: str = "",
    request=None,
    now: datetime | None = None,
) -> Booking:
    """Move a booking: same id, price and payment, a new room; the new time passes the checks of
    a new booking and the other party is told (API.md §3)."""
    now = now or timezone.now()
    with transaction.atomic(), busy_as_error():
        booking = lock_booking(booking_id, for_user=user)
        by = party(booking, user)
        if booking.status not in RESCHEDULABLE:
            raise errors.IllegalTransition(
                "Only a booking that has not started can be moved.", details={"status": booking.status}
            )
        if by == Party.LEARNER and now > refund_deadline(booking):
            raise errors.IllegalTransition(
                "It is too late to move this session; you can still cancel it.",
                details={"reason": "past_reschedule_deadline", "deadline": refund_deadline(booking)},
            )
        if by != Party.LEARNER and now >= booking.start_at:
            raise errors.IllegalTransition("The session has already begun.")
        _, start, _ = requested_window(
            mentor_id=booking.mentor_id,
            slot_id=slot_id,
            start_at=new_start_at,
            duration_minutes=booking.duration_minutes,
        )
        if start == booking.start_at:
            raise _fail("new_start_at", "That is the session's current time.")
        end = start + timedelta(minutes=booking.duration_minutes)
        _lock_learner(booking.learner)
        if _person_busy(user=booking.learner, start=start, end=end, exclude=booking.pk):
            raise SlotNotAvailable(
                "The learner already has a session at this time.", details={"reason": "learner_busy"}
            )
        if _person_busy(user=booking.mentor.user, start=start, end=end, exclude=booking.pk):
            raise SlotNotAvailable(details={"reason": "mentor_busy"})
        # The old time is freed first, inside this transaction: the new one may overlap it (an
        # hour later), and if the new one is refused everything rolls back.
        mentor_services.slot_release(reference=str(booking.pk))
        mentor_services.slot_reserve(
            mentor=booking.mentor,
            start_at=start,
            duration_minutes=booking.duration_minutes,
            source=BusySource.HOLD if booking.status == BookingStatus.PENDING_PAYMENT else BusySource.BOOKING,
            reference=str(booking.pk),
            now=now,
        )
        old_start = booking.start_at
        booking.start_at, booking.end_at = start, end
        booking.reschedule_count += 1
        booking.rescheduled_at = now
        fields = ["start_at", "end_at", "reschedule_count", "rescheduled_at", "updated_at"]
        if booking.status == BookingStatus.PENDING and booking.confirm_by:
            booking.confirm_by = min(booking.confirm_by, start)
            fields.append("confirm_by")
        booking.save(update_fields=fields)
        if booking.status == BookingStatus.CONFIRMED:
            rooms.room_open(booking)
            reminders.reminders_plan(booking=booking, now=now)
        audit(
            booking,
            actor=user,
            action="reschedule",
            request=request,
            by=by,
            previous_start_at=old_start,
            reason=(reason or "")[:500],
        )
        notifications.rescheduled(booking, by_user=user, old_start=old_start)
        freed.time_freed(booking)
    return booking


# --- pre-session details ----------------------------------------------------------------------------


def booking_update(*, booking_id, user, request=None, **changes: Any) -> Booking:
    """PATCH: `topic` (either party), `learner_notes` (the learner), `mentor_notes` (the mentor)."""
    with transaction.atomic():
        booking = lock_booking(booking_id, for_user=user)
        by = party(booking, user)
        own = {
            "topic": {Party.LEARNER, Party.MENTOR},
            "learner_notes": {Party.LEARNER},
            "mentor_notes": {Party.MENTOR},
        }
        fields = []
        for name, value in changes.items():
            if by not in own[name]:
                raise errors.NotAParty(f"Only the booking's {name.split('_')[0]} can edit {name}.")
            setattr(booking, name, (value or "")[: 200 if name == "topic" else 5000])
            fields.append(name)
        if fields:
            booking.save(update_fields=[*fields, "updated_at"])
            audit(booking, actor=user, action="update", request=request, fields=fields)
    return booking


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
    _release(booking)
    if booking.paid_at is not None:
        money.give_back_in_house(booking)
    else:
        _waitlist_reopen(booking)
    audit(booking, actor=None, action="expire", reason=reason)
    notifications.expired(booking)
