"""Soft delete, restore and purge: a deleted account is locked out at once, hidden everywhere,
restorable until the purge anonymises it."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts import services, tasks
from accounts.models import AuditEntry, LearnerProfile, User, UserSkill
from accounts.selectors import user_list_for_staff
from tests.accounts import images
from tests.accounts.helpers import LOGIN, ME, REFRESH, bearer
from tests.api_client import APIClient
from tests.conftest import client_for
from tests.factories import DEFAULT_PASSWORD, UserFactory, UserSkillFactory

pytestmark = pytest.mark.django_db


def log_in(email: str):
    return APIClient().post(LOGIN, {"email": email, "password": DEFAULT_PASSWORD}, format="json")


def test_soft_delete_refuses_tokens_at_once_and_restore_lets_the_user_back_in(staff_client):
    user = UserFactory(email="kim@example.com")
    tokens = log_in("kim@example.com").json()
    session = bearer(APIClient(), tokens["access"])
    assert session.get(ME).status_code == 200

    deleted = session.delete(ME, {"password": DEFAULT_PASSWORD}, format="json")
    assert deleted.status_code == 204

    assert session.get(ME).status_code == 401  # the same, unexpired access token
    assert APIClient().post(REFRESH, {"refresh": tokens["refresh"]}, format="json").status_code == 401
    assert log_in("kim@example.com").status_code == 401
    entry = AuditEntry.objects.get(action="user.soft_delete")
    assert (entry.actor_id, entry.details["by"]) == (user.pk, "self")

    assert staff_client.post(f"/api/v1/staff/users/{user.pk}/restore").status_code == 200

    again = log_in("kim@example.com")
    assert again.status_code == 200
    assert bearer(APIClient(), again.json()["access"]).get(ME).status_code == 200


def test_self_delete_needs_the_right_password(learner_client, learner):
    response = learner_client.delete(ME, {"password": "not-my-password"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()["details"]
    learner.refresh_from_db()
    assert (learner.deleted_at, learner.is_active) == (None, True)
    assert not AuditEntry.objects.exists()


def test_a_deleted_account_vanishes_from_lists():
    live = UserFactory()
    gone = UserFactory()
    services.user_self_delete(user=gone, password=DEFAULT_PASSWORD)

    assert list(User.objects.live()) == [live]
    assert list(User.objects.deleted()) == [gone]
    assert list(user_list_for_staff()) == [live]


def test_a_session_on_the_site_ends_when_the_account_is_deleted(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/account/").status_code == 200

    services.user_staff_delete(actor=UserFactory(is_staff=True), user=user, reason="Abuse")

    assert client.get("/account/").status_code == 302  # back to the log-in page


def deleted_user(days_ago: int, **extra) -> User:
    user = UserFactory(
        email=f"gone{days_ago}@example.com",
        username=f"gone{days_ago}",
        full_name="Gone Person",
        bio="Private things.",
        phone="+4930901820",
        location_city="Berlin",
        location_country="DE",
        **extra,
    )
    services.avatar_set(user=user, upload=images.upload(images.image_bytes()))
    LearnerProfile.objects.create(user=user, school_name="Secret School", interests=["x"], total_sessions=4)
    UserSkillFactory(user=user)
    with time_machine.travel(timezone.now() - timedelta(days=days_ago)):
        services.user_self_delete(user=user, password=DEFAULT_PASSWORD, request=None)
    return user


def test_purge_anonymises_accounts_deleted_30_days_ago(django_capture_on_commit_callbacks):
    old = deleted_user(30)
    recent = deleted_user(29)
    avatar = User.objects.get(pk=old.pk).avatar.name
    AuditEntry.objects.filter(actor=old).update(ip_address="203.0.113.9", user_agent="Firefox")

    with django_capture_on_commit_callbacks(execute=True):
        purged = tasks.purge_deleted_users()

    assert purged == 1
    old.refresh_from_db()
    assert old.email == f"deleted-{old.pk.hex}@deleted.invalid"
    assert (old.username, old.full_name, old.bio, old.phone) == (None, "Deleted user", "", "")
    assert (old.location_city, old.location_country, old.avatar.name) == ("", "", "")
    assert not old.has_usable_password()
    assert old.purged_at is not None
    assert not default_storage.exists(avatar)
    assert not EmailAddress.objects.filter(user=old).exists()
    assert not UserSkill.objects.filter(user=old).exists()
    profile = LearnerProfile.objects.get(user=old)
    assert (profile.school_name, profile.interests, profile.total_sessions) == ("", [], 4)
    assert not AuditEntry.objects.filter(actor=old).exclude(ip_address=None).exists()
    # the row itself stays, so payments and ledger entries that point at it are kept intact
    assert User.objects.filter(pk=old.pk).exists()

    recent.refresh_from_db()
    assert recent.email == "gone29@example.com"


def test_a_purged_account_cannot_be_restored_and_frees_its_email(staff_client):
    old = deleted_user(40)
    services.users_purge_deleted()

    response = staff_client.post(f"/api/v1/staff/users/{old.pk}/restore")

    assert response.status_code == 409
    assert (
        APIClient()
        .post(
            "/api/v1/auth/register",
            {"email": "gone40@example.com", "password": "a-long-enough-pass", "full_name": "New Person"},
            format="json",
        )
        .status_code
        == 201
    )


def test_purge_runs_once_per_account():
    deleted_user(45)
    assert len(services.users_purge_deleted()) == 1
    assert services.users_purge_deleted() == []


def test_the_nightly_purge_is_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["purge-deleted-users"]
    assert entry["task"] == "accounts.tasks.purge_deleted_users"
    assert entry["schedule"] == timedelta(hours=24)


def test_another_users_token_cannot_delete_this_account(learner):
    other = UserFactory()
    response = client_for(other).delete(ME, {"password": DEFAULT_PASSWORD}, format="json")
    assert response.status_code == 204
    learner.refresh_from_db()
    assert learner.deleted_at is None  # only the caller's own account was deleted
