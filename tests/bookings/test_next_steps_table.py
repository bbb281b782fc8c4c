"""next_steps offers exactly what the services then allow: every status × party × a moment just
before and just after each deadline (the refund and reschedule deadline, the room opening, the
start, the no-show window, the end, the review window). For each cell a fresh booking in that
state is handed to each service: an offered action must succeed, one not offered must raise the
domain error."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from bookings import policy, selectors, services
from bookings.models import Booking, BookingStatus, PaymentMethod
from core.errors import DomainError
from tests.bookings.factories import BookingFactory, at, bookable_mentor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

S = BookingStatus
START = at(2, 10)  # Wednesday 10:00, 50 hours after the frozen Monday morning
END = START + timedelta(hours=1)
MINUTE = timedelta(minutes=1)
DEADLINE = START - timedelta(hours=policy.DEFAULT_DEADLINE_HOURS)  # the schedule's 24 hours
OPENS = START - timedelta(minutes=10)
NO_SHOW = START + timedelta(minutes=15)
REVIEW_CLOSES = END + timedelta(days=30)  # completed at the scheduled end

MOMENTS = {
    "before_deadline": DEADLINE - MINUTE,
    "at_deadline": DEADLINE,
    "after_deadline": DEADLINE + MINUTE,
    "before_room_opens": OPENS - MINUTE,
    "room_opens": OPENS,
    "before_start": START - MINUTE,
    "at_start": START,
    "before_no_show": NO_SHOW - MINUTE,
    "no_show_opens": NO_SHOW,
    "before_end": END - MINUTE,
    "at_end": END,
    "review_closes": REVIEW_CLOSES,
    "after_review_closes": REVIEW_CLOSES + MINUTE,
}
UNSTARTED = ["before_deadline", "at_deadline", "after_deadline", "before_room_opens", "room_opens"]
AROUND_START = ["before_start", "at_start", "before_no_show", "no_show_opens", "before_end", "at_end"]
# Which moments can tell something about each status (a closed booking is closed at any time).
WHEN = {
    S.PENDING_PAYMENT: UNSTARTED + ["before_start", "at_start"],
    S.PENDING: UNSTARTED + ["before_start", "at_start"],
    S.CONFIRMED: UNSTARTED + AROUND_START,
    S.IN_PROGRESS: AROUND_START,
    S.COMPLETED: ["at_end", "review_closes", "after_review_closes"],
    S.NO_SHOW_LEARNER: ["no_show_opens", "after_review_closes"],
    S.NO_SHOW_MENTOR: ["no_show_opens"],
    S.CANCELLED: ["before_deadline", "at_end"],
    S.DECLINED: ["before_deadline"],
    S.EXPIRED: ["before_deadline", "at_end"],
}
CASES = [
    pytest.param(status, party, moment, id=f"{status}-{party}-{moment}")
    for status, moments in WHEN.items()
    for party in ("learner", "mentor")
    for moment in moments
] + [
    # Someone who is not a party (staff reading the booking included) may do nothing here.
    pytest.param(status, party, WHEN[status][0], id=f"{status}-{party}-{WHEN[status][0]}")
    for status in WHEN
    for party in ("stranger", "staff")
]

ACTIONS = ("confirm", "decline", "cancel", "reschedule", "join", "complete", "mark_no_show", "review")
ACTIONS += ("edit", "notes")


def _booking(status: str, *, mentor, learner) -> Booking:
    """A free session in `status`, as the lifecycle would have left it."""
    fields = {}
    if status != S.PENDING_PAYMENT:
        fields["paid_at"] = START - timedelta(days=3)
    if status in (S.IN_PROGRESS, S.COMPLETED, S.NO_SHOW_LEARNER, S.NO_SHOW_MENTOR):
        fields["started_at"] = START
    if status == S.COMPLETED:
        fields["completed_at"] = END
    if status == S.PENDING:
        fields["confirm_by"] = START
    return BookingFactory(
        mentor=mentor,
        learner=learner,
        start_at=START,
        status=status,
        payment_method=PaymentMethod.FREE,
        price=0,
        **fields,
    )


def _attempt(action: str, booking: Booking, user) -> bool:
    """Did the service let `user` do `action`? A refusal is a domain error, never anything else."""
    call = {
        "confirm": lambda: services.booking_confirm(booking_id=booking.pk, user=user),
        "decline": lambda: services.booking_decline(booking_id=booking.pk, user=user),
        "cancel": lambda: services.booking_cancel(booking_id=booking.pk, user=user),
        "reschedule": lambda: services.booking_reschedule(
            booking_id=booking.pk, user=user, new_start_at=START + timedelta(days=1)
        ),
        "join": lambda: services.booking_join(booking_id=booking.pk, user=user),
        "complete": lambda: services.booking_complete(booking_id=booking.pk, user=user),
        "mark_no_show": lambda: services.booking_mark_no_show(
            booking_id=booking.pk, user=user, absent="learner"
        ),
        "review": lambda: services.review_create(booking_id=booking.pk, user=user, rating=5),
        "edit": lambda: services.booking_update(booking_id=booking.pk, user=user, topic="Graphs"),
        "notes": lambda: services.note_add(booking_id=booking.pk, user=user, text="Practise heaps"),
    }[action]
    try:
        result = call()
    except DomainError:
        return False
    # Outside its window the room answers with no link rather than an error.
    return result["can_join"] if action == "join" else True


def _cell(status: str, party: str, outsiders: dict):
    """A booking in `status` with its own mentor and learner (two live bookings of one mentor at
    one time would break the no-overlap constraint), and the user who plays `party`."""
    mentor = bookable_mentor()
    learner = UserFactory(timezone="UTC")
    booking = _booking(status, mentor=mentor, learner=learner)
    return booking, {"learner": learner, "mentor": mentor.user, **outsiders}[party]


@pytest.mark.parametrize(("status", "party", "moment"), CASES)
def test_next_steps_offers_exactly_what_the_services_allow(status, party, moment):
    outsiders = {"stranger": UserFactory(), "staff": UserFactory(is_staff=True)}
    with time_machine.travel(MOMENTS[moment], tick=False):
        shown, user = _cell(status, party, outsiders)
        offered = selectors.next_steps(shown, user=user, now=MOMENTS[moment])
        wanted = {action: getattr(offered, action) for action in ACTIONS}
        allowed = {}
        for action in ACTIONS:
            # Each action on its own booking in the same state: one success cannot hide the next.
            booking, user = _cell(status, party, outsiders)
            allowed[action] = _attempt(action, booking, user)

    assert allowed == wanted
