"""Certificates (API.md §6): issued once, a PDF, a code anyone can check on the public page and
API (a real one confirmed, a made-up one refused, bad input 400, lookups rate limited),
revocable by staff with an audit row; lists at a constant number of queries; other users 404."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import AuditEntry
from learning.models import Certificate
from learning.services.certificates import certificate_issue, certificate_revoke
from messaging.models import Notification
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.learning.rewards_factories import completed_enrollment, ensure_achievements

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^MENTORA-\d{4}-[A-Z2-9]{6}$")


def page_client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def certificate():
    user = UserFactory(full_name="Ada Lovelace")
    return certificate_issue(enrollment=completed_enrollment(user, title="Analytical engines"))


def test_completing_a_course_issues_one_certificate_with_a_notification(certificate):
    again = certificate_issue(enrollment=certificate.enrollment)
    assert again.pk == certificate.pk
    assert Certificate.objects.filter(enrollment=certificate.enrollment).count() == 1
    assert CODE.match(certificate.verification_code)
    assert certificate.verification_code.split("-")[1] == str(timezone.now().year)
    assert Notification.objects.filter(user=certificate.user, type="certificate_issued").count() == 1


def test_a_job_or_group_carries_no_certificate():
    user = UserFactory()
    assert certificate_issue(enrollment=completed_enrollment(user, type="group")) is None
    assert certificate_issue(enrollment=completed_enrollment(user, type="workshop")) is not None


def test_codes_are_drawn_at_random():
    user = UserFactory()
    codes = {certificate_issue(enrollment=completed_enrollment(user)).verification_code for _ in range(20)}
    assert len(codes) == 20


def test_the_api_confirms_a_real_code_and_refuses_a_made_up_one(certificate, anon_client):
    body = anon_client.get(f"/api/v1/certificates/verify/{certificate.verification_code.lower()}").json()
    assert body["valid"] is True
    assert body["holder_name"] == "Ada Lovelace"
    assert body["opportunity_title"] == "Analytical engines"
    made_up = anon_client.get("/api/v1/certificates/verify/MENTORA-2026-ZZZZZZ").json()
    assert made_up == {
        "valid": False,
        "verification_code": "MENTORA-2026-ZZZZZZ",
        "holder_name": None,
        "opportunity_title": None,
        "issued_at": None,
        "revoked": False,
    }


def test_a_malformed_code_is_400_with_the_field(anon_client):
    response = anon_client.get("/api/v1/certificates/verify/not-a-code")
    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert "code" in response.json()["details"]


@override_settings(LEARNING_CERTIFICATE_VERIFY_RATE="3/min")
def test_lookups_are_rate_limited_across_the_api_and_the_page(anon_client):
    for _ in range(2):
        assert anon_client.get("/api/v1/certificates/verify/MENTORA-2026-ZZZZZZ").status_code == 200
    assert page_client().get("/certificates/verify/MENTORA-2026-ZZZZZZ").status_code == 404
    limited = anon_client.get("/api/v1/certificates/verify/MENTORA-2026-ZZZZZY")
    assert limited.status_code == 429
    assert limited.json()["error"] == "RATE_LIMITED"
    assert page_client().get("/certificates/verify/MENTORA-2026-ZZZZZY").status_code == 429


def test_the_public_page_confirms_a_real_code_and_refuses_a_made_up_one(certificate):
    page = page_client().get(f"/certificates/verify/{certificate.verification_code}")
    assert page.status_code == 200
    assert "Valid certificate" in page.content.decode()
    assert "Ada Lovelace" in page.content.decode()
    missing = page_client().get("/certificates/verify/MENTORA-2026-ZZZZZZ")
    assert missing.status_code == 404
    assert "No such certificate" in missing.content.decode()
    # The form's GET sends the code to the same page.
    form = page_client().get("/certificates/verify", {"code": certificate.verification_code.lower()})
    assert form.status_code == 302
    assert form["Location"].endswith(certificate.verification_code)


def test_staff_revoke_a_certificate_with_an_audit_row_and_it_no_longer_verifies(certificate, anon_client):
    staff = UserFactory(is_staff=True)
    certificate_revoke(certificate_id=certificate.pk, actor=staff, reason="Plagiarised work")
    certificate_revoke(certificate_id=certificate.pk, actor=staff, reason="Again")
    entries = AuditEntry.objects.filter(action="learning.certificate_revoke", target_id=str(certificate.pk))
    assert entries.count() == 1
    body = anon_client.get(f"/api/v1/certificates/verify/{certificate.verification_code}").json()
    assert (body["valid"], body["revoked"]) == (False, True)
    assert (
        "Revoked certificate"
        in page_client().get(f"/certificates/verify/{certificate.verification_code}").content.decode()
    )


def test_revoking_needs_a_reason(certificate):
    from core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        certificate_revoke(certificate_id=certificate.pk, actor=None, reason=" ")


def test_the_admin_action_revokes(certificate):
    staff = UserFactory(is_staff=True, is_superuser=True)
    response = page_client(staff).post(
        "/admin/learning/certificate/",
        {"action": "revoke", "_selected_action": [str(certificate.pk)], "reason": "Issued by mistake"},
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Issued by mistake"


def test_the_owner_downloads_the_pdf_and_others_get_404(certificate):
    owner = page_client(certificate.user)
    pdf = owner.get(f"/certificates/{certificate.pk}/certificate.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    other = page_client(UserFactory())
    for suffix in ("certificate.pdf", "credential.json", "badge.png"):
        assert other.get(f"/certificates/{certificate.pk}/{suffix}").status_code == 404


def test_the_certificates_page_lists_downloads_and_share_links(certificate):
    page = page_client(certificate.user).get("/learning/certificates").content.decode()
    assert certificate.verification_code in page
    assert f"/certificates/{certificate.pk}/certificate.pdf" in page
    assert "linkedin.com/profile/add" in page


def test_my_certificates_api_lists_only_mine():
    user = UserFactory()
    mine = certificate_issue(enrollment=completed_enrollment(user))
    certificate_issue(enrollment=completed_enrollment(UserFactory()))
    body = client_for(user).get("/api/v1/certificates/me").json()
    assert [item["id"] for item in body["items"]] == [str(mine.pk)]
    item = body["items"][0]
    assert item["verification_code"] == mine.verification_code
    assert item["certificate_url"].endswith(f"/certificates/{mine.pk}/certificate.pdf")


def test_my_certificates_need_a_sign_in(anon_client):
    assert anon_client.get("/api/v1/certificates/me").status_code == 401


@pytest.mark.parametrize("rows", [5, 50])
def test_my_certificates_list_runs_constant_queries(rows, django_assert_num_queries):
    user = UserFactory()
    for _ in range(rows):
        certificate_issue(enrollment=completed_enrollment(user))
    client = client_for(user)
    # 1 the caller, 2 count, 3 the page
    with django_assert_num_queries(3):
        response = client.get("/api/v1/certificates/me", {"limit": 100})
    assert len(response.json()["items"]) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_my_achievements_run_constant_queries(rows, django_assert_num_queries):
    from learning.models import Achievement, AchievementAward

    user = UserFactory()
    for index in range(rows):
        achievement = Achievement.objects.create(
            slug=f"a{index}", name=f"A{index}", description="d", icon="A", metric="reviews", threshold=999
        )
        AchievementAward.objects.create(
            user=user, achievement=achievement, earned_at=timezone.now(), salt="s"
        )
    client = client_for(user)
    # 1 the caller, 2 the standing, 3 the awards with their achievements, 4 the locked ones
    with django_assert_num_queries(4):
        response = client.get("/api/v1/achievements/me", {"include_locked": "true"})
    body = response.json()
    assert len([item for item in body["achievements"] if item["earned_at"]]) == rows


def test_my_achievements_api_answers_the_standing():
    from learning.services.points import points_award

    ensure_achievements()
    user = UserFactory()
    points_award(user=user, source="course", reference="enrollment:x", description="c", amount=1250)
    body = client_for(user).get("/api/v1/achievements/me").json()
    assert (body["total_points"], body["level"], body["next_level_points"]) == (1250, 7, 1500)
    assert body["current_streak_days"] == 1
    slugs = {item["name"] for item in body["achievements"]}
    assert "Rising star" in slugs  # 500 points
    locked = client_for(user).get("/api/v1/achievements/me", {"include_locked": "true"}).json()
    assert any(item["earned_at"] is None for item in locked["achievements"])


def test_bad_include_locked_is_400(learner_client):
    response = learner_client.get("/api/v1/achievements/me", {"include_locked": "maybe"})
    assert response.status_code == 400
    assert "include_locked" in response.json()["details"]
