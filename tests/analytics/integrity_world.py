"""A small platform whose data is consistent, and the ways to break it behind the services'
backs (queryset updates and raw rows), for the integrity tests."""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import LearnerProfile, User
from bookings.models import Booking, BookingStatus, OfferStatus, WaitlistEntry, WaitlistOffer
from learning.models import Enrollment, EnrollmentStatus, LearnerStanding, Opportunity, PointsEntry
from mentors.models import BusyInterval, BusySource, MentorProfile
from payments.models import CreditEntry, CreditWallet
from tests.bookings.factories import BookingFactory
from tests.factories import UserFactory
from tests.learning.factories import opportunity as make_opportunity
from tests.mentors.factories import MentorFactory


def person(**fields) -> User:
    """An account as sign-up leaves it: with its learner profile."""
    user = UserFactory(**fields)
    LearnerProfile.objects.create(user=user)
    return user


def mentor(**fields) -> MentorProfile:
    profile = MentorFactory(**fields)
    LearnerProfile.objects.get_or_create(user=profile.user)
    return profile


def wallet(user: User, *amounts: int) -> CreditWallet:
    row = CreditWallet.objects.create(user=user)
    balance = 0
    for number, amount in enumerate(amounts):
        balance += amount
        CreditEntry.objects.create(
            wallet=row,
            type="initial" if number == 0 else "purchased",
            amount=amount,
            balance_after=balance,
            description="test",
            reference=f"test:{number}",
        )
    CreditWallet.objects.filter(pk=row.pk).update(balance=balance)
    return row


def standing(user: User, *amounts: int) -> LearnerStanding:
    row = LearnerStanding.objects.create(user=user, total_points=sum(amounts))
    balance = 0
    for number, amount in enumerate(amounts):
        balance += amount
        PointsEntry.objects.create(
            user=user,
            source="milestone",
            amount=amount,
            balance_after=balance,
            description="test",
            reference=f"milestone:{number}",
        )
    return row


def enroll(user: User, item: Opportunity, *, status=EnrollmentStatus.ENROLLED, rating=None) -> Enrollment:
    now = timezone.now()
    return Enrollment.objects.create(
        user=user,
        opportunity=item,
        status=status,
        status_changed_at=now,
        enrolled_at=now,
        payment_method="free",
        holds_seat=item.capacity is not None and status != EnrollmentStatus.CANCELLED,
        rating=rating,
    )


def recount(item: Opportunity) -> None:
    """The counters as learning's services would have kept them."""
    rows = Enrollment.objects.filter(opportunity=item)
    rated = [r for r in rows.values_list("rating", flat=True) if r is not None]
    Opportunity.objects.filter(pk=item.pk).update(
        enrollment_count=rows.exclude(status=EnrollmentStatus.CANCELLED).count(),
        seats_taken=rows.filter(holds_seat=True).count(),
        rating_count=len(rated),
        average_rating=(Decimal(sum(rated)) / len(rated)).quantize(Decimal("0.01")) if rated else 0,
    )


def offer(profile: MentorProfile, learner: User, *, status=OfferStatus.OPEN, days: int = 5) -> WaitlistOffer:
    start = (timezone.now() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    entry = WaitlistEntry.objects.create(
        learner=learner,
        mentor=profile,
        start_date=start.date(),
        end_date=start.date(),
    )
    row = WaitlistOffer.objects.create(
        entry=entry,
        learner=learner,
        mentor=profile,
        start_at=start,
        end_at=start + timedelta(hours=1),
        duration_minutes=60,
        status=status,
        expires_at=start,
    )
    BusyInterval.objects.create(
        mentor=profile,
        start_at=row.start_at,
        end_at=row.end_at,
        source=BusySource.HOLD,
        reference=f"offer:{row.pk}",
    )
    return row


@dataclass
class World:
    staff: User
    learner: User
    mentor: MentorProfile
    booking: Booking
    completed: Booking
    cancelled: Booking
    offer: WaitlistOffer
    wallet: CreditWallet
    standing: LearnerStanding
    course: Opportunity
    workshop: Opportunity


def build_world() -> World:
    staff = person(is_staff=True)
    learner = person()
    teacher = mentor()
    soon = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    booking = BookingFactory(mentor=teacher, learner=learner, start_at=soon)
    completed = BookingFactory(
        mentor=teacher, learner=learner, start_at=soon - timedelta(days=10), status=BookingStatus.COMPLETED
    )
    # A finished session keeps its interval (the time was used); a cancelled one released it.
    BusyInterval.objects.create(
        mentor=teacher,
        start_at=completed.start_at,
        end_at=completed.end_at,
        source=BusySource.BOOKING,
        reference=str(completed.pk),
    )
    cancelled = BookingFactory(
        mentor=teacher, learner=learner, start_at=soon + timedelta(hours=2), status=BookingStatus.CANCELLED
    )
    BusyInterval.objects.create(
        mentor=teacher,
        start_at=cancelled.start_at,
        end_at=cancelled.end_at,
        source=BusySource.BOOKING,
        reference=str(cancelled.pk),
        is_live=False,
    )
    course = make_opportunity()
    workshop = make_opportunity(title="Pandas workshop", capacity=10)
    others = [person() for _ in range(3)]
    enroll(learner, course, rating=4)
    enroll(others[0], course, rating=5, status=EnrollmentStatus.DROPPED)
    enroll(others[1], course, status=EnrollmentStatus.CANCELLED)
    enroll(learner, workshop, rating=3)
    enroll(others[2], workshop)
    recount(course)
    recount(workshop)
    return World(
        staff=staff,
        learner=learner,
        mentor=teacher,
        booking=booking,
        completed=completed,
        cancelled=cancelled,
        offer=offer(teacher, others[0]),
        wallet=wallet(learner, 1, 10),
        standing=standing(learner, 50, 100),
        course=course,
        workshop=workshop,
    )


@contextlib.contextmanager
def dangling(model, pk, column: str):
    """Points `column` of one row at a row that does not exist, as only a write past the
    constraints can (their foreign keys are checked at commit, and the test never commits),
    and puts it back before the test ends."""
    rows = model.objects.filter(pk=pk)
    before = rows.values_list(column, flat=True).get()
    rows.update(**{column: uuid.uuid4()})
    try:
        yield
    finally:
        rows.update(**{column: before})
