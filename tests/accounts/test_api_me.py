"""GET/PATCH /users/me: your own account, and nobody else's."""

import pytest

from tests.accounts.helpers import ME
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_me_shows_your_own_account(learner_client, learner):
    body = learner_client.get(ME).json()
    assert body["id"] == str(learner.pk)
    assert body["email"] == learner.email
    assert body["roles"] == ["learner"]
    assert body["date_joined"].endswith("Z")
    assert "password" not in body


def test_roles_show_mentor_and_staff(mentor_client, staff_client):
    assert mentor_client.get(ME).json()["roles"] == ["learner", "mentor"]
    assert staff_client.get(ME).json()["roles"] == ["learner", "staff"]


def test_patch_edits_the_allowed_fields(learner_client, learner):
    response = learner_client.patch(
        ME,
        {
            "full_name": "Grace Hopper",
            "timezone": "America/New_York",
            "currency": "eur",
            "onboarding_completed": True,
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["full_name"], body["first_name"], body["last_name"]) == ("Grace Hopper", "Grace", "Hopper")
    assert body["timezone"] == "America/New_York"
    assert body["currency"] == "EUR"
    assert body["onboarding_completed"] is True
    learner.refresh_from_db()
    assert learner.timezone == "America/New_York"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"currency": "E1"}, "currency"),
        ({"email": "new@example.com"}, "email"),
        ({"is_staff": True}, "is_staff"),
        ({"onboarding_completed": "maybe"}, "onboarding_completed"),
    ],
)
def test_patch_bad_or_forbidden_field_is_refused_and_changes_nothing(learner_client, learner, body, field):
    before = learner_client.get(ME).json()
    response = learner_client.patch(ME, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert field in response.json()["details"]
    assert learner_client.get(ME).json() == before


def test_patch_to_a_taken_username_is_a_conflict(learner_client):
    UserFactory(username="taken")
    response = learner_client.patch(ME, {"username": "Taken"}, format="json")
    assert response.status_code == 409


def test_one_user_never_sees_or_changes_another(learner_client, learner):
    other = UserFactory(full_name="Other Person")
    learner_client.patch(ME, {"full_name": "Changed"}, format="json")
    other.refresh_from_db()
    assert other.full_name == "Other Person"
    assert learner_client.get(ME).json()["id"] == str(learner.pk)
