"""A mentor's calendars page, and what the availability editor's preview shows of rules and feeds."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from mentors import services
from mentors.models import BusyInterval, CalendarFeed
from tests.factories import UserFactory
from tests.mentors.factories import CalendarFeedFactory, mentor_with_weekly_hours
from tests.mentors.ics import one_event

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # Monday 4 January 2027
EVENT = one_event("20270105T100000Z", "20270105T113000Z")  # Tuesday 10:00-11:30 UTC

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def page(client, name="mentors:calendars") -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


# --- the calendars page ---------------------------------------------------------------------------


def test_a_mentor_adds_a_calendar_and_sees_it_working(client, feed_server, allow_private_feeds):
    mentor = mentor_with_weekly_hours()
    client.force_login(mentor.user)
    url = feed_server.serve("/secret-token/basic.ics", EVENT)

    response = client.post(reverse("mentors:calendars"), {"url": url, "name": "Work"}, follow=True)

    assert response.redirect_chain == [(reverse("mentors:calendars"), 302)]
    body = response.content.decode()
    assert "“Work” is added. 1 busy time from it now block" in body
    assert "Work" in body and "Working" in body and f"http://127.0.0.1:{feed_server.port}/…" in body
    assert "secret-token" not in body
    assert 'datetime="2027-01-04T08:00:00+00:00"' in body  # last read, with a machine-readable time
    assert CalendarFeed.objects.get(mentor=mentor).events_count == 1


def test_a_private_address_is_refused_next_to_the_field(client, settings):
    settings.CALENDAR_FEEDS_ALLOW_PRIVATE = False
    mentor = mentor_with_weekly_hours()
    client.force_login(mentor.user)

    response = client.post(reverse("mentors:calendars"), {"url": "http://169.254.169.254/latest/meta-data/"})

    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and "non-public address (link-local)" in body
    assert 'aria-invalid="true"' in body
    assert not CalendarFeed.objects.exists()


def test_a_broken_calendar_shows_its_problem_and_can_be_read_again(client, feed_server, allow_private_feeds):
    mentor = mentor_with_weekly_hours()
    client.force_login(mentor.user)
    feed = services.calendar_feed_add(mentor=mentor, url=feed_server.serve("/a.ics", "down", status=503))

    response = client.post(reverse("mentors:calendar-refresh", args=[feed.pk]), follow=True)

    body = response.content.decode()
    assert "Not working" in body and "HTTP 503" in body
    assert "We could not read it" in body

    feed_server.serve("/a.ics", EVENT)
    body = client.post(reverse("mentors:calendar-refresh", args=[feed.pk]), follow=True).content.decode()
    assert "is read again. 1 busy time from it now block" in body and "Working" in body


def test_removing_a_calendar_frees_its_time(client):
    mentor = mentor_with_weekly_hours()
    feed = CalendarFeedFactory(mentor=mentor, name="Old job")
    BusyInterval.objects.create(
        mentor=mentor, start_at=NOW, end_at=NOW + timedelta(hours=1), source="external", feed=feed
    )
    client.force_login(mentor.user)

    body = client.post(reverse("mentors:calendar-remove", args=[feed.pk]), follow=True).content.decode()

    assert "“Old job” is removed" in body and "No calendars yet" in body
    assert not BusyInterval.objects.exists()


def test_another_mentors_calendar_is_not_found(client):
    theirs = CalendarFeedFactory()
    client.force_login(mentor_with_weekly_hours().user)
    assert client.post(reverse("mentors:calendar-remove", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("mentors:calendar-refresh", args=[theirs.pk])).status_code == 404
    assert CalendarFeed.objects.filter(pk=theirs.pk).exists()


def test_at_the_limit_the_add_form_gives_way_to_an_explanation(client, settings):
    settings.CALENDAR_FEEDS_MAX_PER_MENTOR = 2
    mentor = mentor_with_weekly_hours()
    CalendarFeedFactory.create_batch(2, mentor=mentor)
    client.force_login(mentor.user)
    body = page(client)
    assert "the most we keep for one mentor" in body and "Add calendar</button>" not in body


def test_the_calendars_page_is_linked_from_the_profile_and_the_editor(client):
    client.force_login(mentor_with_weekly_hours().user)
    link = f'href="{reverse("mentors:calendars")}"'
    assert link in page(client, "mentors:me") and link in page(client, "mentors:availability")


def test_someone_without_a_mentor_profile_is_sent_to_the_application(client):
    client.force_login(UserFactory())
    assert client.get(reverse("mentors:calendars"))["Location"] == reverse("mentors:apply", args=["basics"])


# --- the availability editor ----------------------------------------------------------------------


def test_the_editor_saves_buffers_caps_and_gap(client):
    mentor = mentor_with_weekly_hours(days=[1])
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentors:availability"),
        {
            "timezone": "UTC",
            "slot_duration_minutes": "60",
            "tuesday_1_start": "09:00",
            "tuesday_1_end": "17:00",
            "min_notice_hours": "0",
            "max_advance_days": "30",
            "cancellation_deadline_hours": "24",
            "buffer_before_minutes": "5",
            "buffer_after_minutes": "10",
            "max_sessions_per_day": "3",
            "max_booked_minutes_per_day": "",
            "min_gap_minutes": "30",
            "auto_confirm": "on",
            "exceptions-TOTAL_FORMS": "0",
            "exceptions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    schedule = mentor.schedule
    schedule.refresh_from_db()
    assert (
        schedule.buffer_before_minutes,
        schedule.buffer_after_minutes,
        schedule.max_sessions_per_day,
        schedule.max_booked_minutes_per_day,
        schedule.min_gap_minutes,
    ) == (5, 10, 3, None, 30)
    body = page(client, "mentors:availability")
    assert "A break of 5 minutes before and 10 minutes after each session." in body
    assert "At most 3 sessions a day." in body and "At least 30 minutes free between two sessions." in body


def test_a_cap_below_one_is_refused_on_its_field(client):
    mentor = mentor_with_weekly_hours(days=[1])
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentors:availability"),
        {
            "timezone": "UTC",
            "slot_duration_minutes": "60",
            "min_notice_hours": "0",
            "max_advance_days": "30",
            "cancellation_deadline_hours": "24",
            "buffer_before_minutes": "0",
            "buffer_after_minutes": "0",
            "max_sessions_per_day": "0",
            "exceptions-TOTAL_FORMS": "0",
            "exceptions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    assert "At most this many sessions a day: Ensure this value is greater than or equal to 1." in (
        response.content.decode()
    )


def test_the_preview_marks_capped_gap_and_calendar_blocked_slots_and_lists_calendar_events(client):
    # Tuesday 5 January, 09:00-17:00 UTC: sessions at 09:00 and 13:00 (cap 2), an imported event
    # 10:00-11:30 from the "Work" calendar.
    mentor = mentor_with_weekly_hours(days=[1])
    schedule = mentor.schedule
    schedule.max_sessions_per_day, schedule.min_gap_minutes = 3, 60
    schedule.save()
    tuesday = datetime(2027, 1, 5, tzinfo=UTC)
    for hour in (9, 13):
        services.slot_reserve(
            mentor=mentor, start_at=tuesday + timedelta(hours=hour), duration_minutes=60, source="booking"
        )
    feed = CalendarFeedFactory(mentor=mentor, name="Work")
    BusyInterval.objects.create(
        mentor=mentor,
        start_at=tuesday + timedelta(hours=10),
        end_at=tuesday + timedelta(hours=11, minutes=30),
        source="external",
        feed=feed,
        reference=f"feed:{feed.pk}",
    )
    client.force_login(mentor.user)

    body = page(client, "mentors:availability")

    def chip(hour: int, label: str) -> str:
        return (
            f'<time datetime="2027-01-05T{hour:02d}:00:00+00:00">{hour:02d}:00</time>'
            f'<span class="slot-chip__status"> {label}</span>'
        )

    assert chip(9, "booked") in body
    assert chip(10, "busy in your calendar") in body and chip(11, "busy in your calendar") in body
    assert chip(12, "too close to another session") in body  # ends right as the 13:00 one starts
    assert chip(14, "too close to another session") in body
    assert chip(15, "free") in body
    assert "Busy in your calendar:" in body and "(Work)" in body
    assert '<time datetime="2027-01-05T10:00:00+00:00">Tue 5 Jan 10:00</time>' in body
    assert "1 calendar of yours blocks these hours" in body

    services.slot_reserve(mentor=mentor, start_at=tuesday + timedelta(hours=15), duration_minutes=60)
    body = page(client, "mentors:availability")
    assert chip(15, "held") in body
    assert chip(16, "day full: session limit") in body
