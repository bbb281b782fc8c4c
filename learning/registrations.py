"""What learning registers with the lower apps that cannot import it (DESIGN.md): the payable
kind "enrollment" (payments), and the facts resumes and portfolios show (accounts)."""

from __future__ import annotations

import uuid

from payments import registry


def resolve_enrollment(object_id: str, payer) -> registry.Payable | None:
    from learning.models import Enrollment, EnrollmentStatus

    try:
        enrollment_id = uuid.UUID(str(object_id))
    except ValueError:
        return None
    enrollment = (
        Enrollment.objects.select_related("opportunity__mentor__user")
        .filter(pk=enrollment_id, user=payer)
        .first()
    )
    if enrollment is None:
        return None
    opportunity = enrollment.opportunity
    provider = opportunity.mentor.user.display_name if opportunity.mentor else "Mentora"
    return registry.Payable(
        amount=enrollment.price or 0,
        currency=enrollment.currency or opportunity.currency,
        credit_price=enrollment.credit_price or 0,
        mentor=opportunity.mentor,
        description=f"{opportunity.get_type_display().capitalize()}: {opportunity.title} ({provider})",
        payer_may_pay=enrollment.status == EnrollmentStatus.PENDING_PAYMENT,
        payer_may_refund=_refund_owed_now(enrollment),
        service_title=opportunity.title,
        # Nothing is left to deliver at a later date the payout should wait for.
        earning_available_on_payment=True,
    )


def _refund_owed_now(enrollment) -> bool:
    from learning.services.enrollment import refund_allowed

    return refund_allowed(enrollment) or (
        enrollment.status == "cancelled" and enrollment.refund_policy == "full"
    )


def opportunity_check(opportunity_id, mentor) -> None:
    """POST /bookings with `opportunity_id`: a published opportunity of that mentor, booked
    as sessions (mentorship), never a course to enroll in or a job."""
    from core.errors import ValidationFailed
    from learning.models import Opportunity, OpportunityStatus, OpportunityType

    try:
        opportunity_id = uuid.UUID(str(opportunity_id))
    except ValueError:
        raise ValidationFailed.for_field("opportunity_id", "Must be a valid UUID.") from None
    found = Opportunity.objects.filter(pk=opportunity_id, status=OpportunityStatus.PUBLISHED).first()
    if found is None or found.mentor_id != mentor.pk:
        raise ValidationFailed.for_field("opportunity_id", "No such mentorship offer of this mentor.")
    if found.type != OpportunityType.MENTORSHIP:
        raise ValidationFailed.for_field(
            "opportunity_id", f"A {found.type} is not booked as a session: enroll in it or apply instead."
        )


def enrollment_paid(enrollment_id: str, method: str) -> None:
    from learning.services.enrollment import enrollment_mark_paid

    enrollment_mark_paid(enrollment_id=enrollment_id, method=method)


def enrollment_refunded(enrollment_id: str) -> None:
    # A full refund (asked for through payments, or given at the provider) ends the enrollment;
    # one that learning asked for finds it cancelled already.
    from learning.services.enrollment import enrollment_cancel_refunded

    enrollment_cancel_refunded(enrollment_id=enrollment_id)


def register_all() -> None:
    from bookings.opportunities import register_opportunity_check
    from learning import (
        facts,
        receivers_rewards,  # noqa: F401 - points, achievements, certificates
    )

    # Resumes and portfolios (accounts) list finished courses, certificates and achievements.
    facts.register_all()

    registry.register_payable(
        registry.PayableKind.ENROLLMENT,
        resolve_enrollment,
        on_paid=enrollment_paid,
        on_full_refund=enrollment_refunded,
    )
    register_opportunity_check(opportunity_check)
