"""The learning admin: publish and archive run through learning.services (audited); every
learning model has a page staff can open."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEntry
from learning.services.enrollment import enrollment_create
from tests.factories import UserFactory
from tests.learning.factories import opportunity

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_browser(db):
    browser = Client()
    browser.force_login(UserFactory(is_staff=True, is_superuser=True))
    return browser


def test_publish_and_archive_actions_go_through_the_services(staff_browser):
    draft = opportunity(lessons=1, status="draft")
    empty = opportunity(lessons=0, status="draft", title="No lessons yet")
    url = reverse("admin:learning_opportunity_changelist")

    staff_browser.post(
        url, {"action": "publish", "_selected_action": [str(draft.pk), str(empty.pk)]}, follow=True
    )

    draft.refresh_from_db()
    empty.refresh_from_db()
    assert draft.status == "published" and draft.published_at is not None
    assert empty.status == "draft"  # a course needs a lesson first
    assert AuditEntry.objects.filter(action="opportunity.published").count() == 1

    staff_browser.post(url, {"action": "archive", "_selected_action": [str(draft.pk)]}, follow=True)
    draft.refresh_from_db()
    assert draft.status == "archived"


@pytest.mark.parametrize("model", ["opportunity", "enrollment", "learningpath", "startreminder"])
def test_each_admin_page_opens(staff_browser, model):
    course = opportunity(lessons=2)
    enrollment_create(user=UserFactory(), opportunity_id=course.pk)
    assert staff_browser.get(reverse(f"admin:learning_{model}_changelist")).status_code == 200
    if model == "opportunity":
        assert (
            staff_browser.get(reverse("admin:learning_opportunity_change", args=[course.pk])).status_code
            == 200
        )
