"""/mentors/me: apply, read, edit, lists, submit; and who may touch a profile."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine

from accounts.models import Skill
from mentors.models import MentorProfile, MentorStatus, Schedule
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.mentors.factories import (
    CategoryFactory,
    MentorFactory,
    RuleFactory,
    ScheduleFactory,
    SkillFactory,
    SubcategoryFactory,
    SubjectFactory,
)

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
URL = "/api/v1/mentors/me"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def application(**extra) -> dict:
    category = CategoryFactory(name="Tech")
    return {
        "title": "Backend engineer",
        "headline": "Ten years of Python",
        "bio": "I build and teach web backends.",
        "skills": ["Python", " python ", "Django"],
        "categories": [
            {
                "category_id": str(category.pk),
                "subcategory_ids": [str(SubcategoryFactory(parent=category).pk)],
            }
        ],
        "subject_ids": [str(SubjectFactory(category=category).pk)],
        "hourly_rate": {"amount": "75.00", "currency": "EUR"},
        "years_of_experience": 10,
        "languages": ["en", "DE"],
        "portfolio_url": "https://example.com/work",
        "linkedin_url": "https://www.linkedin.com/in/example",
        "availability": {"monday": ["10:00-18:00"], "wednesday": ["09:00-12:00", "14:00-16:00"]},
        **extra,
    }


# --- apply -----------------------------------------------------------------------------------------------


def test_applying_creates_a_draft_profile_with_skills_schedule_and_price():
    user = UserFactory(timezone="Europe/Berlin")
    response = client_for(user).post(URL, application(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["id"]
    profile = MentorProfile.objects.get(user=user)
    assert str(profile.pk) == body["id"]
    assert body["hourly_rate"] == {"amount": "75.00", "currency": "EUR"}
    assert [s["name"] for s in body["skills"]] == ["Django", "Python"]  # "python" is the same skill
    assert Skill.objects.count() == 2
    assert body["languages"] == ["en", "de"]
    assert len(body["categories"]) == 2 and len(body["subjects"]) == 1
    schedule = Schedule.objects.get(mentor=profile)
    assert schedule.timezone == "Europe/Berlin"
    assert schedule.entries.count() == 3
    assert body["missing_for_review"] == []
    assert user.is_mentor is False


def test_applying_with_submit_goes_straight_to_review():
    response = client_for(UserFactory()).post(URL, application(submit=True), format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "pending_approval"
    assert response.json()["submitted_at"] == "2027-01-04T08:00:00Z"


def test_submitting_an_incomplete_application_saves_nothing():
    user = UserFactory()
    response = client_for(user).post(URL, {"title": "Mentor", "submit": True}, format="json")
    assert response.status_code == 400
    assert set(response.json()["details"]) == {"bio", "hourly_rate", "subjects_or_skills", "schedule"}
    assert not MentorProfile.objects.filter(user=user).exists()


def test_applying_twice_is_a_conflict():
    user = UserFactory()
    client = client_for(user)
    assert client.post(URL, {"title": "One"}, format="json").status_code == 201
    response = client.post(URL, {"title": "Two"}, format="json")
    assert response.status_code == 409
    assert MentorProfile.objects.get(user=user).title == "One"


def test_an_unverified_account_cannot_apply():
    user = UserFactory(is_verified=False)
    response = client_for(user).post(URL, {"title": "Mentor"}, format="json")
    assert response.status_code == 403
    assert not MentorProfile.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hourly_rate": {"amount": "-5", "currency": "USD"}}, "hourly_rate"),
        ({"hourly_rate": {"amount": "10.005"}}, "hourly_rate"),
        ({"hourly_rate": {"amount": "10", "currency": "XXQ"}}, "hourly_rate"),
        ({"languages": ["english"]}, "languages"),
        ({"lesson_types": ["telepathy"]}, "lesson_types"),
        ({"years_of_experience": 200}, "years_of_experience"),
        ({"portfolio_url": "not a url"}, "portfolio_url"),
        ({"availability": {"funday": ["10:00-12:00"]}}, "availability"),
        ({"availability": {"monday": ["10-12"]}}, "availability"),
        ({"subject_ids": ["00000000-0000-0000-0000-000000000000"]}, "subject_ids"),
        ({"status": "approved"}, "status"),
        ({"is_verified": True}, "is_verified"),
    ],
)
def test_bad_applications_are_refused_and_nothing_is_saved(change, field):
    user = UserFactory()
    response = client_for(user).post(URL, application(**change), format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert field in response.json()["details"]
    assert not MentorProfile.objects.exists() and not Schedule.objects.exists() and not Skill.objects.exists()


def test_an_overlapping_availability_is_a_conflict_and_saves_nothing():
    response = client_for(UserFactory()).post(
        URL, application(availability={"monday": ["09:00-12:00", "11:00-13:00"]}), format="json"
    )
    assert response.status_code == 409
    assert not MentorProfile.objects.exists()


def test_a_bare_amount_is_read_in_the_profile_currency():
    response = client_for(UserFactory(currency="GBP")).post(URL, {"hourly_rate": "40"}, format="json")
    assert response.json()["hourly_rate"] == {"amount": "40.00", "currency": "GBP"}


# --- read and edit ---------------------------------------------------------------------------------------


def test_the_owner_reads_private_fields_in_any_status():
    mentor = MentorFactory(status=MentorStatus.REJECTED, rejection_reason="Add a photo.")
    body = client_for(mentor.user).get(URL).json()
    assert body["status"] == "rejected" and body["rejection_reason"] == "Add a photo."
    assert body["payouts_enabled"] is False
    assert body["is_accepting_bookings"] is True
    assert "schedule" in body["missing_for_review"]


def test_a_learner_without_a_profile_is_told_how_to_apply(learner_client):
    for method, path in [
        ("get", URL),
        ("patch", URL),
        ("put", f"{URL}/subjects"),
        ("put", f"{URL}/certifications"),
        ("put", f"{URL}/education"),
        ("post", f"{URL}/submit"),
        ("get", f"{URL}/services"),
        ("post", f"{URL}/services"),
        ("get", f"{URL}/schedule"),
        ("put", f"{URL}/schedule"),
        ("post", f"{URL}/schedule/rules"),
        ("post", f"{URL}/schedule/generate-slots"),
    ]:
        response = getattr(learner_client, method)(path, {}, format="json")
        assert response.status_code == 404, (method, path)
        assert "POST /api/v1/mentors/me" in response.json()["message"], (method, path)


def test_editing_goes_live_at_once_on_an_approved_profile():
    mentor = MentorFactory(title="Old", hourly_rate=Decimal("50.00"))
    skill = SkillFactory(name="Go")
    mentor.skills.add(skill)
    response = client_for(mentor.user).patch(
        URL,
        {
            "title": "New",
            "hourly_rate": {"amount": "65.50", "currency": "usd"},
            "skills": ["Rust"],
            "is_accepting_bookings": False,
            "lesson_types": ["video", "chat", "video"],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.APPROVED and mentor.title == "New"
    assert mentor.hourly_rate == Decimal("65.50") and mentor.currency == "USD"
    assert [s.name for s in mentor.skills.all()] == ["Rust"]
    assert mentor.is_accepting_bookings is False
    assert response.json()["lesson_types"] == ["video", "chat"]


def test_a_patch_with_an_unknown_or_bad_field_changes_nothing():
    mentor = MentorFactory(title="Kept")
    response = client_for(mentor.user).patch(URL, {"title": "Changed", "average_rating": 5}, format="json")
    assert response.status_code == 400
    assert "average_rating" in response.json()["details"]
    response = client_for(mentor.user).patch(URL, {"title": "Changed", "latitude": 52.5}, format="json")
    assert response.status_code == 400
    mentor.refresh_from_db()
    assert mentor.title == "Kept"


def test_replacing_subjects_returns_them():
    mentor = MentorFactory()
    old, new = SubjectFactory(name="Old"), SubjectFactory(name="New")
    mentor.subjects.add(old)
    response = client_for(mentor.user).put(f"{URL}/subjects", {"subject_ids": [str(new.pk)]}, format="json")
    assert response.status_code == 200
    assert [s["name"] for s in response.json()["subjects"]] == ["New"]
    assert list(mentor.subjects.all()) == [new]


def test_unknown_subjects_are_refused_and_the_old_ones_stay():
    mentor = MentorFactory()
    kept = SubjectFactory()
    mentor.subjects.add(kept)
    response = client_for(mentor.user).put(
        f"{URL}/subjects", {"subject_ids": [str(SubjectFactory(is_active=False).pk)]}, format="json"
    )
    assert response.status_code == 400 and "subject_ids" in response.json()["details"]
    assert list(mentor.subjects.all()) == [kept]


def test_certifications_and_education_are_replaced_whole():
    mentor = MentorFactory(certifications=[{"title": "Old"}])
    client = client_for(mentor.user)
    certs = [
        {
            "title": "AWS Solutions Architect",
            "issuer": "Amazon",
            "year": 2024,
            "credential_url": "https://aws.example/1",
        }
    ]
    response = client.put(f"{URL}/certifications", certs, format="json")
    assert response.status_code == 200
    assert response.json() == {"certifications": certs}
    response = client.put(
        f"{URL}/education", {"education": [{"degree": "BSc", "institution": "TU Berlin"}]}, format="json"
    )
    assert response.json() == {"education": [{"degree": "BSc", "institution": "TU Berlin", "year": None}]}
    mentor.refresh_from_db()
    assert mentor.certifications == certs and mentor.education[0]["degree"] == "BSc"


def test_a_bad_certification_is_refused_with_its_position():
    mentor = MentorFactory(certifications=[{"title": "Kept"}])
    response = client_for(mentor.user).put(
        f"{URL}/certifications", [{"title": "Good"}, {"issuer": "No title", "year": 1200}], format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["details"]["certifications"]["1"]) == {"title", "year"}
    mentor.refresh_from_db()
    assert mentor.certifications == [{"title": "Kept"}]


# --- submit ----------------------------------------------------------------------------------------------


def test_submit_lists_every_missing_field():
    mentor = MentorFactory(status=MentorStatus.DRAFT, bio="", hourly_rate=None)
    response = client_for(mentor.user).post(f"{URL}/submit")
    assert response.status_code == 400
    assert set(response.json()["details"]) == {"bio", "hourly_rate", "subjects_or_skills", "schedule"}
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.DRAFT


def test_a_complete_draft_or_rejected_profile_is_submitted_for_review():
    for status in (MentorStatus.DRAFT, MentorStatus.REJECTED):
        mentor = MentorFactory(status=status, rejection_reason="Fix it" if status == "rejected" else "")
        mentor.skills.add(SkillFactory(name="Python"))
        RuleFactory(schedule=ScheduleFactory(mentor=mentor))
        response = client_for(mentor.user).post(f"{URL}/submit")
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "pending_approval"
        assert response.json()["rejection_reason"] == ""


def test_an_approved_or_pending_profile_cannot_be_submitted_again():
    for status in (MentorStatus.APPROVED, MentorStatus.PENDING_APPROVAL):
        mentor = MentorFactory(status=status)
        response = client_for(mentor.user).post(f"{URL}/submit")
        assert response.status_code == 409
        mentor.refresh_from_db()
        assert mentor.status == status
