"""Counters an opportunity keeps for its catalogue card, against the enrollment rows they count.

learning's services keep them under the opportunity's row lock: `enrollment_count` counts every
enrollment but the cancelled ones (a dropped learner still counts), `seats_taken` those holding
a seat, and `average_rating`/`rating_count` are recomputed from the rated enrollments on each
rating. The repair recomputes them the same way under the same lock; a recount that no longer
fits the capacity (its CHECK constraint) is left for staff.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Abs, Cast, Coalesce

from analytics.integrity.base import Check, Fix
from learning.models import Enrollment, EnrollmentStatus, Opportunity


def _counted(rows, aggregate, output_field) -> Coalesce:
    value = rows.order_by().values("opportunity").annotate(value=aggregate).values("value")
    zero = Value(0.0) if isinstance(output_field, FloatField) else Value(0)
    return Coalesce(Subquery(value[:1]), zero, output_field=output_field)


def _of_outer():
    return Enrollment.objects.filter(opportunity=OuterRef("pk"))


def _counts_off():
    enrolled = _counted(_of_outer().exclude(status=EnrollmentStatus.CANCELLED), Count("id"), IntegerField())
    seats = _counted(_of_outer().filter(holds_seat=True), Count("id"), IntegerField())
    return Opportunity.objects.annotate(enrolled=enrolled, seats=seats).filter(
        ~Q(enrollment_count=F("enrolled")) | ~Q(seats_taken=F("seats"))
    )


def _ratings_off():
    rated = _of_outer().filter(rating__isnull=False)
    count = _counted(rated, Count("id"), IntegerField())
    average = _counted(rated, Avg(Cast("rating", FloatField())), FloatField())
    # The stored average is rounded to 0.01, so it is off only when it misses by more than that.
    drift = Abs(Cast("average_rating", FloatField()) - F("real_average"))
    return Opportunity.objects.annotate(real_count=count, real_average=average, drift=drift).filter(
        ~Q(rating_count=F("real_count")) | Q(drift__gt=0.0051)
    )


def _locked(pk) -> Opportunity | None:
    # The opportunity's row lock, which enrolling, leaving and rating take first.
    return Opportunity.objects.select_for_update().filter(pk=pk).first()


def _repair_counts(pk) -> Fix | None:
    opportunity = _locked(pk)
    if opportunity is None:
        return None
    rows = Enrollment.objects.filter(opportunity=opportunity)
    figures = rows.aggregate(
        enrolled=Count("id", filter=~Q(status=EnrollmentStatus.CANCELLED)),
        seats=Count("id", filter=Q(holds_seat=True)),
    )
    before = {"enrollment_count": opportunity.enrollment_count, "seats_taken": opportunity.seats_taken}
    after = {"enrollment_count": figures["enrolled"], "seats_taken": figures["seats"]}
    if before == after:
        return None
    if opportunity.capacity is not None and after["seats_taken"] > opportunity.capacity:
        return None
    Opportunity.objects.filter(pk=pk).update(**after)
    return Fix(
        code="enrollment_count_differs", target=opportunity, details={"before": before, "after": after}
    )


def _repair_ratings(pk) -> Fix | None:
    opportunity = _locked(pk)
    if opportunity is None:
        return None
    figures = Enrollment.objects.filter(opportunity=opportunity, rating__isnull=False).aggregate(
        average=Avg("rating"), count=Count("id")
    )
    # As learning.services.catalogue.opportunity_rate rounds it.
    average = Decimal(figures["average"] or 0).quantize(Decimal("0.01"))
    before = {"average_rating": opportunity.average_rating, "rating_count": opportunity.rating_count}
    after = {"average_rating": average, "rating_count": figures["count"]}
    if Decimal(before["average_rating"]) == average and before["rating_count"] == after["rating_count"]:
        return None
    Opportunity.objects.filter(pk=pk).update(**after)
    return Fix(code="rating_differs", target=opportunity, details={"before": before, "after": after})


CHECKS = [
    Check(
        code="enrollment_count_differs",
        description="Opportunities whose enrollment count or seats taken differ from their enrollments.",
        rows=_counts_off,
        repair_one=_repair_counts,
    ),
    Check(
        code="rating_differs",
        description="Opportunities whose average rating or rating count differ from their rated enrollments.",
        rows=_ratings_off,
        repair_one=_repair_ratings,
    ),
]
