"""Enrollment: the one way into a course, workshop or cohort (API.md §6).

One enrollment per learner and opportunity, and never more seats than the capacity: the
opportunity's row is locked while a seat is taken (so racing requests queue, and the loser gets
409), and the database's constraints (one live enrollment per user and item; seats_taken ≤
capacity) hold even for a code path that forgot the lock.

Money goes through payments, which knows an enrollment only as the payable kind "enrollment":
credits move inside the enrollment's transaction; a card payment is opened after it commits
(it talks to the gateway) and lands through the handlers learning registers with its payable
kind (learning.registrations).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.errors import ValidationFailed
from core.locks import busy_as_error, claim_due
from learning import notifications
from learning.errors import (
    AlreadyEnrolled,
    EnrollmentNotFound,
    IllegalTransition,
    NoSeatsLeft,
    NotEnrollable,
    OpportunityNotFound,
)
from learning.models import (
    LIVE_ENROLLMENT_STATUSES,
    Enrollment,
    EnrollmentPaymentMethod,
    EnrollmentStatus,
    Opportunity,
    OpportunityStatus,
    OpportunityType,
    StartReminder,
    StartReminderStatus,
)
from learning.signals import enrollment_confirmed
from payments import services as payment_services
from payments.gateways import GatewayError
from payments.models import Payment, PaymentStatus
from payments.registry import PayableKind

logger = logging.getLogger("mentora.learning")

PURPOSE = PayableKind.ENROLLMENT


@dataclass
class EnrollResult:
    enrollment: Enrollment
    payment: Payment | None = None


def _payment_window() -> timedelta:
    return timedelta(minutes=settings.PAYMENTS_INTENT_TTL_MINUTES)


def refund_allowed(enrollment: Enrollment, *, now: datetime | None = None) -> bool:
    """A paid enrollment is refunded in full when the learner leaves within the refund window
    after paying, has not finished it, and (for a workshop or cohort) before it starts."""
    now = now or timezone.now()
    if enrollment.paid_at is None or enrollment.status not in (
        EnrollmentStatus.ENROLLED,
        EnrollmentStatus.IN_PROGRESS,
    ):
        return False
    if now > enrollment.paid_at + timedelta(days=settings.LEARNING_REFUND_WINDOW_DAYS):
        return False
    starts_at = enrollment.opportunity.starts_at
    return starts_at is None or now < starts_at


def _lock_opportunity(opportunity_id) -> Opportunity:
    opportunity = Opportunity.objects.select_for_update().filter(pk=opportunity_id).first()
    if opportunity is None:
        raise OpportunityNotFound()
    return opportunity


def _check_enrollable(opportunity: Opportunity, user, now: datetime) -> None:
    if opportunity.status != OpportunityStatus.PUBLISHED:
        raise OpportunityNotFound()
    if opportunity.type == OpportunityType.JOB:
        raise NotEnrollable(
            "Jobs are applied for, not enrolled in.",
            details={"type": ["Jobs cannot be enrolled in."], "apply_url": opportunity.apply_url},
        )
    if opportunity.type == OpportunityType.MENTORSHIP:
        raise NotEnrollable(
            "Mentorship is booked through POST /bookings with opportunity_id.",
            details={"type": ["Book a session with the mentor instead."]},
        )
    if opportunity.mentor_id is not None and opportunity.mentor.user_id == user.pk:
        raise NotEnrollable("You cannot enroll in your own opportunity.")
    if (
        opportunity.starts_at is not None
        and opportunity.starts_at <= now
        and opportunity.type != OpportunityType.COURSE
    ):
        raise IllegalTransition("This has started already.", details={"starts_at": opportunity.starts_at})


def enrollment_create(
    *,
    user,
    opportunity_id,
    payment_method: str | None = None,
    card: str | None = None,
    now: datetime | None = None,
) -> EnrollResult:
    """Enroll `user`. Free: `enrolled` at once. Paid with credits: paid in the same transaction
    (402 if the wallet is short, and nothing is written). Paid by card: `pending_payment` with
    a seat held for the payment window, and the payment is embedded in the result."""
    now = now or timezone.now()
    with transaction.atomic(), busy_as_error():
        opportunity = _lock_opportunity(opportunity_id)
        opportunity = Opportunity.objects.select_related("mentor").get(pk=opportunity.pk)
        _check_enrollable(opportunity, user, now)
        if Enrollment.objects.filter(
            user=user,
            opportunity=opportunity,
            status__in=[*LIVE_ENROLLMENT_STATUSES, EnrollmentStatus.DROPPED],
        ).exists():
            raise AlreadyEnrolled()
        if opportunity.capacity is not None and opportunity.seats_taken >= opportunity.capacity:
            raise NoSeatsLeft(details={"capacity": opportunity.capacity})
        method = _method_for(opportunity, payment_method)
        paid = method != EnrollmentPaymentMethod.FREE
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(
                    user=user,
                    opportunity=opportunity,
                    status=EnrollmentStatus.PENDING_PAYMENT if paid else EnrollmentStatus.ENROLLED,
                    status_changed_at=now,
                    enrolled_at=now,
                    holds_seat=opportunity.capacity is not None,
                    price=opportunity.price if paid else None,
                    currency=opportunity.currency if paid else "",
                    credit_price=opportunity.credit_price if paid else None,
                    payment_method=method,
                    payment_due_at=now + _payment_window()
                    if method == EnrollmentPaymentMethod.CARD
                    else None,
                )
        except IntegrityError:  # a racing request of the same learner got there first
            raise AlreadyEnrolled() from None
        Opportunity.objects.filter(pk=opportunity.pk).update(
            seats_taken=F("seats_taken") + (1 if enrollment.holds_seat else 0),
            enrollment_count=F("enrollment_count") + 1,
        )
        if method == EnrollmentPaymentMethod.CREDITS:
            # payments sends credits_transferred inside this call; the receiver confirms it.
            payment_services.credits_transfer(payer=user, purpose=PURPOSE, object_id=str(enrollment.pk))
            enrollment.refresh_from_db()
        elif not paid:
            _confirmed(enrollment, now=now)
    payment = None
    if method == EnrollmentPaymentMethod.CARD:
        try:
            payment = payment_services.payment_create(
                payer=user, purpose=PURPOSE, object_id=str(enrollment.pk), payment_method=card or None
            )
        except GatewayError:
            # The seat stays held for the payment window; POST /payments opens the payment again.
            logger.warning("Could not open the payment of enrollment %s", enrollment.pk)
    return EnrollResult(enrollment=enrollment, payment=payment)


def _method_for(opportunity: Opportunity, asked: str | None) -> str:
    if not opportunity.is_paid:
        return EnrollmentPaymentMethod.FREE
    if asked in (None, "", EnrollmentPaymentMethod.CARD):
        return EnrollmentPaymentMethod.CARD
    if asked == EnrollmentPaymentMethod.CREDITS:
        if not opportunity.credit_price:
            raise ValidationFailed.for_field("payment_method", "This cannot be paid with credits.")
        return EnrollmentPaymentMethod.CREDITS
    raise ValidationFailed.for_field("payment_method", "Use card or credits.")


def _confirmed(enrollment: Enrollment, *, now: datetime) -> None:
    """In the transaction that made it `enrolled`: the reminder, the notice, the signal."""
    opportunity = enrollment.opportunity
    if opportunity.starts_at is not None and opportunity.type != OpportunityType.COURSE:
        due = opportunity.starts_at - timedelta(hours=24)
        StartReminder.objects.update_or_create(
            enrollment=enrollment,
            defaults={
                "due_at": due,
                "status": StartReminderStatus.PLANNED if due > now else StartReminderStatus.SKIPPED,
            },
        )
    notifications.enrollment_confirmed(enrollment)
    enrollment_confirmed.send(sender=Enrollment, enrollment=enrollment)


def _locked_enrollment(enrollment_id) -> Enrollment | None:
    return (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("opportunity", "user")
        .filter(pk=enrollment_id)
        .first()
    )


def enrollment_mark_paid(*, enrollment_id, method: str, now: datetime | None = None) -> Enrollment | None:
    """payments says the enrollment is paid (inside payments' transaction): `enrolled`, once.
    A payment landing after the enrollment was cancelled is refunded."""
    now = now or timezone.now()
    with transaction.atomic(), busy_as_error():
        enrollment = _locked_enrollment(enrollment_id)
        if enrollment is None:
            return None
        if enrollment.status == EnrollmentStatus.PENDING_PAYMENT:
            enrollment.status = EnrollmentStatus.ENROLLED
            enrollment.status_changed_at = now
            enrollment.paid_at = now
            enrollment.payment_method = method
            enrollment.payment_due_at = None
            enrollment.save(
                update_fields=[
                    "status",
                    "status_changed_at",
                    "paid_at",
                    "payment_method",
                    "payment_due_at",
                    "updated_at",
                ]
            )
            _confirmed(enrollment, now=now)
        elif enrollment.status == EnrollmentStatus.CANCELLED and method == EnrollmentPaymentMethod.CARD:
            from learning import tasks

            tasks.refund_enrollment.delay_on_commit(str(enrollment.pk))
    return enrollment


def _release(enrollment: Enrollment) -> None:
    """The enrollment stopped counting: its seat (if any) and its place in the count."""
    Opportunity.objects.filter(pk=enrollment.opportunity_id).update(
        seats_taken=F("seats_taken") - (1 if enrollment.holds_seat else 0),
        enrollment_count=F("enrollment_count") - 1,
    )
    if enrollment.holds_seat:
        enrollment.holds_seat = False
    StartReminder.objects.filter(enrollment=enrollment, status=StartReminderStatus.PLANNED).update(
        status=StartReminderStatus.CANCELLED
    )


def _cancel(enrollment: Enrollment, *, reason: str, now: datetime) -> None:
    # Lock order: the opportunity, then the enrollment (as enrollment_create takes them).
    Opportunity.objects.select_for_update().filter(pk=enrollment.opportunity_id).first()
    _release(enrollment)
    enrollment.status = EnrollmentStatus.CANCELLED
    enrollment.status_changed_at = now
    enrollment.cancelled_at = now
    enrollment.cancellation_reason = reason[:500]
    enrollment.save(
        update_fields=[
            "status",
            "status_changed_at",
            "cancelled_at",
            "cancellation_reason",
            "refund_policy",
            "holds_seat",
            "updated_at",
        ]
    )


@dataclass
class CancelResult:
    enrollment: Enrollment
    refund: object | None = None
    refund_policy: str = "none"


def enrollment_cancel(*, enrollment_id, user, reason: str = "", now: datetime | None = None) -> CancelResult:
    """The learner leaves. Unpaid: cancelled, the seat freed and the open payment dropped.
    Paid and within the refund rules: cancelled with a full refund (card or credits back).
    Otherwise: `dropped`, keeping the progress, without a refund (API.md §6)."""
    now = now or timezone.now()
    policy = "none"
    with transaction.atomic(), busy_as_error():
        enrollment = _locked_enrollment(enrollment_id)
        if enrollment is None or enrollment.user_id != user.pk:
            raise EnrollmentNotFound()
        status = enrollment.status
        if status in (EnrollmentStatus.CANCELLED, EnrollmentStatus.DROPPED, EnrollmentStatus.COMPLETED):
            raise IllegalTransition(details={"status": status})
        if status == EnrollmentStatus.PENDING_PAYMENT:
            _cancel(enrollment, reason=reason or "Cancelled before paying", now=now)
        elif enrollment.paid_at is not None and refund_allowed(enrollment, now=now):
            enrollment.refund_policy = policy = "full"
            _cancel(enrollment, reason=reason or "Cancelled with a refund", now=now)
            if enrollment.payment_method == EnrollmentPaymentMethod.CREDITS:
                payment_services.credits_refund(
                    purpose=PURPOSE, object_id=str(enrollment.pk), reason="enrollment cancelled"
                )
        else:
            enrollment.status = EnrollmentStatus.DROPPED
            enrollment.status_changed_at = now
            enrollment.dropped_at = now
            enrollment.cancellation_reason = reason[:500]
            enrollment.save(
                update_fields=[
                    "status",
                    "status_changed_at",
                    "dropped_at",
                    "cancellation_reason",
                    "updated_at",
                ]
            )
    refund = None
    if status == EnrollmentStatus.PENDING_PAYMENT:
        _abandon_payment(enrollment)
    elif policy == "full" and enrollment.payment_method == EnrollmentPaymentMethod.CARD:
        refund = card_refund(enrollment, actor=user)
    return CancelResult(enrollment=enrollment, refund=refund, refund_policy=policy)


def card_refund(enrollment: Enrollment, *, actor):
    try:
        return payment_services.refund_owed(
            purpose=PURPOSE, object_id=str(enrollment.pk), reason="Enrollment cancelled", actor=actor
        )
    except GatewayError:
        from learning import tasks

        logger.warning("Refund of enrollment %s could not reach the gateway; retrying later", enrollment.pk)
        tasks.refund_enrollment.apply_async(args=[str(enrollment.pk)], countdown=60)
        return None


def _abandon_payment(enrollment: Enrollment) -> None:
    try:
        payment_services.payment_abandon(purpose=PURPOSE, object_id=str(enrollment.pk))
    except GatewayError:
        logger.warning("Could not cancel the open payment of enrollment %s", enrollment.pk)


def enrollment_cancel_refunded(*, enrollment_id, now: datetime | None = None) -> None:
    """A full refund given through payments (staff, or at the provider): the enrollment ends."""
    now = now or timezone.now()
    with transaction.atomic(), busy_as_error():
        enrollment = _locked_enrollment(enrollment_id)
        if enrollment is None or enrollment.status == EnrollmentStatus.CANCELLED:
            return
        enrollment.refund_policy = "full"
        _cancel(enrollment, reason="Refunded", now=now)


def enrollments_expire_unpaid(*, now: datetime | None = None) -> int:
    """pending_payment past its payment window → cancelled; the seat goes back."""
    now = now or timezone.now()
    due = Enrollment.objects.filter(status=EnrollmentStatus.PENDING_PAYMENT, payment_due_at__lte=now)

    def step(enrollment: Enrollment) -> bool:
        if Payment.objects.filter(
            purpose=PURPOSE, object_id=str(enrollment.pk), status=PaymentStatus.PROCESSING
        ).exists():
            return False  # the bank is still deciding: the seat stays held until it does
        _cancel(enrollment, reason="Not paid in time", now=now)
        return True

    return claim_due(due, step, after=_abandon_payment, lock_of=("self",), related=("opportunity",))


def start_reminders_send(*, now: datetime | None = None) -> int:
    """ "Starts in 24 hours" to each learner whose reminder is due: each row fires once."""
    now = now or timezone.now()
    due = StartReminder.objects.filter(
        status=StartReminderStatus.PLANNED,
        due_at__lte=now,
        enrollment__status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.IN_PROGRESS],
        enrollment__opportunity__starts_at__gt=now,
    )

    def step(reminder: StartReminder) -> bool:
        notifications.starting_soon(reminder.enrollment)
        reminder.status = StartReminderStatus.SENT
        reminder.sent_at = now
        reminder.save(update_fields=["status", "sent_at"])
        return True

    return claim_due(
        due,
        step,
        order_by=("due_at", "pk"),
        lock_of=("self",),
        related=("enrollment__opportunity", "enrollment__user"),
    )
