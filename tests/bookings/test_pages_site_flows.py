"""Issue 15's site journeys with the Django test client: a sign-up from a chosen time ends on
that time's booking form (through e-mail verification); times in the viewer's zone with the
mentor's alongside; the signed-in home page (next session, what waits); an unpaid hold offers
Pay now and neither Move nor .ics; the session is chosen before the time; the reschedule page
offers the booking calendar months ahead."""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import unquote, urlencode, urlsplit

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from bookings.models import Booking, BookingStatus
from messaging import services as messaging_services
from messaging.models import NotificationType
from tests.bookings.factories import at, bookable_mentor, booked, completed, slot_id_for
from tests.factories import UserFactory
from tests.mentors.factories import ServiceFactory, mentor_with_weekly_hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor(db):
    return bookable_mentor(hourly_rate=Decimal("75.00"), user__full_name="Dana Design")


@pytest.fixture
def learner(db):
    return UserFactory(full_name="Lin Learner", timezone="UTC")


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _mailed_link(mail, marker: str) -> str:
    """Path and query of the link in a mail (the test client needs no host)."""
    url = next(u for u in re.findall(r"https?://\S+", mail.body) if marker in u)
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


# --- signing up from a chosen time -----------------------------------------------------------------


def test_a_sign_up_from_a_chosen_time_ends_on_that_times_booking_form_after_verification(
    clock, client, mentor, mailoutbox, django_capture_on_commit_callbacks
):
    book_url = reverse("bookings:new") + f"?slot={slot_id_for(mentor, at(1, 10))}"

    # A visitor picks Tuesday 10:00: booking needs an account, so log-in, then "Create an account".
    to_login = client.get(book_url)
    assert to_login.status_code == 302
    login_page = _text(client.get(to_login["Location"]))
    signup_link = re.search(r'href="(/signup/\?next=[^"]+)"', login_page).group(1)
    signup_url = reverse("accounts:signup") + "?" + urlencode({"next": book_url})
    assert unquote(signup_link.split("next=", 1)[1]) == book_url
    signup_page = _text(client.get(signup_url))
    assert f'name="next" value="{escape(book_url)}"' in signup_page

    with django_capture_on_commit_callbacks(execute=True):
        signed_up = client.post(
            signup_url,
            {
                "full_name": "Ada Lovelace",
                "email": "ada@example.com",
                "username": "",
                "password": "engines-and-numbers-1843",
                "persona": "beginner",
                "intended_role": "learner",
                "timezone": "Europe/Berlin",  # what timezone.js put in the hidden field
                "next": book_url,
            },
        )
    assert signed_up["Location"] == reverse("accounts:verification-sent") + "?" + urlencode(
        {"next": book_url}
    )
    sent = _text(client.get(signed_up["Location"]))
    assert 'data-testid="continue-next"' in sent and escape(book_url) in sent
    assert User.objects.get(email="ada@example.com").timezone == "Europe/Berlin"

    # The link is opened later in another browser: confirm, log in, and the booking form is there.
    link = _mailed_link(mailoutbox[0], "/verify-email/")
    assert "next=" in link
    other_browser = client.__class__()
    verified = other_browser.post(link)
    assert verified["Location"] == reverse("accounts:login") + "?" + urlencode({"next": book_url})
    logged_in = other_browser.post(
        verified["Location"],
        {"identifier": "ada@example.com", "password": "engines-and-numbers-1843", "next": book_url},
    )
    assert logged_in["Location"] == book_url
    form = _text(other_browser.get(book_url))
    assert "Book a session with Dana Design" in form
    # In Ada's zone, detected at sign-up: 10:00 UTC is 11:00 in Berlin.
    assert "Tuesday 2 March 2027, 11:00</time> to 12:00" in form


def test_verifying_in_the_same_browser_goes_straight_on_to_the_chosen_time(
    clock, client, mentor, mailoutbox, django_capture_on_commit_callbacks
):
    book_url = reverse("bookings:new") + f"?slot={slot_id_for(mentor, at(1, 10))}"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:signup"),
            {
                "full_name": "Ada Lovelace",
                "email": "ada@example.com",
                "password": "engines-and-numbers-1843",
                "persona": "beginner",
                "intended_role": "learner",
                "next": book_url,
            },
        )

    verified = client.post(_mailed_link(mailoutbox[0], "/verify-email/"), follow=True)

    assert verified.redirect_chain[-1][0] == book_url
    assert "Book a session with Dana Design" in verified.content.decode()


def test_a_next_that_leaves_the_site_is_dropped(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signed_up = client.post(
            reverse("accounts:signup") + "?next=https://evil.example/phish",
            {
                "full_name": "Ada Lovelace",
                "email": "ada@example.com",
                "password": "engines-and-numbers-1843",
                "persona": "beginner",
                "intended_role": "learner",
            },
        )

    assert signed_up["Location"] == reverse("accounts:verification-sent")
    assert "evil.example" not in mailoutbox[0].body


# --- the viewer's zone, with the mentor's alongside -------------------------------------------------


def test_times_render_in_the_viewers_zone_with_the_mentors_local_time_alongside(clock, client):
    berlin = mentor_with_weekly_hours(
        tz="Europe/Berlin", hourly_rate=Decimal("60.00"), user__full_name="Dana Design"
    )
    new_yorker = UserFactory(full_name="Nia York", timezone="America/New_York")
    booking = booked(new_yorker, berlin, at(1, 8))  # Tuesday 09:00 in Berlin
    client.force_login(new_yorker)

    detail = _text(client.get(reverse("bookings:detail", args=[booking.pk])))
    profile = _text(client.get(reverse("mentors:profile", args=[berlin.pk]), {"month": "2027-03"}))
    form = _text(client.get(reverse("bookings:new"), {"slot": slot_id_for(berlin, at(2, 8))}))

    assert "Times are in your time zone, America/New_York." in detail
    assert (
        '<time datetime="2027-03-02T08:00:00+00:00">03:00</time> your time '
        '<span class="other-zone">· 09:00 in Berlin</span>' in detail
    )
    assert (
        'Times are in your time zone, <strong data-testid="calendar-zone">America/New_York</strong>'
        in profile
    )
    assert "Dana Design is in Berlin" in profile
    assert "03:00</time> your time" in form and "· 09:00 in Berlin" in form


def test_a_visitors_browser_zone_comes_from_the_cookie_and_an_account_zone_wins(client):
    berlin = mentor_with_weekly_hours(tz="Europe/Berlin", hourly_rate=Decimal("60.00"))
    url = reverse("mentors:profile", args=[berlin.pk])
    with time_machine.travel(at(0, 7), tick=False):
        client.cookies["tz"] = "Asia/Tokyo"
        visitor = _text(client.get(url, {"month": "2027-03"}))
        client.cookies["tz"] = "Not/AZone"
        unknown = _text(client.get(url, {"month": "2027-03"}))
        client.cookies["tz"] = "Asia/Tokyo"
        client.force_login(UserFactory(timezone="America/New_York"))
        signed_in = _text(client.get(url, {"month": "2027-03"}))

    assert 'data-testid="calendar-zone">Asia/Tokyo<' in visitor
    assert 'data-viewer-tz="Asia/Tokyo" data-viewer-tz-source="browser"' in visitor
    assert 'data-testid="calendar-zone">UTC<' in unknown and 'data-viewer-tz-source="default"' in unknown
    assert 'data-testid="calendar-zone">America/New_York<' in signed_in


def test_the_sign_up_form_carries_the_browsers_zone_in_a_hidden_field(client):
    client.cookies["tz"] = "Europe/Lisbon"

    page = _text(client.get(reverse("accounts:signup")))

    assert re.search(
        r'<input type="hidden" name="timezone" value="Europe/Lisbon"[^>]*data-browser-timezone', page
    )
    assert "js/timezone.js" in page


def test_the_time_zone_pickers_search_every_iana_name_and_refuse_others(client):
    user = UserFactory(timezone="UTC")
    client.force_login(user)

    account = _text(client.get(reverse("accounts:account")))

    assert 'list="timezone-options"' in account and '<option value="Europe/Berlin">' in account


# --- home ------------------------------------------------------------------------------------------


def test_the_dashboard_shows_the_next_session_with_its_join_button_in_the_window(
    clock, client, mentor, learner
):
    booking = booked(learner, mentor, at(0, 10))  # today 10:00, confirmed (the mentor auto-confirms)
    assert booking.status == BookingStatus.CONFIRMED
    client.force_login(learner)

    before = _text(client.get(reverse("home")))
    clock.move_to(at(0, 9, 55))
    inside = _text(client.get(reverse("home")))

    assert "<title>Your dashboard" in before
    assert "Go to your account" not in before
    section = before.split('data-testid="next-session"', 1)[1].split("</section>", 1)[0]
    assert "With Dana Design, your mentor" in section and "Monday 1 March, 10:00" in section
    assert re.search(r"data-join-button[^>]* disabled", section)
    inside_section = inside.split('data-testid="next-session"', 1)[1].split("</section>", 1)[0]
    assert "data-join-button" in inside_section and not re.search(
        r"data-join-button[^>]* disabled", inside_section
    )
    assert reverse("bookings:join", args=[booking.pk]) in inside_section


def test_the_dashboard_lists_what_waits_pay_confirm_review_reply_and_recent_notifications(
    clock, client, learner
):
    manual = bookable_mentor(hourly_rate=Decimal("75.00"), user__full_name="Dana Design")
    manual.schedule.auto_confirm = False
    manual.schedule.save()
    other = bookable_mentor(hourly_rate=Decimal("50.00"), user__full_name="Olu Other")
    past = completed(booked(learner, bookable_mentor(), at(0, 9)))  # reviewed by nobody yet
    clock.move_to(at(0, 12))
    hold = booked(learner, other, at(2, 11), pay_now=False)  # waiting for payment
    request = booked(UserFactory(full_name="Rae Request"), manual, at(3, 10))  # paid, for Dana to answer
    assert (hold.status, request.status, past.status) == ("pending_payment", "pending", "completed")
    messaging_services.message_send(sender=other.user, recipient_id=learner.pk, text="See you soon")
    messaging_services.notify(user=learner, type=NotificationType.PAYMENT_SUCCESS, title="Payment received")

    client.force_login(learner)
    mine = _text(client.get(reverse("home")))
    client.force_login(manual.user)
    dana = _text(client.get(reverse("home")))

    assert 'data-testid="waiting-pay"' in mine and "Pay now" in mine
    assert reverse("payments:checkout", args=[hold_payment(hold).pk]) in mine
    assert 'data-testid="waiting-review"' in mine and "Leave a review" in mine
    assert 'data-testid="waiting-reply"' in mine and "1 unread message from Olu Other" in mine
    assert "Payment received" in mine
    assert 'data-testid="waiting-confirm"' not in mine
    assert 'data-testid="waiting-confirm"' in dana and "Rae Request asks for a session" in dana


@pytest.mark.parametrize("count", [1, 6])
def test_the_dashboard_runs_the_same_queries_whatever_waits(clock, client, learner, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for day in range(count):
        booked(learner, bookable_mentor(), at(1 + day, 10), pay_now=day % 2 == 0)
        messaging_services.message_send(sender=UserFactory(), recipient_id=learner.pk, text="Hi")
    client.force_login(learner)

    with CaptureQueriesContext(connection) as queries:
        _text(client.get(reverse("home")))

    # Session and user; next session; holds and their payments; requests; sessions to review;
    # notifications, unread notifications, unread threads; then the header's counts and links.
    assert len(queries) <= 13, [q["sql"] for q in queries]


def hold_payment(booking):
    from payments.models import Payment

    return Payment.objects.get(purpose="booking", object_id=str(booking.pk))


def test_staff_see_a_link_to_the_admin_and_others_do_not(client, learner):
    client.force_login(UserFactory(is_staff=True))
    staff = _text(client.get(reverse("home")))
    client.force_login(learner)
    plain = _text(client.get(reverse("home")))

    assert 'data-testid="admin-link"' in staff and 'data-testid="admin-link"' not in plain
    assert 'data-testid="nothing-waiting"' in plain


def test_the_anonymous_home_has_a_title_of_its_own(client):
    home = _text(client.get(reverse("home")))
    directory = _text(client.get(reverse("mentors:directory")))

    title = re.search(r"<title>(.*?)</title>", home).group(1)
    assert title != re.search(r"<title>(.*?)</title>", directory).group(1)
    assert "Create a free account" in home


# --- unpaid holds ----------------------------------------------------------------------------------


def test_an_unpaid_hold_offers_pay_now_and_neither_move_nor_ics(clock, client, mentor, learner):
    hold = booked(learner, mentor, at(2, 11), pay_now=False)
    client.force_login(learner)

    rows = _text(client.get(reverse("bookings:list")))
    detail = _text(client.get(reverse("bookings:detail", args=[hold.pk])))

    assert "Waiting for payment" in rows and 'data-testid="pay-now"' in rows
    assert reverse("payments:checkout", args=[hold_payment(hold).pk]) in rows
    assert "Pay $75.00" in detail
    assert "Move to another time" not in detail and 'data-testid="ics-link"' not in detail
    assert "Cancel the session" in detail
    assert (
        client.get(reverse("bookings:reschedule", args=[hold.pk])).content.decode().count("cannot be moved")
    )


def test_a_paid_booking_still_offers_move_ics_and_a_message_to_the_mentor(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(2, 11))
    client.force_login(learner)

    detail = _text(client.get(reverse("bookings:detail", args=[booking.pk])))

    assert "Move to another time" in detail and 'data-testid="ics-link"' in detail
    assert 'data-testid="pay-now"' not in _text(client.get(reverse("bookings:list")))
    assert (
        f'href="{reverse("messaging:thread", args=[mentor.user_id])}" data-testid="message-other"' in detail
    )
    assert "Message your mentor</a>" in detail


# --- the session before the time; the compact picker --------------------------------------------


def test_the_calendar_asks_for_the_session_first_and_its_times_carry_it_to_the_form(
    clock, client, mentor, learner
):
    review = ServiceFactory(
        mentor=mentor, title="Portfolio review", duration_minutes=30, price=Decimal("40.00")
    )
    client.force_login(learner)
    url = reverse("mentors:profile", args=[mentor.pk])

    hourly = _text(client.get(url, {"month": "2027-03"}))
    chosen = _text(client.get(url, {"month": "2027-03", "session": str(review.pk)}))

    assert "Which session?" in hourly and "Portfolio review, 30 minutes, $40.00" in hourly
    assert "book 60 minutes on Tuesday 2 March" in hourly
    assert "book 30 minutes on Tuesday 2 March" in chosen and "book 60 minutes" not in chosen
    link = re.search(r'href="(/bookings/new/\?service=[^"]+)"', chosen).group(1).replace("&amp;", "&")
    form = _text(client.get(link))
    assert re.search(rf'value="{review.pk}"[^>]*checked|checked[^>]*value="{review.pk}"', form)
    # The month links keep the session.
    assert f"session={review.pk}" in chosen.split('aria-label="Months"', 1)[1].split("</nav>", 1)[0]


def test_small_screens_get_a_day_by_day_picker_instead_of_the_month_list(clock, client, mentor, learner):
    client.force_login(learner)

    page = _text(client.get(reverse("mentors:profile", args=[mentor.pk]), {"month": "2027-03"}))

    compact = page.split('data-testid="calendar-compact"', 1)[1]
    days = re.findall(
        r'<input type="radio" class="calendar__compact-radio" name="calendar-day" id="day-([0-9-]+)"', compact
    )
    assert days[0] == "2027-03-01" and days[-1] == "2027-03-31" and len(days) == 31
    assert compact.count(" checked>") == 1  # the first free day is chosen
    assert (
        "<legend" in compact
        and '<span>Tue 2</span><span class="visually-hidden"> March, 8 free times</span>' in compact
    )
    panels = re.findall(r'class="calendar__compact-panel" id="times-([0-9-]+)"', compact)
    assert panels == days
    assert "js/calendar-picker.js" in page


# --- rescheduling on the booking calendar ---------------------------------------------------------


def test_the_reschedule_page_offers_the_booking_calendar_beyond_two_weeks(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(2, 11))
    far = at(30, 14)  # a month ahead, past the dialog's two weeks
    client.force_login(learner)
    url = reverse("bookings:reschedule", args=[booking.pk])

    page = _text(client.get(url, {"month": "2027-03"}))
    april = _text(client.get(url, {"month": "2027-03", "slot": slot_id_for(mentor, far)}))
    moved = client.post(url, {"move-slot": slot_id_for(mentor, far), "move-reason": ""})

    assert 'id="calendar"' in page and "move to 60 minutes on Wednesday 31 March" in page
    assert f"{url}?slot=" in page.replace("&amp;", "&")
    assert re.search(rf'value="{slot_id_for(mentor, far)}"[^>]*checked', april)
    assert moved.status_code == 302
    booking.refresh_from_db()
    assert booking.start_at == far


def test_the_dialog_points_to_the_calendar_for_later_times(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(2, 11))
    client.force_login(learner)

    detail = _text(client.get(reverse("bookings:detail", args=[booking.pk])))

    assert 'data-testid="reschedule-calendar-link"' in detail


def test_a_time_of_another_mentor_or_length_is_not_a_move(clock, client, mentor, learner):
    booking = booked(learner, mentor, at(2, 11))
    stranger = bookable_mentor()
    client.force_login(learner)
    url = reverse("bookings:reschedule", args=[booking.pk])

    for slot in (slot_id_for(stranger, at(30, 14)), slot_id_for(mentor, at(30, 14), 30)):
        response = client.post(url, {"move-slot": slot})
        assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.start_at == at(2, 11)
    assert Booking.objects.count() == 1
