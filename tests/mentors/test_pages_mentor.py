"""A mentor's own pages: the application wizard, the profile editor and the availability editor."""

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from mentors.models import Category, MentorProfile, MentorStatus, ScheduleEntry, Service, Subject
from tests.factories import UserFactory
from tests.mentors.factories import ServiceFactory, mentor_with_weekly_hours

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("taxonomy")]

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # Monday 4 January 2027

BOOKING_RULES = {
    "min_notice_hours": "24",
    "max_advance_days": "90",
    "cancellation_deadline_hours": "24",
    "buffer_before_minutes": "0",
    "buffer_after_minutes": "0",
    "auto_confirm": "True",
}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _no_exceptions(total: int = 0) -> dict:
    return {"exceptions-TOTAL_FORMS": str(total), "exceptions-INITIAL_FORMS": "0"}


def test_a_learner_applies_step_by_step_and_submits_for_review(client):
    user = UserFactory(timezone="Europe/Berlin", full_name="Ada Lovelace")
    client.force_login(user)

    response = client.post(
        reverse("mentors:apply", args=["basics"]),
        {
            "title": "Senior UX Designer",
            "headline": "Design for mobile apps",
            "bio": "Ten years of product design.",
            "hourly_rate": "80",
            "currency": "eur",
            "years_of_experience": "10",
            "languages": "en, de",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("mentors:apply", args=["topics"])
    mentor = MentorProfile.objects.get(user=user)
    assert (mentor.status, mentor.currency, mentor.languages) == (MentorStatus.DRAFT, "EUR", ["en", "de"])

    ux = Category.objects.get(parent__name="Tech & Digital Innovation", name="UX & UI Design")
    response = client.post(
        reverse("mentors:apply", args=["topics"]),
        {
            "subcategories": [str(ux.pk)],
            "subject_ids": [str(Subject.objects.get(name="UX Design").pk)],
            "skills": "Figma, user research",
        },
    )
    assert response["Location"] == reverse("mentors:apply", args=["availability"])
    assert sorted(s.name for s in mentor.skills.all()) == ["Figma", "user research"]
    assert set(mentor.categories.values_list("name", flat=True)) == {
        "Tech & Digital Innovation",
        "UX & UI Design",
    }

    response = client.post(
        reverse("mentors:apply", args=["availability"]),
        {
            "timezone": "Europe/Berlin",
            "slot_duration_minutes": "60",
            "monday_1_start": "09:00",
            "monday_1_end": "12:00",
            "wednesday_1_start": "14:00",
            "wednesday_1_end": "18:00",
            **BOOKING_RULES,
        },
    )
    assert response["Location"] == reverse("mentors:apply", args=["review"])
    assert mentor.schedule.timezone == "Europe/Berlin"
    assert mentor.schedule.entries.filter(kind=ScheduleEntry.Kind.RULE).count() == 2

    page = client.get(reverse("mentors:apply", args=["review"])).content.decode()
    assert "Senior UX Designer" in page and "€80.00" in page and "Before you can submit" not in page

    response = client.post(reverse("mentors:me-submit"))
    assert response["Location"] == reverse("mentors:me")
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.PENDING_APPROVAL
    assert "Our team is reviewing your profile" in client.get(reverse("mentors:me")).content.decode()


def test_the_first_step_shows_what_is_wrong_next_to_the_field(client):
    client.force_login(UserFactory())

    response = client.post(
        reverse("mentors:apply", args=["basics"]),
        {
            "title": "",
            "bio": "Hi",
            "hourly_rate": "-5",
            "currency": "XXQ",
            "years_of_experience": "3",
            "languages": "klingon",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_title"' in page and 'href="#id_currency"' in page
    assert "“klingon” is not a language code" in page
    assert not MentorProfile.objects.exists()


def test_an_unverified_address_cannot_apply_yet(client):
    client.force_login(UserFactory(is_verified=False))

    response = client.post(
        reverse("mentors:apply", args=["basics"]),
        {
            "title": "Tutor",
            "bio": "Maths",
            "hourly_rate": "30",
            "currency": "USD",
            "years_of_experience": "2",
            "languages": "en",
        },
    )

    assert "verify" in response.content.decode().lower()
    assert not MentorProfile.objects.exists()


def test_submitting_an_incomplete_profile_says_what_is_missing(client):
    client.force_login(UserFactory())
    client.post(
        reverse("mentors:apply", args=["basics"]),
        {
            "title": "Tutor",
            "bio": "Maths",
            "hourly_rate": "30",
            "currency": "USD",
            "years_of_experience": "2",
            "languages": "en",
        },
    )

    page = client.get(reverse("mentors:apply", args=["review"])).content.decode()
    assert "at least one subject or skill" in page and "your weekly hours" in page

    response = client.post(
        reverse("mentors:me-submit"), {"next": reverse("mentors:apply", args=["review"])}, follow=True
    )
    assert "Missing:" in response.content.decode()
    assert MentorProfile.objects.get().status == MentorStatus.DRAFT


def test_a_mentor_edits_their_profile_and_adds_and_deletes_a_session(client):
    mentor = mentor_with_weekly_hours(title="Tutor")
    client.force_login(mentor.user)

    response = client.post(
        reverse("mentors:me-profile"),
        {
            "title": "Maths Tutor",
            "headline": "Exam preparation",
            "bio": "I help with calculus.",
            "hourly_rate": "45",
            "currency": "USD",
            "years_of_experience": "7",
            "languages": "en",
            "is_accepting_bookings": "on",
        },
    )
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert (mentor.title, mentor.hourly_rate, mentor.is_accepting_bookings) == (
        "Maths Tutor",
        Decimal("45.00"),
        True,
    )

    client.post(
        reverse("mentors:me-service-add"),
        {"service-title": "Exam sprint", "service-duration_minutes": "90", "service-price": "99"},
    )
    service = Service.objects.get(mentor=mentor)
    assert (service.duration_minutes, service.price) == (90, Decimal("99.00"))
    assert "Exam sprint" in client.get(reverse("mentors:me")).content.decode()

    client.post(reverse("mentors:me-service-delete", args=[service.pk]))
    assert not Service.objects.filter(pk=service.pk).exists()


def test_each_editor_form_says_what_it_saved_or_comes_back_with_its_own_errors(client):
    mentor = mentor_with_weekly_hours(title="Tutor")
    client.force_login(mentor.user)
    area = Category.objects.filter(parent__isnull=False, is_active=True).first()

    topics = client.post(
        reverse("mentors:me-topics"),
        {"subcategories": [str(area.pk)], "skills": "Calculus", "next": reverse("mentors:availability")},
        follow=True,
    )
    assert topics.redirect_chain[0][0] == reverse("mentors:availability")
    assert "Your topics are saved." in topics.content.decode()
    assert list(mentor.categories.filter(parent__isnull=False)) == [area]

    added = client.post(
        reverse("mentors:me-service-add"),
        {"service-title": "Exam sprint", "service-duration_minutes": "90", "service-price": "99"},
        follow=True,
    )
    assert added.redirect_chain[0][0] == reverse("mentors:me") + "#sessions"
    assert "“Exam sprint” is added to your sessions." in added.content.decode()

    refused = client.post(
        reverse("mentors:me-service-add"),
        {"service-title": "Free chat", "service-duration_minutes": "30", "service-price": "-1"},
    )
    assert refused.status_code == 400
    assert refused.context["service_form"].errors["price"]
    assert refused.context["topics_form"].is_bound is False  # the other forms start clean
    assert Service.objects.filter(mentor=mentor).count() == 1


def test_a_mentor_cannot_delete_another_mentors_session(client):
    other = ServiceFactory()
    client.force_login(mentor_with_weekly_hours().user)

    response = client.post(reverse("mentors:me-service-delete", args=[other.pk]))

    assert response.status_code == 404
    assert Service.objects.filter(pk=other.pk).exists()


def test_the_availability_editor_saves_hours_rules_and_a_day_off_and_previews_two_weeks(client):
    mentor = mentor_with_weekly_hours(tz="Europe/Berlin", days=[0])
    client.force_login(mentor.user)

    response = client.post(
        reverse("mentors:availability"),
        {
            "timezone": "Europe/Berlin",
            "slot_duration_minutes": "60",
            "tuesday_1_start": "09:00",
            "tuesday_1_end": "11:00",
            "thursday_1_start": "09:00",
            "thursday_1_end": "10:00",
            "thursday_2_start": "15:00",
            "thursday_2_end": "16:00",
            **BOOKING_RULES,
            "min_notice_hours": "0",
            **_no_exceptions(1),
            "exceptions-0-date": "2027-01-07",
            "exceptions-0-kind": "block",
            "exceptions-0-reason": "Dentist",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    schedule = mentor.schedule
    schedule.refresh_from_db()
    rules = schedule.entries.filter(kind=ScheduleEntry.Kind.RULE)
    assert sorted((r.day_of_week, r.start_time) for r in rules) == [(1, time(9)), (3, time(9)), (3, time(15))]
    assert schedule.entries.get(kind=ScheduleEntry.Kind.BLOCK).date == date(2027, 1, 7)
    assert schedule.min_notice_hours == 0

    page = client.get(reverse("mentors:availability")).content.decode()
    # Tuesday 5 January: two free hours from 09:00 Berlin; Thursday 7th is blocked.
    assert "Tuesday 5 January" in page
    assert (
        '<time datetime="2027-01-05T08:00:00+00:00">09:00</time><span class="slot-chip__status"> free</span>'
        in page
    )
    assert (
        '<time datetime="2027-01-07T08:00:00+00:00">09:00</time><span class="slot-chip__status"> blocked</span>'
        in page
    )
    assert "Dentist" in page


def test_a_window_that_ends_before_it_starts_is_refused_with_a_clear_message(client):
    mentor = mentor_with_weekly_hours(tz="Europe/Berlin", days=[0])
    client.force_login(mentor.user)

    response = client.post(
        reverse("mentors:availability"),
        {
            "timezone": "Europe/Berlin",
            "slot_duration_minutes": "60",
            "friday_1_start": "17:00",
            "friday_1_end": "09:00",
            **BOOKING_RULES,
            **_no_exceptions(),
        },
    )

    assert response.status_code == 400
    assert "The window must end after it starts." in response.content.decode()
    assert mentor.schedule.entries.filter(day_of_week=0).exists()  # nothing was replaced


def test_an_unknown_time_zone_comes_back_from_the_service_onto_its_field(client):
    mentor = mentor_with_weekly_hours(tz="Europe/Berlin", days=[0])
    client.force_login(mentor.user)

    response = client.post(
        reverse("mentors:availability"),
        {
            "timezone": "Mars/Olympus",
            "slot_duration_minutes": "60",
            "monday_1_start": "09:00",
            "monday_1_end": "10:00",
            **BOOKING_RULES,
            **_no_exceptions(),
        },
    )

    assert response.status_code == 400
    assert "Use an IANA time zone name" in response.content.decode()


def test_someone_without_a_mentor_profile_is_sent_to_the_application(client):
    client.force_login(UserFactory())

    assert client.get(reverse("mentors:availability"))["Location"] == reverse(
        "mentors:apply", args=["basics"]
    )
    assert client.get(reverse("mentors:me"))["Location"] == reverse("mentors:apply", args=["basics"])


def test_the_editor_page_has_no_duplicate_ids_and_every_label_names_a_field(client):
    import re

    mentor = mentor_with_weekly_hours(title="Tutor")
    client.force_login(mentor.user)
    page = client.get(reverse("mentors:me")).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    for target in re.findall(r'<label[^>]*\bfor="([^"]+)"', page):
        assert f'id="{target}"' in page, target
    assert 'id="id_service-title"' in page and 'id="id_title"' in page  # the service form's prefix
