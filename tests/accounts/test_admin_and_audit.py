"""The audit service every app calls, and the Django admin's account actions (which call the
same services as the staff API, so each writes its audit entry)."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import AuditEntry, User
from tests.factories import AuditEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_audit_entry_records_who_what_target_and_where_from():
    staff, user = UserFactory(is_staff=True), UserFactory()
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Mozilla/5.0 Test")

    entry = services.audit_entry_create(
        actor=staff, action="booking.refund", target=user, details={"amount": "75.00"}, request=request
    )

    entry.refresh_from_db()
    assert (entry.actor, entry.action, entry.target_type, entry.target_id) == (
        staff,
        "booking.refund",
        "accounts.user",
        str(user.pk),
    )
    assert (entry.ip_address, entry.user_agent, entry.details) == (
        "203.0.113.7",
        "Mozilla/5.0 Test",
        {"amount": "75.00"},
    )


def test_a_forwarded_address_counts_only_behind_configured_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.4, 10.0.0.2")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": None}
    assert services.audit_entry_create(actor=None, action="x.y", request=request).ip_address == "10.0.0.2"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 2}
    assert services.audit_entry_create(actor=None, action="x.y", request=request).ip_address == "198.51.100.4"


@pytest.fixture
def admin_client(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    client.staff = staff
    return client


def run_action(client, action: str, users, **extra):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": action, "_selected_action": [str(u.pk) for u in users], **extra},
        follow=True,
        REMOTE_ADDR="192.0.2.44",
    )


def test_admin_soft_delete_needs_a_reason_and_writes_one_entry_per_account(admin_client):
    users = UserFactory.create_batch(2)
    refused = run_action(admin_client, "soft_delete_selected", users)
    assert b"Give a reason" in refused.content
    assert not User.objects.deleted().exists()

    run_action(admin_client, "soft_delete_selected", users, reason="Spam wave")

    assert User.objects.deleted().count() == 2
    entries = AuditEntry.objects.filter(action="user.soft_delete")
    assert entries.count() == 2
    assert {e.actor_id for e in entries} == {admin_client.staff.pk}
    assert {e.ip_address for e in entries} == {"192.0.2.44"}


def test_admin_restore_and_purge_call_the_services(admin_client):
    recent = UserFactory(deleted_at=timezone.now() - timedelta(days=2), is_active=False)
    old = UserFactory(deleted_at=timezone.now() - timedelta(days=60), is_active=False)

    run_action(admin_client, "restore_selected", [recent])
    run_action(admin_client, "purge_selected", [old, UserFactory()])

    recent.refresh_from_db()
    old.refresh_from_db()
    assert recent.deleted_at is None and recent.is_active
    assert old.purged_at is not None
    assert AuditEntry.objects.filter(action="user.restore").count() == 1
    assert AuditEntry.objects.get(action="user.purge").details["user_ids"] == [str(old.pk)]


def test_changing_flags_in_the_admin_form_is_audited(admin_client):
    user = UserFactory(persona="beginner")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    form = admin_client.get(url).context["adminform"].form
    skip = {"password", "avatar"}
    data = {name: value for name, value in form.initial.items() if value is not None and name not in skip}
    data.update(
        {
            "persona": "experienced",
            "membership": "pro",
            "groups": [],
            "user_permissions": [],
            "learner_profile-TOTAL_FORMS": "0",
            "learner_profile-INITIAL_FORMS": "0",
            "skills-TOTAL_FORMS": "0",
            "skills-INITIAL_FORMS": "0",
        }
    )
    data = {key: value for key, value in data.items() if value is not False}

    response = admin_client.post(url, data, REMOTE_ADDR="192.0.2.44")

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    user.refresh_from_db()
    assert (user.persona, user.membership) == ("experienced", "pro")
    entry = AuditEntry.objects.get(action="user.staff_update")
    assert entry.details["changes"] == {"membership": ["free", "pro"], "persona": ["beginner", "experienced"]}


def test_accounts_cannot_be_hard_deleted_in_the_admin(admin_client):
    user = UserFactory()
    response = admin_client.get(reverse("admin:accounts_user_delete", args=[user.pk]))
    assert response.status_code == 403


def test_the_audit_log_is_read_only_in_the_admin(admin_client):
    entry = AuditEntryFactory()
    assert admin_client.get(reverse("admin:accounts_auditentry_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:accounts_auditentry_add")).status_code == 403
    assert admin_client.get(reverse("admin:accounts_auditentry_delete", args=[entry.pk])).status_code == 403
    change = admin_client.post(
        reverse("admin:accounts_auditentry_change", args=[entry.pk]), {"action": "forged"}
    )
    assert change.status_code == 403
    entry.refresh_from_db()
    assert entry.action == "user.staff_update"
