"""The responses issue 13 (item 8) found outside the schema, each fetched through the validating
client (tests/api_client.py) with the data that used to break it: the test fails if the body
leaves the schema again."""

import pytest

from tests.conftest import client_for
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory

pytestmark = pytest.mark.django_db


def test_a_learner_profile_without_a_grade_level_matches_the_schema():
    body = client_for(UserFactory()).get("/api/v1/learners/me").json()
    assert body["grade_level"] in ("", None)


def test_quiet_hours_once_set_match_the_schema():
    client = client_for(UserFactory())
    quiet = {"start": "22:00", "end": "07:00"}
    assert (
        client.patch("/api/v1/notifications/settings", {"quiet_hours": quiet}, format="json").status_code
        == 200
    )
    assert client.get("/api/v1/notifications/settings").json()["quiet_hours"]["start"].startswith("22:00")


def test_a_schedule_with_rules_and_a_whole_day_off_matches_the_schema():
    client = client_for(MentorFactory().user)
    schedule = {
        "type": "weekly",
        "timezone": "UTC",
        "rules": [
            {"day_of_week": "friday", "start_time": "00:00", "end_time": "09:30", "slot_duration_minutes": 30}
        ],
        "date_exceptions": [{"date": "2030-01-04", "reason": "Holiday"}],
    }
    assert client.put("/api/v1/mentors/me/schedule", schedule, format="json").status_code == 200
    rule = client.get("/api/v1/mentors/me/schedule").json()["rules"][0]
    assert rule["start_time"].startswith("00:00")


def test_currencies_carry_their_symbol():
    items = client_for().get("/api/v1/utils/currencies").json()["items"]
    assert all("symbol" in item for item in items)
