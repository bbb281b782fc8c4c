"""Auth API of API.md §1: register, verify, login, refresh, logout, passwords."""

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import User
from tests.accounts.helpers import (
    CHANGE,
    LOGIN,
    LOGOUT,
    ME,
    PASSWORD,
    REFRESH,
    REGISTER,
    RESEND,
    RESET,
    RESET_CONFIRM,
    VERIFY,
    bearer,
    last_mail_to,
    signup_body,
    token_from_mail,
)
from tests.api_client import APIClient
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit hooks (mails are queued after commit) as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def register(api, on_commit, **overrides):
    with on_commit():
        return api.post(REGISTER, signup_body(**overrides), format="json")


# --- the whole journey --------------------------------------------------------------------------


def test_register_verify_login_me_refresh_logout(api, on_commit):
    created = register(api, on_commit)
    assert created.status_code == 201
    assert created.json()["user"]["is_verified"] is False

    key = token_from_mail(last_mail_to("ann@example.com"), "/verify-email/")
    verified = api.post(VERIFY, {"token": key}, format="json")
    assert verified.status_code == 200
    assert verified.json()["is_verified"] is True

    login = api.post(LOGIN, {"email": "ann@example.com", "password": PASSWORD}, format="json")
    assert login.status_code == 200
    tokens = login.json()
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 30 * 60

    me = bearer(APIClient(), tokens["access"]).get(ME)
    assert me.status_code == 200
    assert me.json()["email"] == "ann@example.com"
    assert me.json()["is_verified"] is True

    rotated = api.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    assert rotated.status_code == 200
    assert rotated.json()["refresh"] != tokens["refresh"]
    assert bearer(APIClient(), rotated.json()["access"]).get(ME).status_code == 200

    out = bearer(APIClient(), rotated.json()["access"]).post(
        LOGOUT, {"refresh": rotated.json()["refresh"]}, format="json"
    )
    assert out.status_code == 204
    again = api.post(REFRESH, {"refresh": rotated.json()["refresh"]}, format="json")
    assert again.status_code == 401
    assert again.json()["error"] == "UNAUTHORIZED"


# --- register -----------------------------------------------------------------------------------


def test_register_returns_user_and_tokens_and_mails_a_link(api, on_commit):
    response = register(api, on_commit, username="ann_e", persona="disabled", intended_role="mentor")
    body = response.json()
    assert set(body) >= {"user", "access", "refresh", "token_type"}
    user = body["user"]
    assert user["email"] == "ann@example.com"
    assert user["username"] == "ann_e"
    assert user["roles"] == ["learner"]
    assert user["persona"] == "disabled"
    assert user["onboarding_completed"] is False
    message = last_mail_to("ann@example.com")
    assert "confirm" in message.subject.lower()
    assert "http://testserver/verify-email/" in message.body


def test_register_accepts_first_and_last_name(api, on_commit):
    body = register(api, on_commit, full_name="", first_name="Ann", last_name="Lee").json()["user"]
    assert body["full_name"] == "Ann Lee"
    assert (body["first_name"], body["last_name"]) == ("Ann", "Lee")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"password": "short"}, "password"),
        ({"password": "1234567890123"}, "password"),
        ({"password": "password123"}, "password"),
        ({"full_name": ""}, "full_name"),
        ({"persona": "wizard"}, "persona"),
        ({"username": "has space"}, "username"),
    ],
)
def test_register_bad_input_is_a_validation_error_naming_the_field(api, on_commit, overrides, field):
    response = register(api, on_commit, **overrides)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "VALIDATION_ERROR"
    assert field in body["details"]
    assert not User.objects.exists()
    assert mail.outbox == []


def test_register_duplicate_email_is_a_conflict_whatever_the_case(api, on_commit):
    register(api, on_commit)
    response = register(api, on_commit, email="ANN@Example.com")
    assert response.status_code == 409
    assert response.json()["error"] == "CONFLICT"
    assert "email" in response.json()["details"]
    assert User.objects.count() == 1


def test_register_duplicate_username_is_a_conflict(api, on_commit):
    register(api, on_commit, username="ann")
    response = register(api, on_commit, email="other@example.com", username="ANN")
    assert response.status_code == 409
    assert "username" in response.json()["details"]


# --- verify e-mail ------------------------------------------------------------------------------


def test_verification_link_works_once(api, on_commit):
    register(api, on_commit)
    key = token_from_mail(last_mail_to("ann@example.com"), "/verify-email/")
    assert api.post(VERIFY, {"token": key}, format="json").status_code == 200
    reused = api.post(VERIFY, {"token": key}, format="json")
    assert reused.status_code == 400
    assert "token" in reused.json()["details"]


def test_verification_link_expires_after_24_hours(api, on_commit):
    register(api, on_commit)
    key = token_from_mail(last_mail_to("ann@example.com"), "/verify-email/")
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=24, minutes=1)):
        response = api.post(VERIFY, {"token": key}, format="json")
    assert response.status_code == 400
    assert User.objects.get().is_verified is False


def test_forged_verification_token_is_refused(api):
    response = api.post(VERIFY, {"token": "MQ:1abcde:forged"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"


def test_resend_verification_sends_a_fresh_link(api, on_commit):
    access = register(api, on_commit).json()["access"]
    mail.outbox.clear()
    with on_commit():
        response = bearer(api, access).post(RESEND)
    assert response.status_code == 202
    assert len(mail.outbox) == 1
    key = token_from_mail(mail.outbox[0], "/verify-email/")
    assert APIClient().post(VERIFY, {"token": key}, format="json").status_code == 200


def test_resend_for_a_verified_account_is_a_quiet_no_op(learner_client, on_commit):
    with on_commit():
        response = learner_client.post(RESEND)
    assert response.status_code == 202
    assert mail.outbox == []


# --- login --------------------------------------------------------------------------------------


def test_login_with_username(api):
    UserFactory(email="bo@example.com", username="bo")
    response = api.post(LOGIN, {"username": "bo", "password": DEFAULT_PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.json()["user"]["email"] == "bo@example.com"


def test_login_with_email_in_another_case(api):
    UserFactory(email="bo@example.com")
    response = api.post(LOGIN, {"email": "Bo@Example.COM", "password": DEFAULT_PASSWORD}, format="json")
    assert response.status_code == 200


def test_wrong_password_and_unknown_account_get_the_same_401(api):
    UserFactory(email="bo@example.com")
    wrong = api.post(LOGIN, {"email": "bo@example.com", "password": "nope-nope-nope"}, format="json")
    unknown = api.post(LOGIN, {"email": "nobody@example.com", "password": "nope-nope-nope"}, format="json")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_login_without_identifier_is_a_validation_error(api):
    response = api.post(LOGIN, {"password": "x"}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()["details"]


@pytest.mark.parametrize("change", [{"is_active": False}, {"deleted_at": timezone.now()}])
def test_deactivated_or_deleted_accounts_cannot_log_in(api, change):
    UserFactory(email="gone@example.com", **change)
    response = api.post(LOGIN, {"email": "gone@example.com", "password": DEFAULT_PASSWORD}, format="json")
    assert response.status_code == 401


def test_a_stale_token_does_not_block_login(api):
    UserFactory(email="bo@example.com")
    api.credentials(HTTP_AUTHORIZATION="Bearer expired.or.junk")
    response = api.post(LOGIN, {"email": "bo@example.com", "password": DEFAULT_PASSWORD}, format="json")
    assert response.status_code == 200


# --- refresh and logout -------------------------------------------------------------------------


def login(api, email="bo@example.com"):
    return api.post(LOGIN, {"email": email, "password": DEFAULT_PASSWORD}, format="json").json()


def test_reused_refresh_token_is_refused_and_signs_out_every_session(api):
    UserFactory(email="bo@example.com")
    first = login(api)
    other_session = login(api)
    rotated = api.post(REFRESH, {"refresh": first["refresh"]}, format="json").json()

    reuse = api.post(REFRESH, {"refresh": first["refresh"]}, format="json")
    assert reuse.status_code == 401
    assert reuse.json()["error"] == "UNAUTHORIZED"
    # the whole family is revoked: the rotated token and the other session's too
    assert api.post(REFRESH, {"refresh": rotated["refresh"]}, format="json").status_code == 401
    assert api.post(REFRESH, {"refresh": other_session["refresh"]}, format="json").status_code == 401


def test_blacklisted_token_cannot_refresh(api):
    UserFactory(email="bo@example.com")
    tokens = login(api)
    other_session = login(api)
    bearer(APIClient(), tokens["access"]).post(LOGOUT, {"refresh": tokens["refresh"]}, format="json")
    response = api.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    assert response.status_code == 401
    # a logged-out token is revoked, not stolen: other sessions carry on
    assert api.post(REFRESH, {"refresh": other_session["refresh"]}, format="json").status_code == 200


def test_access_token_cannot_be_used_as_refresh_token(api):
    UserFactory(email="bo@example.com")
    tokens = login(api)
    assert api.post(REFRESH, {"refresh": tokens["access"]}, format="json").status_code == 401


def test_expired_refresh_token_is_refused(api):
    UserFactory(email="bo@example.com")
    tokens = login(api)
    with time_machine.travel(timezone.now() + timezone.timedelta(days=15)):
        response = api.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    assert response.status_code == 401


def test_refresh_without_token_is_a_validation_error(api):
    response = api.post(REFRESH, {}, format="json")
    assert response.status_code == 400
    assert "refresh" in response.json()["details"]


def test_logout_needs_a_token(api):
    UserFactory(email="bo@example.com")
    tokens = login(api)
    assert api.post(LOGOUT, {"refresh": tokens["refresh"]}, format="json").status_code == 401


def test_logout_with_someone_elses_refresh_token_is_refused(api):
    UserFactory(email="bo@example.com")
    UserFactory(email="cy@example.com")
    bo, cy = login(api, "bo@example.com"), login(api, "cy@example.com")
    response = bearer(APIClient(), bo["access"]).post(LOGOUT, {"refresh": cy["refresh"]}, format="json")
    assert response.status_code == 400
    assert api.post(REFRESH, {"refresh": cy["refresh"]}, format="json").status_code == 200


# --- password reset and change ------------------------------------------------------------------


def test_password_reset_always_answers_202_and_mails_only_real_accounts(api, on_commit):
    UserFactory(email="bo@example.com")
    with on_commit():
        known = api.post(RESET, {"email": "bo@example.com"}, format="json")
        unknown = api.post(RESET, {"email": "nobody@example.com"}, format="json")
    assert known.status_code == unknown.status_code == 202
    assert [m.to for m in mail.outbox] == [["bo@example.com"]]


def test_password_reset_confirm_sets_the_password_and_revokes_sessions(api, on_commit):
    UserFactory(email="bo@example.com")
    old_session = login(api)
    with on_commit():
        api.post(RESET, {"email": "bo@example.com"}, format="json")
    key = token_from_mail(last_mail_to("bo@example.com"), "/password/reset/")

    response = api.post(RESET_CONFIRM, {"token": key, "new_password": "brand-new-secret-42"}, format="json")
    assert response.status_code == 204
    assert (
        api.post(
            LOGIN, {"email": "bo@example.com", "password": "brand-new-secret-42"}, format="json"
        ).status_code
        == 200
    )
    assert api.post(REFRESH, {"refresh": old_session["refresh"]}, format="json").status_code == 401
    # the link is spent once the password has changed
    again = api.post(RESET_CONFIRM, {"token": key, "new_password": "another-secret-43"}, format="json")
    assert again.status_code == 400


def test_password_reset_confirm_with_weak_password_changes_nothing(api, on_commit):
    UserFactory(email="bo@example.com")
    with on_commit():
        api.post(RESET, {"email": "bo@example.com"}, format="json")
    key = token_from_mail(last_mail_to("bo@example.com"), "/password/reset/")
    response = api.post(RESET_CONFIRM, {"token": key, "new_password": "12345678"}, format="json")
    assert response.status_code == 400
    assert "new_password" in response.json()["details"]
    assert User.objects.get().check_password(DEFAULT_PASSWORD)


def test_password_reset_confirm_with_bad_token(api):
    response = api.post(
        RESET_CONFIRM, {"token": "abc-def", "new_password": "brand-new-secret-42"}, format="json"
    )
    assert response.status_code == 400
    assert "token" in response.json()["details"]


def test_password_change_keeps_this_session_and_revokes_the_others(api):
    UserFactory(email="bo@example.com")
    this, other = login(api), login(api)
    response = bearer(APIClient(), this["access"]).post(
        CHANGE,
        {"old_password": DEFAULT_PASSWORD, "new_password": "brand-new-secret-42", "refresh": this["refresh"]},
        format="json",
    )
    assert response.status_code == 204
    assert api.post(REFRESH, {"refresh": other["refresh"]}, format="json").status_code == 401
    assert api.post(REFRESH, {"refresh": this["refresh"]}, format="json").status_code == 200
    assert User.objects.get().check_password("brand-new-secret-42")


def test_password_change_with_wrong_old_password(learner_client, learner):
    response = learner_client.post(
        CHANGE, {"old_password": "wrong-one-xx", "new_password": "brand-new-secret-42"}, format="json"
    )
    assert response.status_code == 400
    assert "old_password" in response.json()["details"]
    learner.refresh_from_db()
    assert learner.check_password(DEFAULT_PASSWORD)


def test_password_change_with_weak_new_password(learner_client):
    response = learner_client.post(
        CHANGE, {"old_password": DEFAULT_PASSWORD, "new_password": "abc"}, format="json"
    )
    assert response.status_code == 400
    assert "new_password" in response.json()["details"]
