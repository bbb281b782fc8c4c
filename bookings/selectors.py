"""Reads of the bookings app, each in a fixed number of queries whatever the data holds."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from bookings import errors, policy
from bookings.models import (
    LIVE_STATUSES,
    Booking,
    BookingStatus,
    OfferStatus,
    Party,
    PaymentMethod,
    Recording,
    RefundPolicy,
    Review,
    ReviewDirection,
    SessionNote,
    SessionParticipant,
    WaitlistEntry,
    WaitlistOffer,
    WaitlistStatus,
)
from core.errors import ValidationFailed
from core.money import Money
from payments.models import (
    PAID_STATUSES,
    CreditEntry,
    CreditEntryType,
    PackageSessionUse,
    Payment,
    PaymentStatus,
    RefundStatus,
)
from payments.registry import PayableKind

# What a list row shows: both people, the service, the schedule (for the cancellation deadline).
LIST_RELATED = ("mentor__user", "mentor__schedule", "learner", "service")


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def booking_list_for_user(
    *,
    user,
    role: str | None = None,
    status: str | Iterable[str] | None = None,
    upcoming: bool | None = None,
    mentor_id: uuid.UUID | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    now: datetime | None = None,
) -> QuerySet[Booking]:
    """The caller's bookings, as learner, as mentor, or both (API.md §3). Upcoming ones come
    soonest first; otherwise newest first."""
    now = now or timezone.now()
    if role == Party.LEARNER:
        mine = Q(learner=user)
    elif role == Party.MENTOR:
        mine = Q(mentor__user=user)
    else:
        mine = Q(learner=user) | Q(mentor__user=user)
    bookings = Booking.objects.filter(mine).select_related(*LIST_RELATED)
    if status:
        parts = status.split(",") if isinstance(status, str) else status
        wanted = [s.strip() for s in parts if s.strip()]
        unknown = sorted(set(wanted) - set(BookingStatus.values))
        if unknown:
            raise ValidationFailed.for_field("status", f"Unknown status: {', '.join(unknown)}.")
        bookings = bookings.filter(status__in=wanted)
    if mentor_id:
        bookings = bookings.filter(mentor_id=mentor_id)
    if start_date:
        bookings = bookings.filter(start_at__gte=_day_start(start_date))
    if end_date:
        bookings = bookings.filter(start_at__lt=_day_start(end_date + timedelta(days=1)))
    if upcoming is True:
        return bookings.filter(end_at__gt=now, status__in=LIVE_STATUSES).order_by("start_at", "pk")
    if upcoming is False:
        return bookings.filter(Q(end_at__lte=now) | ~Q(status__in=LIVE_STATUSES)).order_by("-start_at", "-pk")
    return bookings.order_by("-start_at", "-pk")


def booking_get_for_user(*, user, booking_id) -> Booking:
    """A booking its learner, its mentor or staff may see; anyone else gets 404."""
    booking = (
        Booking.objects.select_related(*LIST_RELATED, "subject", "category", "cancelled_by", "recording")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.select_related("reviewer")))
        .filter(pk=booking_id)
        .first()
    )
    if booking is None or (booking.party_of(user) is None and not user.is_staff):
        raise errors.BookingNotFound()
    return booking


def booking_as_created(booking: Booking) -> Booking:
    """The booking that `booking_create` just returned, ready for BookingDetailOut as it is:
    the create loaded its mentor (with user and schedule), learner, service, subject and
    category, and a new booking has no reviews and no recording yet. Reading it again with
    everything joined (booking_get_for_user) cost a booking a fifth of its time."""
    booking._prefetched_objects_cache = {"reviews": Review.objects.none()}
    Booking._meta.get_field("recording").set_cached_value(booking, None)
    return booking


def booking_get_for_party(*, user, booking_id) -> Booking:
    """Like booking_get_for_user, but staff who are not a party get 404 too (notes, recordings)."""
    booking = booking_get_for_user(user=user, booking_id=booking_id)
    if booking.party_of(user) is None:
        raise errors.BookingNotFound()
    return booking


def pending_requests_for(*, user) -> QuerySet[Booking]:
    """The mentor's queue: requests waiting for a yes or no, the most urgent first."""
    return (
        Booking.objects.filter(mentor__user=user, status=BookingStatus.PENDING)
        .select_related(*LIST_RELATED)
        .order_by("confirm_by", "start_at", "pk")
    )


# --- what the viewer may do ------------------------------------------------------------------------


@dataclass(frozen=True)
class NextSteps:
    """What the viewer may do with a booking now: the API's `next_steps` and the detail page's
    buttons both read this (the services decide again on each request)."""

    confirm: bool = False
    decline: bool = False
    cancel: bool = False
    reschedule: bool = False
    reschedule_closed: bool = False
    join: bool = False
    join_shown: bool = False
    complete: bool = False
    mark_no_show: bool = False
    review: bool = False
    edit: bool = False
    notes: bool = False
    refund_if_cancelled_now: str | None = None
    cancellation_deadline: datetime | None = None


def next_steps(booking: Booking, *, user, now: datetime, learner_joined: bool | None = None) -> NextSteps:
    """For the booking's learner or mentor; anybody else (staff reading it) may do nothing here.
    Each flag is the rule its service enforces (bookings.policy), so an offered action succeeds
    and one not offered is refused. `learner_joined` saves a query when the caller has read the
    participants already."""
    who = booking.party_of(user)
    deadline = policy.refund_deadline(booking)
    if who is None:
        return NextSteps(cancellation_deadline=deadline)
    cancellable = policy.may_cancel(booking)
    no_show = who == Party.MENTOR and policy.no_show_open(booking, now=now)
    if no_show and learner_joined is None:
        learner_joined = SessionParticipant.objects.filter(
            booking=booking, user_id=booking.learner_id
        ).exists()
    movable = policy.may_reschedule(booking, by=who, now=now)
    return NextSteps(
        confirm=who == Party.MENTOR and policy.may_confirm(booking, now=now),
        decline=who == Party.MENTOR and booking.status in policy.ANSWERABLE,
        cancel=cancellable,
        reschedule=movable,
        reschedule_closed=booking.status in policy.RESCHEDULABLE and not movable,
        join=policy.can_join(booking, now=now),
        join_shown=booking.status in policy.JOINABLE and now < policy.join_window(booking)[1],
        complete=policy.may_complete(booking),
        mark_no_show=no_show and not learner_joined,
        review=policy.review_open(booking, now=now)
        and not any(r.reviewer_id == user.pk for r in booking.reviews.all()),
        edit=policy.may_edit(booking),
        notes=policy.notes_open(booking),
        refund_if_cancelled_now=policy.cancellation_policy(booking, by=who, now=now) if cancellable else None,
        cancellation_deadline=deadline,
    )


# --- money ----------------------------------------------------------------------------------------


def payment_for(booking: Booking) -> Payment | None:
    """The booking's live card payment (or the latest one), refunds prefetched."""
    return (
        Payment.objects.filter(purpose=PayableKind.BOOKING, object_id=str(booking.pk))
        .prefetch_related("refunds")
        .order_by(
            # A paid one wins over an older failed attempt.
            "-paid_at",
            "-created_at",
        )
        .first()
    )


def refund_owed_now(booking: Booking, *, now: datetime) -> bool:
    """May the learner have all their money back right now? (the payable's payer_may_refund)."""
    if booking.is_live:
        if booking.status == BookingStatus.IN_PROGRESS or booking.paid_at is None:
            return False
        return now <= policy.refund_deadline(booking)
    if booking.status in (BookingStatus.DECLINED, BookingStatus.NO_SHOW_MENTOR):
        return True
    if booking.status == BookingStatus.EXPIRED:
        return True  # expired unconfirmed, or paid after it expired and could not be revived
    return booking.status == BookingStatus.CANCELLED and booking.refund_policy == RefundPolicy.FULL


def refund_summary(booking: Booking, *, payment: Payment | None = None) -> dict[str, Any] | None:
    """What the learner got back, in the shape of API.md §3's cancel response:
    {id, amount, credits, status, policy}; None while the booking is on."""
    if booking.is_live or not booking.refund_policy:
        return None
    policy = booking.refund_policy
    empty = {"id": None, "amount": None, "credits": None, "status": "none", "policy": policy}
    if policy == RefundPolicy.NONE:
        return empty
    if booking.payment_method == PaymentMethod.CARD:
        payment = payment if payment is not None else payment_for(booking)
        if payment is None or payment.status not in PAID_STATUSES:
            return {**empty, "status": "nothing_paid"}
        refunds = [r for r in payment.refunds.all() if r.status != RefundStatus.FAILED]
        if not refunds:
            return {
                **empty,
                "status": "refund_pending",
                "amount": Money(payment.amount, payment.currency),
            }
        latest = refunds[-1]
        return {
            "id": str(latest.pk),
            "amount": Money(latest.amount, latest.currency),
            "credits": None,
            "status": latest.status,
            "policy": policy,
        }
    if booking.payment_method == PaymentMethod.CREDITS:
        entry = CreditEntry.objects.filter(
            type=CreditEntryType.REFUNDED, reference=f"refund:{PayableKind.BOOKING}:{booking.pk}"
        ).first()
        if entry is None:
            return {**empty, "status": "nothing_paid"}
        return {
            "id": str(entry.pk),
            "amount": None,
            "credits": entry.amount,
            "status": "refunded",
            "policy": policy,
        }
    if booking.payment_method == PaymentMethod.PACKAGE:
        restored = PackageSessionUse.objects.filter(
            reference=str(booking.pk), restored_at__isnull=False
        ).exists()
        return {**empty, "status": "session_restored" if restored else "nothing_paid"}
    return {**empty, "status": "nothing_paid"}


# --- the session ----------------------------------------------------------------------------------


def participants_of(booking: Booking) -> list[SessionParticipant]:
    return list(
        SessionParticipant.objects.filter(booking=booking).select_related("user").order_by("joined_at")
    )


def notes_visible(*, booking: Booking, user) -> QuerySet[SessionNote]:
    """Your own notes, plus the ones the other party shared."""
    return (
        SessionNote.objects.filter(booking=booking)
        .filter(Q(author=user) | Q(is_public=True))
        .select_related("author")
        .order_by("created_at", "pk")
    )


def recording_shared(*, booking: Booking, now: datetime | None = None) -> Recording:
    """The shared recording while its share lasts; 404 before sharing and after expiry."""
    now = now or timezone.now()
    recording = Recording.objects.filter(booking=booking).first()
    if recording is None or recording.shared_at is None or recording.share_expires_at <= now:
        raise errors.RecordingNotFound()
    return recording


# --- reviews --------------------------------------------------------------------------------------

REVIEW_ORDER = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "highest": ("-rating", "-created_at", "-pk"),
    "lowest": ("rating", "-created_at", "-pk"),
}


def mentor_public_reviews(
    *, mentor, rating: int | None = None, has_response: bool | None = None, sort: str = "newest"
) -> QuerySet[Review]:
    reviews = Review.objects.filter(
        mentor=mentor, direction=ReviewDirection.LEARNER_TO_MENTOR
    ).select_related("reviewer")
    if rating:
        reviews = reviews.filter(rating=rating)
    if has_response is True:
        reviews = reviews.exclude(mentor_response="")
    elif has_response is False:
        reviews = reviews.filter(mentor_response="")
    return reviews.order_by(*REVIEW_ORDER.get(sort, REVIEW_ORDER["newest"]))


def reviews_visible(*, booking: Booking, user) -> list[Review]:
    """API.md §3: a mentor's review of the learner is seen by that learner and staff only."""
    reviews = list(booking.reviews.all())
    if user.is_staff or user.pk == booking.learner_id:
        return reviews
    return [
        r for r in reviews if r.direction == ReviewDirection.LEARNER_TO_MENTOR or r.reviewer_id == user.pk
    ]


# --- waitlists ------------------------------------------------------------------------------------


def waitlist_for(*, user, status: str | None = WaitlistStatus.WAITING) -> QuerySet[WaitlistEntry]:
    open_offers = WaitlistOffer.objects.filter(status=OfferStatus.OPEN)
    entries = (
        WaitlistEntry.objects.filter(learner=user)
        .select_related("mentor__user", "service")
        .prefetch_related(Prefetch("offers", queryset=open_offers, to_attr="open_offers"))
    )
    if status:
        entries = entries.filter(status=status)
    return entries.order_by("-created_at", "-pk")


def offers_for(*, user, status: str | None = None) -> QuerySet[WaitlistOffer]:
    offers = WaitlistOffer.objects.filter(learner=user).select_related("mentor__user", "entry")
    if status:
        offers = offers.filter(status=status)
    return offers.order_by("-created_at", "-pk")


def offer_get(*, user, offer_id) -> WaitlistOffer:
    offer = (
        WaitlistOffer.objects.select_related("mentor__user", "entry", "booking")
        .filter(pk=offer_id, learner=user)
        .first()
    )
    if offer is None:
        raise errors.OfferNotFound()
    return offer


# --- card payments waiting, and the signed-in home page ---------------------------------------------


def payments_for(bookings: Iterable[Booking]) -> dict[uuid.UUID, Payment]:
    """Each card booking's live payment (as payment_for), in one query for a whole list."""
    ids = {str(b.pk): b.pk for b in bookings if b.payment_method == PaymentMethod.CARD}
    found: dict[uuid.UUID, Payment] = {}
    if not ids:
        return found
    for payment in Payment.objects.filter(purpose=PayableKind.BOOKING, object_id__in=list(ids)).order_by(
        "-paid_at", "-created_at"
    ):
        found.setdefault(ids[payment.object_id], payment)
    return found


def payment_open(booking: Booking, payment: Payment | None, *, now: datetime) -> bool:
    """May the learner (still) pay this hold by card on the checkout page? A declined card can be
    tried again while the hold lasts."""
    return (
        payment is not None
        and booking.status == BookingStatus.PENDING_PAYMENT
        and not payment.receipt_number
        and payment.status in (PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.FAILED)
        and payment.failure_code != "expired"
        and payment.expires_at > now
    )


@dataclass
class Dashboard:
    """What a signed-in person's home page shows: the next session and what waits on them."""

    next_session: Booking | None
    to_pay: list[Booking]  # each with .payment: holds the learner can still pay
    to_confirm: list[Booking]  # requests the mentor answers
    to_review: list[Booking]  # finished sessions without the viewer's review yet
    unread_threads: list  # messaging.Conversation, with unread_count
    notifications: list  # messaging.Notification, newest first
    unread_notifications: int


DASHBOARD_ROWS = 5


def dashboard_for(*, user, now: datetime | None = None) -> Dashboard:
    """At most eight queries whatever the user has (each list is cut at DASHBOARD_ROWS)."""
    from messaging import selectors as messaging_selectors

    now = now or timezone.now()
    upcoming = booking_list_for_user(user=user, upcoming=True, now=now)
    next_session = upcoming.filter(status__in=(BookingStatus.CONFIRMED, BookingStatus.IN_PROGRESS)).first()
    holds = list(
        booking_list_for_user(user=user, role=Party.LEARNER, upcoming=True, now=now).filter(
            status=BookingStatus.PENDING_PAYMENT, payment_method=PaymentMethod.CARD
        )[:DASHBOARD_ROWS]
    )
    payments = payments_for(holds)
    to_pay = []
    for booking in holds:
        booking.payment = payments.get(booking.pk)
        if payment_open(booking, booking.payment, now=now):
            to_pay.append(booking)
    to_confirm = [
        b for b in pending_requests_for(user=user)[:DASHBOARD_ROWS] if policy.may_confirm(b, now=now)
    ]
    window = timedelta(days=settings.BOOKINGS_REVIEW_WINDOW_DAYS)
    finished = (
        booking_list_for_user(user=user, status=[BookingStatus.COMPLETED], now=now)
        .filter(end_at__gte=now - window - timedelta(days=1))
        .exclude(reviews__reviewer=user)[:DASHBOARD_ROWS]
    )
    to_review = [b for b in finished if policy.review_open(b, now=now)]
    notifications = messaging_selectors.notification_list(user=user)
    return Dashboard(
        next_session=next_session,
        to_pay=to_pay,
        to_confirm=to_confirm,
        to_review=to_review,
        unread_threads=list(messaging_selectors.conversation_list(user=user, unread=True)[:DASHBOARD_ROWS]),
        notifications=list(notifications[:DASHBOARD_ROWS]),
        unread_notifications=messaging_selectors.notification_unread_count(user=user),
    )
