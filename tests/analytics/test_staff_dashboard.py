"""The staff dashboard's figures against a hand-built platform (tests/analytics/world.py), in
the staff member's New York time zone."""

from __future__ import annotations

import pytest
import time_machine

from tests.analytics.world import NOW, staff_world
from tests.cache import clear_cache
from tests.conftest import client_for

URL = "/api/v1/staff/dashboard/"
ROUTES = (
    "stats",
    "recent-activities",
    "upcoming-sessions",
    "session-metrics",
    "subject-distribution",
    "monthly-revenue",
    "user-growth",
)


@pytest.fixture
def world(db):
    with time_machine.travel(NOW, tick=False):
        yield staff_world()


@pytest.fixture
def client(world):
    with time_machine.travel(NOW, tick=False):
        yield client_for(world.staff)


def money(amount: str, currency: str) -> dict:
    return {"amount": amount, "currency": currency}


def month(label, gross, refunds, fees, net, currency):
    return {
        "month": label,
        "gross": money(gross, currency),
        "refunds": money(refunds, currency),
        "platform_fees": money(fees, currency),
        "net": money(net, currency),
    }


def test_stats_count_live_accounts_pending_mentors_and_booked_sessions(client):
    body = client.get(URL + "stats").json()
    assert body == {
        "total_users": 5,  # the staff member, the mentor, two learners, the applicant; not the deleted one
        "total_mentors": 1,
        "total_learners": 3,
        "pending_approvals": 1,
        "total_bookings": 8,  # every booking but the expired one
        # March in New York: USD 40 - 40, EUR -20 (= -25 USD at 0.80), JPY has no rate.
        "revenue_this_month": money("-25.00", "USD"),
        "revenue_this_month_by_currency": [
            {"currency": "EUR", "net": money("-20.00", "EUR")},
            {"currency": "JPY", "net": money("5000", "JPY")},
            {"currency": "USD", "net": money("0.00", "USD")},
        ],
    }


def test_monthly_revenue_per_currency_in_the_staff_members_months_with_refunds_in_their_own_month(client):
    body = client.get(URL + "monthly-revenue", {"months": 3}).json()
    assert body["months"] == 3
    assert body["timezone"] == "America/New_York"
    assert body["base_currency"] == "USD"
    assert body["rates_as_of"] == "2027-03-01"
    assert body["unconverted_currencies"] == ["JPY"]
    by_code = {row["currency"]: row for row in body["currencies"]}
    assert by_code["EUR"]["rate"] == "0.80000000"
    assert by_code["EUR"]["rate_as_of"] == "2027-03-01"
    assert by_code["USD"]["rate_as_of"] is None
    assert by_code["JPY"]["rate"] is None
    assert by_code["USD"]["months"] == [
        # Paid 04:30 UTC on 1 February = 23:30 on 31 January in New York.
        month("2027-01", "100.00", "0.00", "15.00", "100.00", "USD"),
        month("2027-02", "200.00", "0.00", "30.00", "200.00", "USD"),
        # Paid and refunded in March; the pending refund of February's payment is not counted.
        month("2027-03", "40.00", "40.00", "0.00", "0.00", "USD"),
    ]
    assert by_code["EUR"]["months"] == [
        month("2027-01", "0.00", "0.00", "0.00", "0.00", "EUR"),
        month("2027-02", "50.00", "0.00", "8.00", "50.00", "EUR"),
        # February's payment refunded in March lowers March.
        month("2027-03", "0.00", "20.00", "-3.20", "-20.00", "EUR"),
    ]
    assert by_code["JPY"]["months"][-1] == month("2027-03", "5000", "0", "750", "5000", "JPY")
    assert body["total"] == [
        month("2027-01", "100.00", "0.00", "15.00", "100.00", "USD"),
        month("2027-02", "262.50", "0.00", "40.00", "262.50", "USD"),
        month("2027-03", "40.00", "65.00", "-4.00", "-25.00", "USD"),
    ]


@pytest.mark.parametrize("months", ["0", "25", "-1", "six"])
def test_months_outside_1_to_24_is_a_validation_error(client, months):
    for route in ("monthly-revenue", "user-growth"):
        response = client.get(URL + route, {"months": months})
        assert response.status_code == 400
        assert response.json()["error"] == "VALIDATION_ERROR"
        assert "months" in response.json()["details"]


def test_monthly_revenue_defaults_to_six_months_and_takes_24(client):
    assert [row["month"] for row in client.get(URL + "monthly-revenue").json()["total"]] == [
        "2026-10",
        "2026-11",
        "2026-12",
        "2027-01",
        "2027-02",
        "2027-03",
    ]
    assert len(client.get(URL + "monthly-revenue", {"months": 24}).json()["total"]) == 24


def test_user_growth_counts_sign_ups_and_approvals_in_new_york_months(client):
    body = client.get(URL + "user-growth").json()
    assert body["timezone"] == "America/New_York"
    assert body["by_month"] == [
        {"month": "2026-10", "new_users": 0, "new_mentors": 0, "total_users": 1},
        {"month": "2026-11", "new_users": 1, "new_mentors": 0, "total_users": 2},
        # Approved 03:00 UTC on 1 January = 22:00 on 31 December in New York.
        {"month": "2026-12", "new_users": 0, "new_mentors": 1, "total_users": 2},
        # Joined 02:00 UTC on 1 February = 21:00 on 31 January in New York.
        {"month": "2027-01", "new_users": 1, "new_mentors": 0, "total_users": 3},
        {"month": "2027-02", "new_users": 0, "new_mentors": 0, "total_users": 3},
        {"month": "2027-03", "new_users": 2, "new_mentors": 0, "total_users": 5},
    ]


def test_session_metrics_over_new_york_days(client):
    body = client.get(URL + "session-metrics", {"from": "2027-03-01", "to": "2027-03-14"}).json()
    assert body == {
        "from": "2027-03-01",
        "to": "2027-03-14",
        "timezone": "America/New_York",
        # 22:00 on 28 February in New York is outside; the expired booking never counts.
        "total_sessions": 5,
        "completed_sessions": 2,
        "cancelled_sessions": 1,
        "no_show_sessions": 2,
        # Two no-shows over four sessions that were due (two completed, two no-shows).
        "no_show_rate": 0.5,
        # The learners' 5 and 4; the mentor's note about the learner is not a session rating.
        "average_rating": 4.5,
    }


def test_session_metrics_default_to_the_last_30_days(client):
    body = client.get(URL + "session-metrics").json()
    assert (body["from"], body["to"]) == ("2027-02-14", "2027-03-15")
    assert body["total_sessions"] == 6  # the five above and the one on 28 February


def test_session_metrics_reject_a_period_that_ends_before_it_starts(client):
    response = client.get(URL + "session-metrics", {"from": "2027-03-14", "to": "2027-03-01"})
    assert response.status_code == 400
    assert "to" in response.json()["details"]


def test_subject_distribution_shares_of_all_booked_sessions(client, world):
    body = client.get(URL + "subject-distribution").json()
    maths, music = world.subjects
    assert body["total"] == 3
    assert [
        (row["subject"] and row["subject"]["name"], row["bookings"], row["share"]) for row in body["items"]
    ] == [
        ("Algebra", 4, 0.5),
        ("Piano", 3, 0.375),
        (None, 1, 0.125),
    ]
    assert body["items"][0]["category"] == {"id": str(maths.category_id), "name": "Dashboards"}


def test_subject_distribution_over_a_period(client):
    body = client.get(URL + "subject-distribution", {"from": "2027-03-01", "to": "2027-03-14"}).json()
    assert [(row["bookings"], row["share"]) for row in body["items"]] == [(2, 0.4), (2, 0.4), (1, 0.2)]


def test_upcoming_sessions_are_confirmed_ones_soonest_first(client, world):
    body = client.get(URL + "upcoming-sessions").json()
    assert [row["booking_id"] for row in body["items"]] == [str(b.pk) for b in world.upcoming]
    first = body["items"][0]
    assert first["subject"] == "Piano"
    assert first["status"] == "confirmed"
    assert first["learner"] == {"id": str(world.learners[1].pk), "name": world.learners[1].full_name}
    assert first["mentor"]["id"] == str(world.mentor.pk)


def test_recent_activities_union_every_kind_newest_first(client, world):
    body = client.get(URL + "recent-activities", {"limit": 100}).json()
    # 5 live sign-ups, 8 bookings (not the expired one), 5 paid payments, 1 approval, 2 reports.
    assert body["total"] == 21
    kinds = [row["type"] for row in body["items"]]
    assert kinds.count("user_signed_up") == 5
    assert kinds.count("booking_created") == 8
    assert kinds.count("payment_succeeded") == 5
    assert kinds.count("mentor_approved") == 1
    assert kinds.count("report_filed") == 2
    times = [row["created_at"] for row in body["items"]]
    assert times == sorted(times, reverse=True)
    only = client.get(URL + "recent-activities", {"type": "mentor_approved"}).json()
    assert only["items"] == [
        {
            "type": "mentor_approved",
            "actor": {"id": str(world.mentor.user_id), "name": world.mentor.user.full_name},
            "target": {"type": "mentor", "id": str(world.mentor.pk), "label": world.mentor.user.full_name},
            "created_at": "2027-01-01T03:00:00Z",
        }
    ]


def test_figures_are_cached_for_up_to_five_minutes(client, world):
    from tests.factories import UserFactory

    assert client.get(URL + "stats").json()["total_users"] == 5
    UserFactory()
    assert client.get(URL + "stats").json()["total_users"] == 5
    with time_machine.travel(NOW, tick=False):
        clear_cache()
    assert client.get(URL + "stats").json()["total_users"] == 6


@pytest.mark.parametrize("route", ROUTES)
def test_staff_routes_answer_403_to_everyone_else(db, route):
    from tests.factories import UserFactory
    from tests.mentors.factories import MentorFactory

    assert client_for().get(URL + route).status_code == 401
    assert client_for(UserFactory()).get(URL + route).status_code == 403
    assert client_for(MentorFactory().user).get(URL + route).status_code == 403
