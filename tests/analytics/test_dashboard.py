"""GET /analytics/me/dashboard and /analytics/me/activity against a hand-built learner, with
another learner's rows beside them that must never show."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from bookings.models import BookingStatus, Review
from bookings.models.reviews import ReviewDirection
from community.models.groups import Group, GroupMembership, Post
from learning.models import (
    Achievement,
    AchievementAward,
    Certificate,
    Enrollment,
    LearnerStanding,
    LearningPath,
    Milestone,
    MilestoneMentor,
)
from mentors.models import MentorProfile
from payments.models import EarningEntry
from tests.analytics.world import NOW, booking, payment, utc
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.learning.rewards_factories import category, completed_enrollment
from tests.mentors.factories import MentorFactory

DASHBOARD = "/api/v1/analytics/me/dashboard"
ACTIVITY = "/api/v1/analytics/me/activity"


def enrollment(user, status: str, *, minutes: int = 0) -> Enrollment:
    row = completed_enrollment(user, title=f"{status} course")
    row.status = status
    row.completed_at = row.completed_at if status == "completed" else None
    row.total_time_spent_minutes = minutes
    row.save()
    return row


def community_group(owner, *, name="Python learners", category=None, members: int = 0) -> Group:
    return Group.objects.create(
        name=name, slug=name.lower().replace(" ", "-"), owner=owner, category=category, member_count=members
    )


def learner_world(user, mentor):
    """The learner's own rows; every figure below is counted from them by hand."""
    booking(
        mentor,
        user,
        start=utc(2027, 3, 1, 10),
        status=BookingStatus.COMPLETED,
        completed_at=utc(2027, 3, 1, 11),
    )
    done = booking(
        mentor,
        user,
        start=utc(2027, 3, 2, 10),
        status=BookingStatus.COMPLETED,
        minutes=90,
        completed_at=utc(2027, 3, 2, 11, 30),
    )
    booking(mentor, user, start=utc(2027, 3, 3, 10), status=BookingStatus.CANCELLED)
    Review.objects.create(
        booking=done, reviewer=user, mentor=mentor, direction=ReviewDirection.LEARNER_TO_MENTOR, rating=4
    )
    first = Review.objects.filter(booking__learner=user).count()
    assert first == 1
    for status, minutes in (
        ("completed", 0),
        ("completed", 0),
        ("in_progress", 30),
        ("dropped", 0),
        ("cancelled", 0),
    ):
        enrollment(user, status, minutes=minutes)
    path = LearningPath.objects.create(user=user, subcategory=category(), total_steps=3, current_step=2)
    Milestone.objects.create(path=path, step=1, title="Variables", completed_at=utc(2027, 3, 4))
    step_two = Milestone.objects.create(path=path, step=2, title="Functions")
    Milestone.objects.create(path=path, step=3, title="Classes")
    MilestoneMentor.objects.create(milestone=step_two, mentor=mentor, rank=1, score=0.9)
    LearnerStanding.objects.create(
        user=user, total_points=300, current_streak_days=4, longest_streak_days=6, last_active_on=NOW.date()
    )


@pytest.fixture
def people(db):
    with time_machine.travel(NOW, tick=False):
        me = UserFactory()
        other = UserFactory()
        mentor = MentorFactory()
        learner_world(me, mentor)
        # Someone else's rows: not one of them may reach my figures.
        booking(mentor, other, start=utc(2027, 3, 5, 10), status=BookingStatus.COMPLETED, minutes=120)
        completed_enrollment(other)
        LearnerStanding.objects.create(user=other, total_points=5000)
        # Groups of the path's subject area: the busiest one I am not in yet is suggested.
        area = category()
        community_group(other, name="Busy group", category=area, members=40)
        community_group(other, name="Quiet group", category=area, members=3)
        joined = community_group(other, name="Joined group", category=area, members=90)
        GroupMembership.objects.create(
            group=joined, user=me, status="active", joined_at=utc(2027, 3, 8), requested_at=utc(2027, 3, 8)
        )
        community_group(other, name="Elsewhere", category=None, members=500)
        yield me, other, mentor


def test_dashboard_figures_come_from_my_own_rows(people):
    me, _, mentor = people
    with time_machine.travel(NOW, tick=False):
        body = client_for(me).get(DASHBOARD).json()
    assert body["overview"] == {
        "total_sessions": 2,
        # 60 + 90 minutes of sessions and 30 in lessons.
        "total_hours_learned": "3.0",
        "courses_completed": 2,
        "current_streak_days": 4,
        "total_points": 300,
        "level": 3,
    }
    assert body["learning_progress"] == {
        "active_paths": 1,
        # Two completed of four started (the dropped one counts, the cancelled one does not).
        "completion_rate": 0.5,
        "average_session_rating": 4.0,
    }
    assert body["earnings"] is None
    steps = body["recommendations"]["next_steps"]
    assert [(s["type"], s["title"]) for s in steps] == [
        ("milestone", "Functions"),
        ("mentor", mentor.user.full_name),
        ("group", "Busy group"),
    ]
    assert steps[1]["id"] == str(mentor.pk)


def test_a_mentor_sees_their_earnings_this_month(db):
    with time_machine.travel(NOW, tick=False):
        profile = MentorFactory(average_rating=Decimal("4.50"), total_reviews=2)
        learner = UserFactory()
        booking(profile, learner, start=utc(2027, 3, 1, 10), status=BookingStatus.COMPLETED)
        for amount, currency, paid in (
            ("63.75", "USD", utc(2027, 3, 2)),
            ("40.00", "EUR", utc(2027, 3, 3)),
            ("99.00", "USD", utc(2027, 2, 27)),
        ):
            paid_row = payment(
                learner, amount=amount, fee="0.00", currency=currency, paid_at=paid, mentor=profile
            )
            EarningEntry.objects.create(
                mentor=profile, payment=paid_row, amount=Decimal(amount), currency=currency
            )
        body = client_for(profile.user).get(DASHBOARD).json()
    assert body["earnings"] == {
        "this_month": [{"amount": "40.00", "currency": "EUR"}, {"amount": "63.75", "currency": "USD"}],
        "total_sessions_given": 1,
        "average_rating": 4.5,
    }


def test_the_timeline_covers_every_type_from_my_rows_only(people):
    me, other, mentor = people
    with time_machine.travel(NOW, tick=False):
        achievement = Achievement.objects.create(
            slug="dash-first", name="First steps", description="d", icon="*", metric="sessions", threshold=1
        )
        AchievementAward.objects.create(user=me, achievement=achievement, earned_at=utc(2027, 3, 6), salt="s")
        AchievementAward.objects.create(
            user=other, achievement=achievement, earned_at=utc(2027, 3, 6), salt="s"
        )
        done = Enrollment.objects.filter(user=me, status="completed").first()
        Certificate.objects.create(
            user=me,
            enrollment=done,
            verification_code="MENTORA-2027-ABCDEF",
            holder_name="Me",
            opportunity_title="completed course",
            opportunity_type="course",
            issued_at=utc(2027, 3, 7),
            salt="s",
        )
        mine = me.bookings.filter(status="completed").first()
        Review.objects.create(
            booking=mine,
            reviewer=mentor.user,
            mentor=mentor,
            direction=ReviewDirection.MENTOR_TO_LEARNER,
            rating=5,
        )
        group = Group.objects.get(name="Joined group")
        Post.objects.create(group=group, author=me, title="Hello all", body="Hi")
        Post.objects.create(group=group, author=me, title="Gone", body="x", deleted_at=utc(2027, 3, 9))
        Post.objects.create(group=group, author=other, title="Not mine", body="x")
        body = client_for(me).get(ACTIVITY, {"limit": 100}).json()
    kinds = sorted({row["type"] for row in body["items"]})
    assert kinds == [
        "achievement_unlocked",
        "certificate_issued",
        "course_completed",
        "group_joined",
        "milestone_completed",
        "post_created",
        "review_given",
        "review_received",
        "session_booked",
        "session_completed",
    ]
    # 3 booked, 2 completed, 1 milestone, 1 achievement, 2 courses, 1 certificate, 1 given,
    # 1 received, 1 group joined, 1 post (the deleted one and the other's are not mine).
    assert body["total"] == 14
    post = next(row for row in body["items"] if row["type"] == "post_created")
    assert (post["data"]["title"], post["data"]["detail"]) == ("Hello all", "Joined group")
    joined = next(row for row in body["items"] if row["type"] == "group_joined")
    assert joined == {
        "type": "group_joined",
        "data": {"id": str(group.pk), "title": "Joined group", "detail": "member"},
        "timestamp": "2027-03-08T00:00:00Z",
    }
    stamps = [row["timestamp"] for row in body["items"]]
    assert stamps == sorted(stamps, reverse=True)
    completed = [row for row in body["items"] if row["type"] == "session_completed"]
    assert {row["data"]["detail"] for row in completed} == {mentor.user.full_name}
    received = next(row for row in body["items"] if row["type"] == "review_received")
    assert received["data"]["detail"] == "5"


def test_the_timeline_filters_by_type_and_by_days_in_my_time_zone(people):
    me, _, _ = people
    me.timezone = "America/New_York"
    me.save(update_fields=["timezone"])
    client = client_for(me)
    with time_machine.travel(NOW, tick=False):
        only = client.get(ACTIVITY, {"type": "session_completed,milestone_completed"}).json()
        # Completed 11:00 UTC on 1 March (06:00 in New York): the 1st is in, the 2nd is not.
        day = client.get(
            ACTIVITY, {"type": "session_completed", "from": "2027-03-01", "to": "2027-03-01"}
        ).json()
        bad = client.get(ACTIVITY, {"type": "party"})
        backwards = client.get(ACTIVITY, {"from": "2027-03-02", "to": "2027-03-01"})
    assert sorted(row["type"] for row in only["items"]) == [
        "milestone_completed",
        "session_completed",
        "session_completed",
    ]
    assert [row["timestamp"] for row in day["items"]] == ["2027-03-01T11:00:00Z"]
    assert bad.status_code == 400 and "type" in bad.json()["details"]
    assert backwards.status_code == 400 and "to" in backwards.json()["details"]


def test_the_timeline_runs_the_same_queries_for_5_and_50_rows(db, django_assert_max_num_queries):
    with time_machine.travel(NOW, tick=False):
        mentor = MentorFactory()
        counts = {}
        for size in (5, 50):
            me = UserFactory()
            for index in range(size):
                booking(
                    mentor,
                    me,
                    start=utc(2027, 4, 1) + datetime.timedelta(days=size, hours=index),
                    status="confirmed",
                )
            client = client_for(me)
            client.get(ACTIVITY)  # the session and the user load once, as on any request
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                body = client.get(ACTIVITY, {"limit": size}).json()
            assert len(body["items"]) == size
            counts[size] = len(queries)
    assert counts[5] == counts[50]
    with django_assert_max_num_queries(4):
        client.get(ACTIVITY, {"limit": 50})


def test_dashboard_and_timeline_need_a_signed_in_user(db):
    assert client_for().get(DASHBOARD).status_code == 401
    assert client_for().get(ACTIVITY).status_code == 401


def mentor_in_berlin_paid(*payments: tuple[str, datetime.datetime]) -> MentorProfile:
    """A mentor in Berlin with these (amount, paid at) payments in USD, their share in full."""
    profile = MentorFactory(user__timezone="Europe/Berlin")
    learner = UserFactory()
    for amount, paid in payments:
        paid_row = payment(learner, amount=amount, fee="0.00", currency="USD", paid_at=paid, mentor=profile)
        EarningEntry.objects.create(mentor=profile, payment=paid_row, amount=Decimal(amount), currency="USD")
    return profile


def test_this_month_is_the_mentors_own_month_on_the_dashboard_and_the_earnings_page(db):
    # 31 March 23:30 UTC is already 1 April in Berlin (CEST): its month has one payment so far,
    # the one at 22:30 UTC; the one at 21:00 UTC was still on 31 March there.
    with time_machine.travel(utc(2027, 3, 31, 23, 30), tick=False):
        profile = mentor_in_berlin_paid(
            ("10.00", utc(2027, 3, 31, 22, 30)), ("99.00", utc(2027, 3, 31, 21, 0))
        )
        client = client_for(profile.user)
        dashboard = client.get(DASHBOARD).json()
        earnings = client.get("/api/v1/earnings/me").json()
        stats = client.get("/api/v1/analytics/me/mentor-stats").json()
    assert dashboard["earnings"]["this_month"] == [{"amount": "10.00", "currency": "USD"}]
    assert earnings["this_month"] == {"amount": "10.00", "currency": "USD"}
    assert stats["earnings"][0]["this_month"] == {"amount": "10.00", "currency": "USD"}


def test_the_earnings_page_counts_days_and_months_in_the_mentors_own_zone(db, client):
    # 31 March 23:30 UTC is 1 April 01:30 in Berlin: "the last 7 days" run to 1 April and take
    # in the payment made at 00:30 there, and the chart's last bar is April's. The page counted
    # to the UTC date (31 March) and drew March last, so that payment was on neither.
    with time_machine.travel(utc(2027, 3, 31, 23, 30), tick=False):
        profile = mentor_in_berlin_paid(
            ("10.00", utc(2027, 3, 31, 22, 30)), ("99.00", utc(2027, 3, 20, 12, 0))
        )
        client.force_login(profile.user)
        page = client.get(reverse("payments:earnings"), {"period": "week"})
    html = page.content.decode()
    assert re.search(r"<dt>Earned 26 Mar–1 Apr 2027</dt><dd>\$10\.00</dd>", html)
    bars = re.findall(r"<tr><td>(\w{3})</td><td class=\"num\">([^<]+)</td></tr>", html)
    assert bars[-2:] == [("Mar", "$99.00"), ("Apr", "$10.00")]
    assert bars[0][0] == "May" and len(bars) == 12


def test_the_earnings_api_counts_days_and_months_in_the_mentors_own_zone_too(db):
    # The API speaks UTC for instants, but a mentor's earning days and months are theirs: the
    # week to 1 April in Berlin, April's month and 1 April's day hold the 00:30 payment.
    with time_machine.travel(utc(2027, 3, 31, 23, 30), tick=False):
        profile = mentor_in_berlin_paid(
            ("10.00", utc(2027, 3, 31, 22, 30)), ("99.00", utc(2027, 3, 20, 12, 0))
        )
        body = client_for(profile.user).get("/api/v1/earnings/me", {"period": "week"}).json()
    usd = {"currency": "USD"}
    assert (body["start_date"], body["end_date"]) == ("2027-03-26", "2027-04-01")
    assert body["total_earnings"] == {"amount": "10.00", **usd}
    assert body["by_month"] == [
        {"month": "2027-03", "total": {"amount": "99.00", **usd}},
        {"month": "2027-04", "total": {"amount": "10.00", **usd}},
    ]
    assert body["daily"] == [{"date": "2027-04-01", "total": {"amount": "10.00", **usd}}]
