"""/api/v1/staff/users and /staff/audit-logs: staff only, every write audit-logged exactly once."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEntry, LearnerProfile, User
from tests.accounts import images
from tests.conftest import client_for
from tests.factories import AuditEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

USERS = "/api/v1/staff/users"
AUDIT = "/api/v1/staff/audit-logs"
PURGE = "/api/v1/staff/users/purge-deleted"
STAFF_IP = "198.51.100.23"
SOME_ID = "6f1c1c3e-2a43-4a7e-9a1e-0a1c4b7f2d10"

STAFF_ENDPOINTS = [
    ("get", USERS, None),
    ("get", f"{USERS}/{SOME_ID}", None),
    ("patch", f"{USERS}/{SOME_ID}", {"membership": "pro"}),
    ("delete", f"{USERS}/{SOME_ID}", {"reason": "spam"}),
    ("post", f"{USERS}/{SOME_ID}/avatar", {"reset": True}),
    ("post", f"{USERS}/{SOME_ID}/restore", None),
    ("post", PURGE, {}),
    ("get", AUDIT, None),
]


@pytest.mark.parametrize(("method", "path", "body"), STAFF_ENDPOINTS)
def test_every_staff_endpoint_refuses_a_non_staff_user(learner_client, method, path, body):
    response = getattr(learner_client, method)(path, body, format="json")
    assert response.status_code == 403
    assert response.json()["error"] == "FORBIDDEN"


def the_one_entry(action: str) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(action=action))
    assert len(entries) == 1, entries
    return entries[0]


# --- list and detail ----------------------------------------------------------------------------


def test_list_filters_by_role_search_activity_and_deletion(staff_client, staff):
    ada = UserFactory(full_name="Ada Lovelace", email="ada@example.com")
    mentor = UserFactory(full_name="Grace Hopper", is_mentor=True)
    idle = UserFactory(full_name="Idle Person", is_active=False)
    gone = UserFactory(full_name="Gone Person", deleted_at=timezone.now(), is_active=False)

    def ids(**params):
        return {row["id"] for row in staff_client.get(USERS, params).json()["items"]}

    assert ids() == {str(u.pk) for u in (staff, ada, mentor, idle)}  # the deleted one is hidden
    assert ids(role="mentor") == {str(mentor.pk)}
    assert ids(role="staff") == {str(staff.pk)}
    assert ids(search="lovelace") == {str(ada.pk)}
    assert ids(search="ADA@") == {str(ada.pk)}
    assert ids(is_active="false") == {str(idle.pk)}
    assert ids(deleted="true") == {str(gone.pk)}
    row = staff_client.get(USERS, {"deleted": "true"}).json()["items"][0]
    assert set(row) == {"id", "email", "full_name", "roles", "is_active", "deleted_at", "created_at"}
    assert row["deleted_at"].endswith("Z")


def test_list_with_a_bad_filter_is_a_validation_error(staff_client):
    response = staff_client.get(USERS, {"role": "wizard"})
    assert response.status_code == 400
    assert "role" in response.json()["details"]


@pytest.mark.parametrize("rows", [5, 50])
def test_user_list_runs_the_same_queries_at_5_and_50_rows(staff, rows):
    UserFactory.create_batch(rows)
    client = client_for(staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(USERS, {"limit": 100})
    assert response.json()["total"] == rows + 1
    assert len(queries) == 3, [q["sql"] for q in queries]  # the staff member, the count, the page


def test_detail_shows_profile_summaries_and_flags(staff_client):
    user = UserFactory(full_name="Lea Learner")
    LearnerProfile.objects.create(user=user, school_name="TU Berlin", interests=["chess"])

    body = staff_client.get(f"{USERS}/{user.pk}").json()

    assert (body["email"], body["full_name"]) == (user.email, "Lea Learner")
    assert (body["is_active"], body["is_staff"], body["is_mentor"], body["deleted_at"]) == (
        True,
        False,
        False,
        None,
    )
    assert body["learner_profile"] == {
        "grade_level": "",
        "school_name": "TU Berlin",
        "interests": ["chess"],
        "total_sessions": 0,
    }
    assert {"mentor_profile", "credit_balance"} <= set(body)


def test_detail_shows_what_higher_apps_register(staff_client, monkeypatch):
    from accounts import staff_summaries

    monkeypatch.setattr(staff_summaries, "_providers", {})  # registrations end with the test
    staff_summaries.register("credit_balance", lambda user: 7)
    body = staff_client.get(f"{USERS}/{UserFactory().pk}").json()
    assert (body["credit_balance"], body["mentor_profile"]) == (7, None)


def test_detail_of_an_unknown_account_is_not_found(staff_client):
    assert staff_client.get(f"{USERS}/{SOME_ID}").status_code == 404


# --- writes: one audit entry each, with actor, target and IP ----------------------------------


def assert_audited(entry: AuditEntry, *, actor: User, target: User | None) -> None:
    assert entry.actor_id == actor.pk
    assert entry.ip_address == STAFF_IP
    if target is not None:
        assert (entry.target_type, entry.target_id) == ("accounts.user", str(target.pk))


def test_patch_changes_flags_and_writes_one_audit_entry(staff_client, staff):
    user = UserFactory()
    response = staff_client.patch(
        f"{USERS}/{user.pk}",
        {"roles": ["learner", "staff"], "membership": "pro", "persona": "experienced"},
        format="json",
        REMOTE_ADDR=STAFF_IP,
    )
    assert response.status_code == 200
    assert response.json()["roles"] == ["learner", "staff"]
    user.refresh_from_db()
    assert (user.is_staff, user.membership, user.persona) == (True, "pro", "experienced")
    entry = the_one_entry("user.staff_update")
    assert_audited(entry, actor=staff, target=user)
    assert entry.details["changes"]["membership"] == ["free", "pro"]


def test_deactivating_signs_the_user_out_at_once(staff_client):
    user = UserFactory()
    user_client = client_for(user)
    assert user_client.get("/api/v1/users/me").status_code == 200

    staff_client.patch(f"{USERS}/{user.pk}", {"is_active": False}, format="json")

    assert user_client.get("/api/v1/users/me").status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"roles": ["learner", "mentor"]}, "roles"),  # mentor comes from an approved profile
        ({"email": "x@example.com"}, "email"),
        ({"membership": "platinum"}, "membership"),
    ],
)
def test_patch_refuses_bad_changes_and_writes_nothing(staff_client, body, field):
    user = UserFactory()
    response = staff_client.patch(f"{USERS}/{user.pk}", {"persona": "experienced", **body}, format="json")
    assert response.status_code == 400
    assert field in response.json()["details"]
    user.refresh_from_db()
    assert user.persona == "beginner"
    assert not AuditEntry.objects.exists()


def test_an_empty_patch_is_a_validation_error(staff_client):
    response = staff_client.patch(f"{USERS}/{UserFactory().pk}", {}, format="json")
    assert response.status_code == 400
    assert not AuditEntry.objects.exists()


def test_staff_cannot_remove_their_own_staff_role(staff_client, staff):
    response = staff_client.patch(f"{USERS}/{staff.pk}", {"is_staff": False}, format="json")
    assert response.status_code == 400
    staff.refresh_from_db()
    assert staff.is_staff


def test_replace_and_reset_someones_picture(staff_client, staff):
    user = UserFactory()
    picture = images.upload(images.image_bytes())
    replaced = staff_client.post(
        f"{USERS}/{user.pk}/avatar", {"file": picture}, format="multipart", REMOTE_ADDR=STAFF_IP
    )
    assert replaced.status_code == 200
    assert "/media/avatars/" in replaced.json()["avatar_url"]
    assert_audited(the_one_entry("user.avatar_replace"), actor=staff, target=user)

    reset = staff_client.post(
        f"{USERS}/{user.pk}/avatar", {"reset": True}, format="json", REMOTE_ADDR=STAFF_IP
    )
    assert reset.json()["avatar_url"].endswith("/static/img/default-avatar.svg")
    assert_audited(the_one_entry("user.avatar_reset"), actor=staff, target=user)


def test_staff_avatar_upload_is_checked_like_anyone_elses(staff_client):
    user = UserFactory()
    response = staff_client.post(
        f"{USERS}/{user.pk}/avatar", {"file": images.upload(images.pdf_bytes())}, format="multipart"
    )
    assert response.status_code == 400
    assert not AuditEntry.objects.exists()


def test_delete_needs_a_reason(staff_client):
    user = UserFactory()
    response = staff_client.delete(f"{USERS}/{user.pk}", {}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["details"]
    user.refresh_from_db()
    assert user.deleted_at is None


def test_delete_and_restore_each_write_one_audit_entry(staff_client, staff):
    user = UserFactory()
    deleted = staff_client.delete(
        f"{USERS}/{user.pk}", {"reason": "Spam account"}, format="json", REMOTE_ADDR=STAFF_IP
    )
    assert deleted.status_code == 204
    entry = the_one_entry("user.soft_delete")
    assert_audited(entry, actor=staff, target=user)
    assert entry.details["reason"] == "Spam account"

    again = staff_client.delete(f"{USERS}/{user.pk}", {"reason": "twice"}, format="json")
    assert again.status_code == 409

    restored = staff_client.post(f"{USERS}/{user.pk}/restore", REMOTE_ADDR=STAFF_IP)
    assert restored.status_code == 200
    assert restored.json()["deleted_at"] is None
    assert_audited(the_one_entry("user.restore"), actor=staff, target=user)
    assert staff_client.post(f"{USERS}/{user.pk}/restore").status_code == 409


def test_delete_reason_may_come_as_a_query_parameter(staff_client):
    user = UserFactory()
    assert staff_client.delete(f"{USERS}/{user.pk}?reason=Fraud").status_code == 204


def test_purge_deleted_writes_one_audit_entry_naming_the_accounts(staff_client, staff):
    old = UserFactory(deleted_at=timezone.now() - timedelta(days=31), is_active=False)
    UserFactory(deleted_at=timezone.now() - timedelta(days=3), is_active=False)

    response = staff_client.post(PURGE, {}, format="json", REMOTE_ADDR=STAFF_IP)

    assert response.json() == {"purged_count": 1}
    entry = the_one_entry("user.purge")
    assert_audited(entry, actor=staff, target=None)
    assert entry.details["user_ids"] == [str(old.pk)]


def test_purge_refuses_a_cut_off_under_30_days(staff_client):
    response = staff_client.post(PURGE, {"older_than_days": 7}, format="json")
    assert response.status_code == 400
    assert "older_than_days" in response.json()["details"]


# --- the audit log ------------------------------------------------------------------------------


def test_audit_log_filters_by_action_user_and_dates(staff_client):
    alice, bob = UserFactory(), UserFactory()
    with time_machine.travel("2026-03-01 12:00Z"):
        first = AuditEntryFactory(actor=alice, action="user.staff_update", target_id=str(bob.pk))
    with time_machine.travel("2026-03-05 12:00Z"):
        second = AuditEntryFactory(actor=bob, action="user.soft_delete", target_id=str(bob.pk))
    with time_machine.travel("2026-03-09 23:59Z"):
        third = AuditEntryFactory(actor=alice, action="user.restore", target_id=str(alice.pk))

    def ids(**params):
        response = staff_client.get(AUDIT, params)
        assert response.status_code == 200
        return [row["id"] for row in response.json()["items"]]

    assert ids() == [str(third.pk), str(second.pk), str(first.pk)]
    assert ids(action_type="user.soft_delete") == [str(second.pk)]
    assert ids(user_id=str(bob.pk)) == [str(second.pk), str(first.pk)]  # as actor or as target
    assert ids(date_from="2026-03-02", date_to="2026-03-09") == [str(third.pk), str(second.pk)]
    row = staff_client.get(AUDIT).json()["items"][0]
    assert set(row) >= {
        "id",
        "actor_id",
        "action",
        "target_type",
        "target_id",
        "details",
        "ip_address",
        "created_at",
    }


def test_audit_log_with_dates_the_wrong_way_round_is_a_validation_error(staff_client):
    response = staff_client.get(AUDIT, {"date_from": "2026-03-09", "date_to": "2026-03-01"})
    assert response.status_code == 400
    assert "date_to" in response.json()["details"]


@pytest.mark.parametrize("rows", [5, 50])
def test_audit_log_runs_the_same_queries_at_5_and_50_rows(staff, rows):
    AuditEntryFactory.create_batch(rows)
    client = client_for(staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(AUDIT, {"limit": 100})
    assert response.json()["total"] == rows
    assert len(queries) == 3, [q["sql"] for q in queries]
