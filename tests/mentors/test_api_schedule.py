"""/mentors/me/schedule: the schedule, its rules, and the slot preview."""

from datetime import UTC, datetime

import pytest
import time_machine

from accounts.models import AuditEntry
from core.errors import ValidationFailed
from mentors import services
from mentors.models import MentorStatus, Schedule, ScheduleEntry
from tests.conftest import client_for
from tests.mentors.factories import MentorFactory, RuleFactory, ScheduleFactory, mentor_with_weekly_hours

NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # a Monday, four weeks before Europe's clocks go forward
URL = "/api/v1/mentors/me/schedule"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def weekly_schedule(**extra) -> dict:
    return {
        "type": "weekly",
        "timezone": "Europe/Berlin",
        "rules": [
            {
                "day_of_week": "monday",
                "start_time": "09:00",
                "end_time": "12:00",
                "slot_duration_minutes": 60,
            },
            {"day_of_week": 3, "start_time": "14:00", "end_time": "16:00", "slot_duration_minutes": 30},
        ],
        "booking_rules": {
            "min_notice_hours": 12,
            "max_advance_days": 30,
            "buffer_after_minutes": 15,
            "auto_confirm": False,
        },
        "date_exceptions": [
            {"date": "2027-03-08", "reason": "Holiday"},
            {"date": "2027-03-15", "start_time": "13:00", "end_time": "15:00"},
        ],
        **extra,
    }


def test_put_creates_the_schedule_and_get_returns_it():
    mentor = MentorFactory(status=MentorStatus.DRAFT)
    client = client_for(mentor.user)
    response = client.put(URL, weekly_schedule(), format="json")
    assert response.status_code == 200, response.json()
    body = client.get(URL).json()
    assert body == response.json()
    assert body["type"] == "weekly" and body["timezone"] == "Europe/Berlin" and body["is_active"] is True
    assert [
        (r["day_of_week"], r["start_time"], r["end_time"], r["slot_duration_minutes"]) for r in body["rules"]
    ] == [
        ("monday", "09:00", "12:00", 60),
        ("wednesday", "14:00", "16:00", 30),
    ]
    assert body["booking_rules"] == {
        "min_notice_hours": 12,
        "max_advance_days": 30,
        "cancellation_deadline_hours": 24,
        "buffer_before_minutes": 0,
        "buffer_after_minutes": 15,
        "max_sessions_per_day": None,
        "max_booked_minutes_per_day": None,
        "min_gap_minutes": 0,
        "auto_confirm": False,
    }
    assert [(e["date"], e["type"], e["start_time"]) for e in body["date_exceptions"]] == [
        ("2027-03-08", "block", None),
        ("2027-03-15", "replace", "13:00"),
    ]


def test_put_replaces_everything_and_sessions_stay_booked():
    mentor = mentor_with_weekly_hours(days=[0, 1, 2])
    services.slot_reserve(
        mentor=mentor, start_at=datetime(2027, 3, 1, 10, tzinfo=UTC), duration_minutes=60, reference="b1"
    )
    response = client_for(mentor.user).put(URL, weekly_schedule(rules=[]), format="json")
    assert response.json()["rules"] == []
    assert mentor.busy_intervals.filter(reference="b1", is_live=True).exists()
    assert Schedule.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"timezone": "Berlin"}, "timezone"),
        ({"type": "yearly"}, "type"),
        ({"rules": [{"day_of_week": "funday", "start_time": "09:00", "end_time": "10:00"}]}, "rules"),
        ({"rules": [{"day_of_week": "monday", "start_time": "12:00", "end_time": "09:00"}]}, "rules"),
        ({"rules": [{"start_time": "09:00", "end_time": "10:00"}]}, "rules"),
        (
            {
                "rules": [
                    {
                        "day_of_week": "monday",
                        "start_time": "09:00",
                        "end_time": "10:00",
                        "slot_duration_minutes": 20,
                    }
                ]
            },
            "rules",
        ),
        ({"booking_rules": {"min_notice_hours": -1}}, "booking_rules"),
        ({"booking_rules": {"coffee_breaks": 3}}, "booking_rules"),
        ({"booking_rules": {"max_sessions_per_day": 0}}, "booking_rules"),
        ({"booking_rules": {"max_sessions_per_day": "three"}}, "booking_rules"),
        ({"booking_rules": {"max_booked_minutes_per_day": 10}}, "booking_rules"),
        ({"booking_rules": {"max_booked_minutes_per_day": 1441}}, "booking_rules"),
        ({"booking_rules": {"min_gap_minutes": -5}}, "booking_rules"),
        ({"booking_rules": {"min_gap_minutes": None}}, "booking_rules"),
        ({"booking_rules": {"buffer_after_minutes": 241}}, "booking_rules"),
        ({"date_exceptions": [{"date": "2027-03-08", "start_time": "10:00"}]}, "date_exceptions"),
    ],
)
def test_a_bad_schedule_is_refused_and_the_old_one_stays(change, field):
    mentor = mentor_with_weekly_hours(days=[4])
    response = client_for(mentor.user).put(URL, weekly_schedule(**change), format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["details"]
    schedule = Schedule.objects.get(mentor=mentor)
    assert schedule.timezone == "UTC" and [e.day_of_week for e in schedule.entries.all()] == [4]


def test_overlapping_rules_are_a_conflict():
    mentor = MentorFactory()
    rules = [
        {"day_of_week": "monday", "start_time": "09:00", "end_time": "12:00"},
        {"day_of_week": "monday", "start_time": "11:00", "end_time": "13:00"},
    ]
    response = client_for(mentor.user).put(URL, weekly_schedule(rules=rules), format="json")
    assert response.status_code == 409
    assert not Schedule.objects.exists()


def test_monthly_and_custom_schedules_take_their_own_day_fields():
    mentor = MentorFactory()
    client = client_for(mentor.user)
    monthly = {
        "type": "monthly",
        "timezone": "UTC",
        "rules": [{"day_of_month": 15, "start_time": "10:00", "end_time": "12:00"}],
    }
    assert client.put(URL, monthly, format="json").json()["rules"][0]["day_of_month"] == 15
    custom = {
        "type": "custom",
        "timezone": "UTC",
        "rules": [{"date": "2027-03-20", "start_time": "10:00", "end_time": "12:00"}],
    }
    assert client.put(URL, custom, format="json").json()["rules"][0]["date"] == "2027-03-20"
    wrong = {
        "type": "monthly",
        "timezone": "UTC",
        "rules": [{"day_of_week": "monday", "start_time": "10:00", "end_time": "12:00"}],
    }
    response = client.put(URL, wrong, format="json")
    assert response.status_code == 400
    assert response.json()["details"]["rules"]["0"] == {
        "day_of_month": ["A monthly rule needs day_of_month."]
    }


def test_a_mentor_without_a_schedule_is_told_to_create_one():
    response = client_for(MentorFactory().user).get(URL)
    assert response.status_code == 404
    assert "PUT /api/v1/mentors/me/schedule" in response.json()["message"]


# --- rules -----------------------------------------------------------------------------------------------


def test_adding_one_rule_or_several():
    mentor = mentor_with_weekly_hours(days=[0], start=9, end=12)
    client = client_for(mentor.user)
    one = client.post(
        f"{URL}/rules", {"day_of_week": "tuesday", "start_time": "09:00", "end_time": "10:00"}, format="json"
    )
    assert one.status_code == 201
    assert [r["day_of_week"] for r in one.json()["rules"]] == ["tuesday"]
    several = client.post(
        f"{URL}/rules",
        {
            "rules": [
                {"day_of_week": 3, "start_time": "09:00", "end_time": "10:00"},
                {"day_of_week": "friday", "start_time": "09:00", "end_time": "10:00"},
            ]
        },
        format="json",
    )
    assert several.status_code == 201
    assert [r["day_of_week"] for r in several.json()["rules"]] == ["wednesday", "friday"]
    assert mentor.schedule.entries.count() == 4


def test_a_rule_that_overlaps_is_a_conflict_and_none_is_added():
    mentor = mentor_with_weekly_hours(days=[0], start=9, end=12)
    response = client_for(mentor.user).post(
        f"{URL}/rules",
        {
            "rules": [
                {"day_of_week": "tuesday", "start_time": "09:00", "end_time": "10:00"},
                {"day_of_week": "monday", "start_time": "11:00", "end_time": "13:00"},
            ]
        },
        format="json",
    )
    assert response.status_code == 409
    assert mentor.schedule.entries.count() == 1


def test_a_bad_rule_is_refused():
    mentor = mentor_with_weekly_hours(days=[0])
    response = client_for(mentor.user).post(
        f"{URL}/rules", {"day_of_week": "monday", "start_time": "9am"}, format="json"
    )
    assert response.status_code == 400
    assert {"start_time", "end_time"} <= set(response.json()["details"])


def test_removing_a_rule_keeps_booked_sessions():
    mentor = mentor_with_weekly_hours(days=[0])
    rule = mentor.schedule.entries.get()
    services.slot_reserve(
        mentor=mentor, start_at=datetime(2027, 3, 1, 10, tzinfo=UTC), duration_minutes=60, reference="b1"
    )
    assert client_for(mentor.user).delete(f"{URL}/rules/{rule.pk}").status_code == 204
    assert not ScheduleEntry.objects.exists()
    assert mentor.busy_intervals.filter(reference="b1", is_live=True).exists()


def test_another_mentors_rule_cannot_be_removed():
    mentor = mentor_with_weekly_hours(days=[0])
    foreign = RuleFactory(schedule=ScheduleFactory())
    assert client_for(mentor.user).delete(f"{URL}/rules/{foreign.pk}").status_code == 404
    assert ScheduleEntry.objects.filter(pk=foreign.pk).exists()


def test_one_mentors_writes_never_reach_another_mentors_schedule():
    mine = mentor_with_weekly_hours(days=[0])
    theirs = mentor_with_weekly_hours(days=[4], tz="Asia/Tokyo")
    client = client_for(mine.user)
    client.put(URL, weekly_schedule(), format="json")
    client.post(
        f"{URL}/rules", {"day_of_week": "sunday", "start_time": "09:00", "end_time": "10:00"}, format="json"
    )
    theirs.schedule.refresh_from_db()
    assert theirs.schedule.timezone == "Asia/Tokyo"
    assert [e.day_of_week for e in theirs.schedule.entries.all()] == [4]


# --- generate-slots --------------------------------------------------------------------------------------


def test_generate_slots_previews_in_the_schedules_zone_and_stores_nothing():
    mentor = MentorFactory(status=MentorStatus.DRAFT)
    client = client_for(mentor.user)
    client.put(URL, weekly_schedule(booking_rules={"min_notice_hours": 0}), format="json")
    services.slot_reserve(
        mentor=mentor,
        start_at=datetime(2027, 3, 29, 8, tzinfo=UTC),
        duration_minutes=60,
        reference="b1",
        check_availability=False,
    )
    response = client.post(
        f"{URL}/generate-slots",
        {"start_date": "2027-03-22", "end_date": "2027-03-29", "overwrite": True},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["timezone"] == "Europe/Berlin"
    by_day = {}
    for slot in body["slots"]:
        by_day.setdefault(slot["date"], []).append((slot["start_time"], slot["status"]))
    # Monday 22 March, before the change: 09:00 Berlin is 08:00 UTC.
    assert by_day["2027-03-22"] == [("09:00", "available"), ("10:00", "available"), ("11:00", "available")]
    assert body["slots"][0]["start_at"] == "2027-03-22T08:00:00Z"
    # Wednesday: 30-minute slots from 14:00 to 16:00.
    assert [t for t, _ in by_day["2027-03-24"]] == ["14:00", "14:30", "15:00", "15:30"]
    # Monday 29 March, after the clocks went forward, still 09:00 local (07:00 UTC); the hold
    # at 08:00 UTC is 10:00 local and takes exactly that slot.
    assert by_day["2027-03-29"] == [("09:00", "available"), ("10:00", "held"), ("11:00", "available")]
    assert body["generated"] == len(body["slots"]) == 10
    assert ScheduleEntry.objects.filter(schedule__mentor=mentor).count() == 4


def test_generate_slots_refuses_a_backwards_or_huge_range():
    mentor = mentor_with_weekly_hours(days=[0])
    client = client_for(mentor.user)
    backwards = client.post(
        f"{URL}/generate-slots", {"start_date": "2027-03-10", "end_date": "2027-03-01"}, format="json"
    )
    assert backwards.status_code == 400 and "end_date" in backwards.json()["details"]
    huge = client.post(
        f"{URL}/generate-slots", {"start_date": "2027-03-01", "end_date": "2028-03-01"}, format="json"
    )
    assert huge.status_code == 400 and "end_date" in huge.json()["details"]


def test_the_schedule_read_can_be_edited_and_sent_back_whole():
    mentor = MentorFactory()
    client = client_for(mentor.user)
    client.put(URL, weekly_schedule(), format="json")
    body = client.get(URL).json()
    body["timezone"] = "Europe/Lisbon"
    body["rules"][0]["end_time"] = "13:00"
    response = client.put(URL, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["timezone"] == "Europe/Lisbon"
    assert response.json()["rules"][0]["end_time"] == "13:00"
    assert [e["type"] for e in response.json()["date_exceptions"]] == ["block", "replace"]


def test_buffers_caps_and_gap_are_saved_returned_and_shown_publicly(anon_client):
    mentor = MentorFactory()
    client = client_for(mentor.user)
    rules = {
        "buffer_before_minutes": 10,
        "buffer_after_minutes": 5,
        "max_sessions_per_day": 3,
        "max_booked_minutes_per_day": 240,
        "min_gap_minutes": 30,
    }
    response = client.put(URL, weekly_schedule(booking_rules=rules), format="json")
    assert response.status_code == 200, response.json()
    assert {name: response.json()["booking_rules"][name] for name in rules} == rules
    schedule = Schedule.objects.get(mentor=mentor)
    assert (schedule.max_sessions_per_day, schedule.max_booked_minutes_per_day, schedule.min_gap_minutes) == (
        3,
        240,
        30,
    )
    public = anon_client.get(f"/api/v1/mentors/{mentor.pk}/schedule").json()["booking_rules"]
    assert {name: public[name] for name in rules} == rules


def test_null_caps_switch_them_off_and_a_rule_left_out_goes_back_to_its_default():
    mentor = MentorFactory()
    client = client_for(mentor.user)
    client.put(
        URL, weekly_schedule(booking_rules={"max_sessions_per_day": 2, "min_gap_minutes": 15}), format="json"
    )
    response = client.put(URL, weekly_schedule(booking_rules={"max_sessions_per_day": None}), format="json")
    assert response.status_code == 200, response.json()
    rules = response.json()["booking_rules"]
    assert (rules["max_sessions_per_day"], rules["min_gap_minutes"], rules["min_notice_hours"]) == (
        None,
        0,
        24,
    )


def test_a_bad_cap_says_which_rule_and_why():
    mentor = MentorFactory()
    response = client_for(mentor.user).put(
        URL, weekly_schedule(booking_rules={"max_sessions_per_day": 0}), format="json"
    )
    body = response.json()
    assert response.status_code == 400 and body["error"] == "VALIDATION_ERROR"
    assert "max_sessions_per_day" in str(body["details"])


def test_the_service_refuses_out_of_range_rules_whoever_calls_it():
    mentor = MentorFactory()
    for rules, field in [
        ({"max_sessions_per_day": 49}, "booking_rules.max_sessions_per_day"),
        ({"min_gap_minutes": 721}, "booking_rules.min_gap_minutes"),
        ({"max_booked_minutes_per_day": True}, "booking_rules.max_booked_minutes_per_day"),
        ({"auto_confirm": "yes"}, "booking_rules.auto_confirm"),
    ]:
        with pytest.raises(ValidationFailed) as caught:
            services.schedule_replace(mentor=mentor, timezone="UTC", booking_rules=rules)
        assert field in caught.value.details
    assert not Schedule.objects.filter(mentor=mentor).exists()


def test_generate_slots_says_which_rule_keeps_a_slot_from_learners():
    mentor = MentorFactory()
    client = client_for(mentor.user)
    rules = {"min_notice_hours": 0, "max_sessions_per_day": 2, "min_gap_minutes": 60}
    client.put(URL, weekly_schedule(booking_rules=rules), format="json")
    for hour in (8, 10):  # Monday 1 March, 09:00 and 11:00 Berlin
        services.slot_reserve(
            mentor=mentor,
            start_at=datetime(2027, 3, 1, hour, tzinfo=UTC),
            duration_minutes=60,
            source="booking",
            check_availability=False,
        )
    response = client.post(
        f"{URL}/generate-slots", {"start_date": "2027-03-01", "end_date": "2027-03-01"}, format="json"
    )
    assert [(s["start_time"], s["status"], s["reason"]) for s in response.json()["slots"]] == [
        ("09:00", "booked", "booking"),
        ("10:00", "blocked", "daily_sessions"),
        ("11:00", "booked", "booking"),
    ]


# --- the audit log ------------------------------------------------------------------------------


def _audited(mentor, action: str):
    entries = list(AuditEntry.objects.filter(action=action, target_id=str(mentor.pk)))
    assert len(entries) == 1, entries
    assert entries[0].actor_id == mentor.user_id
    return entries[0]


def test_replacing_the_schedule_is_audited_with_the_booking_rules_that_changed():
    mentor = MentorFactory(status=MentorStatus.DRAFT)
    client = client_for(mentor.user)
    client.put(URL, weekly_schedule(), format="json")
    _audited(mentor, "schedule.replace")

    later = weekly_schedule()
    later["booking_rules"] = {**later["booking_rules"], "min_notice_hours": 48}
    assert client.put(URL, later, format="json").status_code == 200

    # The clock is frozen: the two rows share one time, so they are told apart by content.
    replaced = AuditEntry.objects.filter(action="schedule.replace", target_id=str(mentor.pk))
    assert {"min_notice_hours": [12, 48]} in [e.details["booking_rules"] for e in replaced]
    assert all((e.details["rules"], e.details["date_exceptions"]) == (2, 2) for e in replaced)


def test_a_refused_schedule_writes_no_audit_row():
    mentor = mentor_with_weekly_hours(days=[0], start=9, end=12)
    response = client_for(mentor.user).post(
        f"{URL}/rules",
        {"rules": [{"day_of_week": "monday", "start_time": "11:00", "end_time": "13:00"}]},
        format="json",
    )
    assert response.status_code == 409
    assert not AuditEntry.objects.filter(action__startswith="schedule.").exists()


def test_adding_and_removing_rules_is_audited():
    mentor = mentor_with_weekly_hours(days=[0], start=9, end=12)
    client = client_for(mentor.user)
    added = client.post(
        f"{URL}/rules", {"day_of_week": "tuesday", "start_time": "09:00", "end_time": "10:00"}, format="json"
    )
    rule_id = added.json()["rules"][0]["id"]
    assert _audited(mentor, "schedule.rules_add").details["rule_ids"] == [rule_id]

    assert client.delete(f"{URL}/rules/{rule_id}").status_code == 204
    assert _audited(mentor, "schedule.rule_delete").details["rule_id"] == rule_id
