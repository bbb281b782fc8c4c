"""Demo bookings for `manage.py seed_demo`: past sessions that were paid, held, completed and
reviewed (so demo mentors have ratings), upcoming confirmed sessions for the demo learner Lea
(learner@mentora.local), and a request waiting for a demo mentor who confirms each one.

Everything goes through bookings.services with explicit `now=` times, as the people would have
done it then: the figures on the mentors' profiles come out of review_create, never written
by hand. Safe to run again: a (learner, mentor) pair that has a booking is left as it is.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from bookings import services
from bookings.models import Booking, BookingStatus
from core.errors import DomainError
from mentors import demo as mentor_demo  # the demo mentors' names and e-mail addresses
from mentors import selectors as mentor_selectors
from mentors import services as mentor_services
from mentors.models import MentorProfile, MentorStatus, ScheduleEntry, ScheduleType

# booking_create, booking_join and the other services open durable transactions (they call the
# payment gateway and the video provider after their commit): seed_demo must not wrap this part
# in a transaction of its own, or the first booking fails with "cannot be nested".
SEED_IN_TRANSACTION = False

LEA = "learner@mentora.local"
# Paid with the offline gateway's test card, as a learner on the checkout page would.
CARD = "pm_card_visa"

# mentor, learner, weeks ago, rating, review, aspects, skills learned
PAST = [
    (
        "Dana Fischer",
        "jonas@mentora.local",
        2,
        5,
        "Dana went through my portfolio screen by screen and gave me a plan for the next month.",
        {"expertise": 5, "communication": 5, "value_for_money": 4},
        ["User research"],
    ),
    (
        "Dana Fischer",
        LEA,
        4,
        4,
        "Very practical feedback on my first case study.",
        {"expertise": 5, "punctuality": 4},
        [],
    ),
    (
        "Priya Nair",
        "maya@mentora.local",
        1,
        5,
        "We reviewed my first Python package together. I know exactly what to fix now.",
        {"expertise": 5, "communication": 5},
        ["Packaging"],
    ),
    ("Priya Nair", "priya@mentora.local", 3, 5, "Patient and clear about testing and CI.", {}, []),
    (
        "Lucía Fernández",
        "aiko@mentora.local",
        2,
        5,
        "Una clase fantástica! I spoke more Spanish in one hour than in a month.",
        {"communication": 5, "value_for_money": 5},
        [],
    ),
    ("Lucía Fernández", LEA, 5, 4, "Friendly and well prepared.", {}, []),
    (
        "Tom Whitaker",
        "carlos@mentora.local",
        1,
        5,
        "The mock interview was tough in a good way. I got the job!",
        {"professionalism": 5, "expertise": 5},
        ["Interviewing"],
    ),
    (
        "Tom Whitaker",
        "jonas@mentora.local",
        3,
        4,
        "Good CV tips, a little rushed at the end.",
        {"punctuality": 3},
        [],
    ),
    (
        "Kenji Watanabe",
        "priya@mentora.local",
        2,
        5,
        "Kenji explained how to take a churn model to production without the hype.",
        {"expertise": 5},
        ["MLOps"],
    ),
    (
        "Nadia Haddad",
        "maya@mentora.local",
        2,
        5,
        "I finally understand how screen readers read my forms.",
        {},
        [],
    ),
    ("Oliver Smith", "carlos@mentora.local", 4, 3, "Useful, but I wanted more practice time.", {}, []),
]

# Upcoming, confirmed: mentor, days ahead (the first free time from then), topic
UPCOMING = [
    ("Dana Fischer", 2, "Portfolio: the case study layout"),
    ("Lucía Fernández", 4, "Conversation practice for a trip to Madrid"),
]

# A mentor who confirms each request by hand, and the request waiting in their queue.
PENDING_MENTOR = "Tom Whitaker"
PENDING = (LEA, 3, "Mock interview for a junior UX role")


def _mentor(name: str) -> MentorProfile | None:
    email = mentor_demo._email(name)
    return (
        MentorProfile.objects.select_related("user", "schedule")
        .filter(user__email=email, status=MentorStatus.APPROVED)
        .first()
    )


def _free_slots(mentor: MentorProfile, *, start: datetime, now: datetime) -> list:
    return mentor_selectors.slots_for_mentor(
        mentor=mentor, start=start, end=start + timedelta(days=7), duration_minutes=60, now=now
    )


def _book(learner, mentor, *, start: datetime, now: datetime, topic: str) -> Booking | None:
    """The first free hour from `start` on, as seen at `now`; one that clashes with the
    learner's other demo sessions is skipped."""
    for slot in _free_slots(mentor, start=start, now=now):
        try:
            booking, _ = services.booking_create(
                learner=learner,
                mentor_id=mentor.pk,
                start_at=slot.start_at,
                duration_minutes=60,
                topic=topic,
                payment_method="card",
                card=CARD,
                now=now,
            )
        except DomainError:
            continue
        booking.refresh_from_db()
        return booking
    return None


def _past(
    learner, mentor, *, weeks_ago: int, rating: int, text: str, aspects: dict, skills: list, now
) -> bool:
    """A session some weeks ago: booked three days before, confirmed, held, completed at its
    end, reviewed an hour later."""
    week = (now - timedelta(weeks=weeks_ago)).replace(minute=0, second=0, microsecond=0)
    asked_at = week - timedelta(days=3)
    booking = _book(learner, mentor, start=week, now=asked_at, topic="A first session")
    if booking is None:
        return False
    if booking.status == BookingStatus.PENDING:  # a mentor who confirms by hand did, that day
        services.booking_confirm(booking_id=booking.pk, user=mentor.user, now=asked_at)
    for person in (learner, mentor.user):
        services.booking_join(booking_id=booking.pk, user=person, now=booking.start_at + timedelta(minutes=2))
    services.booking_complete(
        booking_id=booking.pk,
        user=mentor.user,
        summary="Goals agreed, next steps written down.",
        now=booking.end_at,
    )
    services.review_create(
        booking_id=booking.pk,
        user=learner,
        rating=rating,
        text=text,
        aspects=aspects,
        skills_learned=skills,
        now=booking.end_at + timedelta(hours=1),
    )
    return True


def _asks_first(mentor: MentorProfile) -> None:
    """The mentor's schedule as it is, but confirming each request by hand."""
    schedule = mentor.schedule
    if not schedule.auto_confirm or schedule.type != ScheduleType.WEEKLY:
        return
    rules = [
        {
            "day_of_week": entry.day_of_week + 1,  # the service's numbers are 1-7
            "start_time": entry.start_time,
            "end_time": entry.end_time,
            "slot_duration_minutes": entry.slot_duration_minutes,
        }
        for entry in schedule.entries.filter(kind=ScheduleEntry.Kind.RULE)
    ]
    mentor_services.schedule_replace(
        mentor=mentor,
        type=schedule.type,
        timezone=schedule.timezone,
        rules=rules,
        booking_rules={
            **{name: getattr(schedule, name) for name in mentor_services.BOOKING_RULES},
            "auto_confirm": False,
        },
    )
    mentor.refresh_from_db()


def seed(stdout) -> None:
    if settings.PAYMENTS_GATEWAY != "offline":
        # Demo bookings are paid with the test card: that must stay inside our own tables (the
        # offline gateway), never charge through Stripe.
        stdout.write("Demo bookings skipped: they are paid with the offline gateway's test card.")
        return
    now = timezone.now()
    users = {u.email: u for u in User.objects.filter(email__endswith="@mentora.local")}
    made = {"past": 0, "upcoming": 0, "pending": 0, "kept": 0}

    pending_mentor = _mentor(PENDING_MENTOR)
    if pending_mentor is not None:
        _asks_first(pending_mentor)

    for name, email, weeks_ago, rating, text, aspects, skills in PAST:
        mentor, learner = _mentor(name), users.get(email)
        if mentor is None or learner is None:
            continue
        if Booking.objects.filter(learner=learner, mentor=mentor, start_at__lt=now).exists():
            made["kept"] += 1
            continue
        made["past"] += _past(
            learner,
            mentor,
            weeks_ago=weeks_ago,
            rating=rating,
            text=text,
            aspects=aspects,
            skills=skills,
            now=now,
        )

    lea = users.get(LEA)
    for name, days, topic in UPCOMING:
        mentor = _mentor(name)
        if mentor is None or lea is None:
            continue
        if Booking.objects.filter(learner=lea, mentor=mentor, start_at__gt=now).exists():
            made["kept"] += 1
            continue
        made["upcoming"] += (
            _book(lea, mentor, start=now + timedelta(days=days), now=now, topic=topic) is not None
        )

    email, days, topic = PENDING
    learner = users.get(email)
    if pending_mentor is not None and learner is not None:
        if Booking.objects.filter(learner=learner, mentor=pending_mentor, start_at__gt=now).exists():
            made["kept"] += 1
        else:
            made["pending"] += (
                _book(learner, pending_mentor, start=now + timedelta(days=days), now=now, topic=topic)
                is not None
            )

    stdout.write(
        f"bookings: {made['past']} past sessions with reviews, {made['upcoming']} upcoming, "
        f"{made['pending']} request waiting ({made['kept']} kept)"
    )
