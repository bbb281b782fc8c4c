"""/users/me (the full field set), /learners/me and switch-mode: your own account only."""

import pytest

from accounts.models import LearnerProfile
from tests.accounts.helpers import ME, REGISTER, signup_body
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LEARNER_ME = "/api/v1/learners/me"
SWITCH = "/api/v1/users/me/switch-mode"


def test_me_shows_the_full_profile(learner_client, learner):
    learner_client.patch(
        ME,
        {
            "bio": "Learning Rust on weekends.",
            "phone": "+49 30 901820",
            "location": {"city": "Berlin", "country": "de", "lat": 52.520008, "lng": 13.404954},
        },
        format="json",
    )

    body = learner_client.get(ME).json()

    assert body["bio"] == "Learning Rust on weekends."
    assert body["phone"] == "+4930901820"
    assert body["location"] == {"city": "Berlin", "country": "DE", "lat": 52.520008, "lng": 13.404954}
    assert body["avatar_url"] == "http://testserver/static/img/default-avatar.svg"
    for key in (
        "timezone",
        "currency",
        "preferred_language",
        "persona",
        "membership",
        "roles",
        "active_mode",
    ):
        assert key in body


def test_location_is_merged_key_by_key_and_null_clears_it(learner_client):
    learner_client.patch(ME, {"location": {"city": "Lyon", "country": "FR"}}, format="json")
    body = learner_client.patch(ME, {"location": {"city": "Paris"}}, format="json").json()
    assert body["location"] == {"city": "Paris", "country": "FR", "lat": None, "lng": None}

    cleared = learner_client.patch(ME, {"location": None}, format="json").json()
    assert cleared["location"] == {"city": "", "country": "", "lat": None, "lng": None}


def test_a_national_phone_number_is_read_in_the_users_country(learner_client):
    body = learner_client.patch(
        ME, {"location": {"country": "GB"}, "phone": "020 7946 0018"}, format="json"
    ).json()
    assert body["phone"] == "+442079460018"


def test_language_and_currency_are_normalised_against_the_real_lists(learner_client):
    body = learner_client.patch(ME, {"preferred_language": "pt_br", "currency": "jpy"}, format="json").json()
    assert (body["preferred_language"], body["currency"]) == ("pt-BR", "JPY")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"timezone": "Europe/Atlantis"}, "timezone"),
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "XAU"}, "currency"),  # gold is ISO 4217 but no one's money
        ({"preferred_language": "xx"}, "preferred_language"),
        ({"preferred_language": "en-QQ"}, "preferred_language"),
        ({"phone": "+49 123"}, "phone"),
        ({"location": {"country": "QQ"}}, "location"),
        ({"location": {"lat": 95, "lng": 10}}, "location"),
        ({"location": {"lat": 10}}, "location"),
        ({"location": {"street": "Main St"}}, "location"),
        ({"bio": "x" * 2001}, "bio"),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_nothing_is_saved(learner_client, body, field):
    before = learner_client.get(ME).json()
    # a good value in the same request is not saved either: one request, one transaction
    response = learner_client.patch(ME, {"full_name": "Half Written", **body}, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert field in response.json()["details"]
    assert learner_client.get(ME).json() == before


def test_several_bad_fields_are_all_named_at_once(learner_client):
    response = learner_client.patch(ME, {"timezone": "Nowhere/Land", "currency": "ZZZ"}, format="json")
    assert set(response.json()["details"]) == {"timezone", "currency"}


def test_registration_creates_the_learner_profile(anon_client):
    response = anon_client.post(REGISTER, signup_body(), format="json")
    assert LearnerProfile.objects.filter(user_id=response.json()["user"]["id"]).exists()


def test_learner_profile_reads_and_edits_your_own(learner_client, learner):
    learner.timezone = "Asia/Tokyo"
    learner.save()

    response = learner_client.patch(
        LEARNER_ME,
        {
            "grade_level": "undergraduate",
            "school_name": "TU Berlin",
            "learning_goals": "Pass the algorithms exam.",
            "interests": ["graphs", " Graphs ", "chess"],
            "bio": "Second-year student.",
            "preferred_language": "de",
        },
        format="json",
    )

    assert response.status_code == 200
    body = learner_client.get(LEARNER_ME).json()
    assert body["grade_level"] == "undergraduate"
    assert body["interests"] == ["graphs", "chess"]
    assert body["timezone"] == "Asia/Tokyo"
    assert body["total_sessions"] == 0
    # bio and language are the account's: one value, seen in both places
    me = learner_client.get(ME).json()
    assert (me["bio"], me["preferred_language"]) == ("Second-year student.", "de")


def test_learner_profile_is_made_on_first_use_for_older_accounts(learner_client, learner):
    LearnerProfile.objects.filter(user=learner).delete()
    assert learner_client.get(LEARNER_ME).status_code == 200
    assert LearnerProfile.objects.filter(user=learner).exists()


@pytest.mark.parametrize(
    "body",
    [
        {"timezone": "Europe/Paris"},
        {"total_sessions": 99},
        {"grade_level": "kindergarten"},
        {"interests": "chess"},
        {"preferred_language": "klingon"},
    ],
)
def test_learner_profile_refuses_bad_or_read_only_fields(learner_client, body):
    before = learner_client.get(LEARNER_ME).json()
    response = learner_client.patch(LEARNER_ME, {"school_name": "Changed", **body}, format="json")
    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert learner_client.get(LEARNER_ME).json() == before


def test_switch_to_mentor_mode_needs_an_approved_mentor(learner_client, mentor_client):
    refused = learner_client.post(SWITCH, {"mode": "mentor"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["details"]["reason"] == "mentor_profile_not_approved"
    assert learner_client.get(ME).json()["active_mode"] == "learner"

    assert mentor_client.post(SWITCH, {"mode": "mentor"}, format="json").json() == {"active_mode": "mentor"}
    assert mentor_client.get(ME).json()["active_mode"] == "mentor"
    assert mentor_client.post(SWITCH, {"mode": "learner"}, format="json").json() == {"active_mode": "learner"}


def test_switch_mode_with_an_unknown_mode_is_a_validation_error(learner_client):
    response = learner_client.post(SWITCH, {"mode": "admin"}, format="json")
    assert response.status_code == 400
    assert "mode" in response.json()["details"]


def test_editing_your_learner_profile_leaves_everyone_elses_alone(learner_client):
    other = UserFactory()
    other_client = client_for(other)
    other_client.patch(LEARNER_ME, {"school_name": "Other School"}, format="json")

    learner_client.patch(LEARNER_ME, {"school_name": "Mine"}, format="json")

    assert other_client.get(LEARNER_ME).json()["school_name"] == "Other School"
    assert learner_client.get(LEARNER_ME).json()["school_name"] == "Mine"
