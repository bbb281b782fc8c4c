"""The Django admin: the review queue and its Approve / Reject actions, driven through its own URLs."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from accounts.models import AuditEntry
from mentors.models import BusyInterval, BusySource, MentorStatus
from messaging.models import Notification
from tests.factories import UserFactory
from tests.mentors.factories import (
    CategoryFactory,
    MentorFactory,
    ScheduleFactory,
    ServiceFactory,
    SubjectFactory,
    pending_mentor,
)

NOW = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)
CHANGELIST = "/admin/mentors/mentorprofile/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def admin_user():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def test_the_queue_opens_on_pending_applications(admin_client):
    waiting = pending_mentor(user__email="waiting@example.com")
    MentorFactory(user__email="approved@example.com")
    page = admin_client.get(CHANGELIST).content.decode()
    assert "waiting@example.com" in page and "approved@example.com" not in page
    everyone = admin_client.get(CHANGELIST, {"status": "all"}).content.decode()
    assert "waiting@example.com" in everyone and "approved@example.com" in everyone
    approved = admin_client.get(CHANGELIST, {"status": "approved"}).content.decode()
    assert "approved@example.com" in approved and "waiting@example.com" not in approved
    assert waiting.status == MentorStatus.PENDING_APPROVAL


def test_the_approve_action_moves_the_profile_notifies_once_and_audits_once(admin_client, admin_user):
    mentor = pending_mentor()
    response = admin_client.post(
        CHANGELIST,
        {"action": "approve_selected", "_selected_action": [str(mentor.pk)], "mentor_tier": "premium"},
    )
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.APPROVED and mentor.is_verified and mentor.mentor_tier == "premium"
    assert mentor.user.is_mentor is True
    assert Notification.objects.filter(user=mentor.user, type="mentor_application_approved").count() == 1
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (admin_user, "mentor.approve", str(mentor.pk))
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Approved 1 application(s)."]


def test_the_approve_action_skips_what_is_not_pending(admin_client):
    draft = MentorFactory(status=MentorStatus.DRAFT)
    response = admin_client.post(
        f"{CHANGELIST}?status=all",
        {"action": "approve_selected", "_selected_action": [str(draft.pk)]},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.status == MentorStatus.DRAFT
    assert "Only a profile pending approval can be decided" in response.content.decode()
    assert not Notification.objects.exists() and not AuditEntry.objects.exists()


def test_the_reject_action_asks_for_the_reason_first(admin_client):
    mentor = pending_mentor(user__full_name="Pat Applicant")
    form = admin_client.post(CHANGELIST, {"action": "reject_selected", "_selected_action": [str(mentor.pk)]})
    assert form.status_code == 200
    page = form.content.decode()
    assert "Pat Applicant" in page and 'name="rejection_reason"' in page
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.PENDING_APPROVAL
    assert not Notification.objects.exists()


def test_the_reject_form_refuses_an_empty_reason(admin_client):
    mentor = pending_mentor()
    response = admin_client.post(
        CHANGELIST,
        {
            "action": "reject_selected",
            "_selected_action": [str(mentor.pk)],
            "apply": "Reject",
            "rejection_reason": "",
        },
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.PENDING_APPROVAL


def test_the_reject_action_with_a_reason_rejects_notifies_once_and_audits_once(admin_client):
    first, second = pending_mentor(), pending_mentor()
    response = admin_client.post(
        CHANGELIST,
        {
            "action": "reject_selected",
            "_selected_action": [str(first.pk), str(second.pk)],
            "apply": "Reject",
            "rejection_reason": "Tell us more about your experience.",
        },
    )
    assert response.status_code == 302
    for mentor in (first, second):
        mentor.refresh_from_db()
        assert mentor.status == MentorStatus.REJECTED
        assert mentor.rejection_reason == "Tell us more about your experience."
        notes = Notification.objects.filter(user=mentor.user)
        assert [(n.type, n.body) for n in notes] == [
            ("mentor_application_rejected", "Tell us more about your experience.")
        ]
    assert sorted(AuditEntry.objects.values_list("target_id", flat=True)) == sorted(
        [str(first.pk), str(second.pk)]
    )


def test_the_admin_cannot_edit_status_by_hand(admin_client):
    mentor = pending_mentor()
    page = admin_client.get(f"{CHANGELIST}{mentor.pk}/change/").content.decode()
    assert 'name="status"' not in page and 'name="is_verified"' not in page


def test_the_other_admin_pages_open(admin_client):
    category = CategoryFactory()
    subject = SubjectFactory(category=category)
    service = ServiceFactory()
    schedule = ScheduleFactory()
    interval = BusyInterval.objects.create(
        mentor=schedule.mentor,
        start_at=NOW,
        end_at=NOW.replace(hour=13),
        source=BusySource.BOOKING,
        reference="b1",
    )
    for url in (
        f"/admin/mentors/category/{category.pk}/change/",
        f"/admin/mentors/subject/{subject.pk}/change/",
        f"/admin/mentors/service/{service.pk}/change/",
        f"/admin/mentors/schedule/{schedule.pk}/change/",
        "/admin/mentors/busyinterval/",
        f"/admin/mentors/busyinterval/{interval.pk}/change/",
    ):
        assert admin_client.get(url).status_code == 200, url
    # Busy time is read-only: only bookings take and release it.
    assert admin_client.get("/admin/mentors/busyinterval/add/").status_code == 403
    delete = admin_client.post(f"/admin/mentors/busyinterval/{interval.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert BusyInterval.objects.filter(pk=interval.pk).exists()


def test_an_application_is_decided_from_its_own_page_which_previews_the_public_profile(admin_client):
    mentor = pending_mentor(
        title="Data Scientist",
        headline="Models that ship",
        bio="Ten years of pipelines.",
        user__full_name="Pat",
    )
    page = admin_client.get(f"{CHANGELIST}{mentor.pk}/change/").content.decode()
    assert 'value="approve_selected"' in page and "Approve this application" in page
    assert 'value="reject_selected"' in page and "Reject this application" in page
    assert (
        "Public profile preview" in page and "Models that ship" in page and "Ten years of pipelines." in page
    )
    # Not public yet: no "View on site" link to a profile that would answer 404.
    assert f"/mentors/{mentor.pk}/" not in page

    # What the page's Approve button posts.
    admin_client.post(
        f"{CHANGELIST}?status=all",
        {"_selected_action": str(mentor.pk), "index": "0", "mentor_tier": "", "action": "approve_selected"},
    )
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.APPROVED
    ScheduleFactory(mentor=mentor)
    page = admin_client.get(f"{CHANGELIST}{mentor.pk}/change/").content.decode()
    assert "Approve this application" not in page
    assert f"/mentors/{mentor.pk}/" in page  # the live profile, once it is public


def test_the_reject_button_of_the_application_page_asks_for_the_reason(admin_client):
    mentor = pending_mentor(user__full_name="Pat Applicant")
    form = admin_client.post(
        f"{CHANGELIST}?status=all",
        {"_selected_action": str(mentor.pk), "index": "0", "mentor_tier": "", "action": "reject_selected"},
    )
    assert form.status_code == 200 and 'name="rejection_reason"' in form.content.decode()


def test_every_field_of_the_schedule_inline_has_a_name(admin_client):
    from tests.mentors.factories import RuleFactory

    schedule = ScheduleFactory(mentor=MentorFactory())
    RuleFactory(schedule=schedule)
    page = admin_client.get(f"/admin/mentors/schedule/{schedule.pk}/change/").content.decode()
    for field in ("kind", "day_of_week", "start_time", "end_time", "DELETE"):
        at = page.index(f'id="id_entries-0-{field}"')
        tag = page[page.rindex("<", 0, at) : page.index(">", at)]
        assert 'aria-label="' in tag and ", row 1" in tag, tag
    assert 'aria-label="Start time, new row"' in page  # the template row "Add another" copies


def test_no_model_of_the_project_has_a_misspelt_plural_name():
    import re

    from django.apps import apps
    from django.conf import settings

    wrong = [
        str(model._meta.verbose_name_plural)
        for model in apps.get_models()
        if str(apps.get_app_config(model._meta.app_label).path).startswith(str(settings.BASE_DIR))
        and re.search(r"[^aeiou]ys$", str(model._meta.verbose_name_plural))
    ]
    assert wrong == []
