"""The session (API.md §3): join and its window, who sees the room link, complete, no-shows,
the session record, post-session notes and the shared recording."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from accounts.models import AuditEntry
from bookings import services
from bookings.models import Booking
from messaging.models import Notification
from payments.models import EarningEntry
from tests.bookings.conftest import api_as
from tests.bookings.factories import BOOKINGS_URL, at, booked, card_payment_of, iso, started
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = at(0, 10)  # today 10:00, two hours after the frozen clock


def _url(booking, action: str = "") -> str:
    return f"{BOOKINGS_URL}/{booking.pk}" + (f"/{action}" if action else "")


def _sale(booking) -> EarningEntry:
    return EarningEntry.objects.get(payment=card_payment_of(booking), refund__isnull=True)


@pytest.fixture
def booking(clock, mentor_profile, learner_user):
    return booked(learner_user, mentor_profile, START)


# --- join ----------------------------------------------------------------------------------------


def test_joining_before_the_window_gives_no_room(clock, booking):
    clock.move_to(START - timedelta(minutes=11))

    response = api_as(booking.learner).post(_url(booking, "join"))

    assert response.status_code == 200
    body = response.json()
    assert body["can_join"] is False
    assert body["room_url"] is None and body["meeting_token"] is None
    assert body["starts_at"] == iso(START)
    assert body["time_until_start_minutes"] == 11
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"


def test_the_first_join_ten_minutes_before_starts_the_session(clock, booking):
    clock.move_to(START - timedelta(minutes=10))

    response = api_as(booking.learner).post(_url(booking, "join"))

    assert response.status_code == 200
    body = response.json()
    assert body["can_join"] is True
    assert body["room_url"] == booking.meeting_room_url
    booking.refresh_from_db()
    assert booking.status == "in_progress"
    assert booking.started_at == START - timedelta(minutes=10)
    assert Notification.objects.filter(user=booking.mentor.user, type="session_started").exists()
    assert AuditEntry.objects.filter(target_id=str(booking.pk), action="booking.start").count() == 1

    clock.move_to(START + timedelta(minutes=2))
    again = api_as(booking.mentor.user).post(_url(booking, "join"))
    assert again.json()["room_url"] == booking.meeting_room_url
    booking.refresh_from_db()
    assert booking.started_at == START - timedelta(minutes=10)


def test_with_a_token_server_each_participant_gets_a_short_lived_meeting_token(clock, booking, settings):
    settings.JITSI_APP_ID, settings.JITSI_APP_SECRET = "mentora", "a-test-secret-of-32-bytes-or-more!!"
    clock.move_to(START - timedelta(minutes=2))

    tokens = {
        who: api_as(user).post(_url(booking, "join")).json()["meeting_token"]
        for who, user in (("learner", booking.learner), ("mentor", booking.mentor.user))
    }

    for who, token in tokens.items():
        claims = jwt.decode(token, settings.JITSI_APP_SECRET, algorithms=["HS256"], audience="jitsi")
        assert claims["room"] == booking.meeting_external_id
        assert claims["context"]["user"]["moderator"] is (who == "mentor")
        # It lasts at most until half an hour after the session's end.
        assert claims["exp"] <= int((booking.end_at + timedelta(minutes=30)).timestamp())


def test_the_window_closes_at_the_scheduled_end(clock, booking):
    clock.move_to(START + timedelta(minutes=59))
    assert api_as(booking.learner).post(_url(booking, "join")).json()["can_join"] is True

    clock.move_to(START + timedelta(minutes=60))
    late = api_as(booking.mentor.user).post(_url(booking, "join")).json()

    assert late["can_join"] is False
    assert late["room_url"] is None


def test_a_booking_that_is_not_confirmed_has_no_session_to_join(clock, mentor_profile, learner_user):
    unpaid = booked(learner_user, mentor_profile, START, pay_now=False)
    clock.move_to(START)

    response = api_as(learner_user).post(_url(unpaid, "join"))

    assert response.status_code == 409
    assert Booking.objects.get(pk=unpaid.pk).status == "pending_payment"


def test_the_room_link_shows_only_to_the_two_parties_inside_the_window(clock, booking):
    staff = UserFactory(is_staff=True)

    def links(user) -> tuple:
        client = api_as(user)
        detail = client.get(_url(booking)).json()["meeting"]["room_url"]
        rows = client.get(BOOKINGS_URL).json()["items"]
        return detail, rows[0]["meeting"]["room_url"] if rows else "no rows"

    assert links(booking.learner) == links(booking.mentor.user) == (None, None)

    clock.move_to(START - timedelta(minutes=5))

    assert links(booking.learner) == links(booking.mentor.user) == (booking.meeting_room_url,) * 2
    assert links(staff) == (None, "no rows")
    assert api_as(staff).get(_url(booking)).json()["meeting"]["can_join"] is False
    # Staff see the booking, but the room is the two participants' only.
    assert api_as(staff).post(_url(booking, "join")).status_code == 404


# --- complete ------------------------------------------------------------------------------------


def test_a_session_that_has_not_started_cannot_be_completed(clock, booking):
    clock.move_to(START + timedelta(minutes=5))

    response = api_as(booking.mentor.user).post(_url(booking, "complete"))

    assert response.status_code == 409
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"


def test_either_party_completes_a_started_session_and_the_mentor_is_paid(clock, booking):
    started(booking)
    assert _sale(booking).status == "pending"
    clock.move_to(START + timedelta(minutes=55))

    response = api_as(booking.learner).post(
        _url(booking, "complete"), {"summary": "Covered graphs and tries."}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "completed"
    assert body["completed_at"] == iso(START + timedelta(minutes=55))
    assert body["summary"] == "Covered graphs and tries."
    assert _sale(booking).status == "available"
    for user in (booking.learner, booking.mentor.user):
        assert Notification.objects.filter(user=user, type="booking_completed").exists()
    assert AuditEntry.objects.filter(target_id=str(booking.pk), action="booking.complete").exists()
    assert api_as(booking.mentor.user).post(_url(booking, "complete")).status_code == 409


# --- no-shows ------------------------------------------------------------------------------------


def test_the_mentor_marks_an_absent_learner_from_15_minutes_after_the_start(clock, booking):
    started(booking, who=("mentor",))
    mentor = api_as(booking.mentor.user)

    clock.move_to(START + timedelta(minutes=14))
    early = mentor.post(_url(booking, "mark-no-show"), {"party": "learner"}, format="json")
    clock.move_to(START + timedelta(minutes=15))
    on_time = mentor.post(_url(booking, "mark-no-show"), {"party": "learner"}, format="json")

    assert early.status_code == 409
    assert on_time.status_code == 200
    assert on_time.json()["booking"]["status"] == "no_show_learner"
    # The mentor who waited is still paid; the learner gets nothing back.
    assert on_time.json()["refund"]["policy"] == "none"
    assert _sale(booking).status == "available"
    assert card_payment_of(booking).status == "succeeded"
    assert Notification.objects.filter(user=booking.learner, type="booking_cancelled").exists()


def test_a_learner_who_joined_is_not_a_no_show(clock, booking):
    started(booking, who=("learner",))
    clock.move_to(START + timedelta(minutes=30))

    response = api_as(booking.mentor.user).post(
        _url(booking, "mark-no-show"), {"party": "learner"}, format="json"
    )

    assert response.status_code == 409
    assert Booking.objects.get(pk=booking.pk).status == "in_progress"


@pytest.mark.parametrize(
    ("who", "party"), [("learner", "mentor"), ("learner", "learner"), ("mentor", "mentor")]
)
def test_only_the_mentor_marks_the_learner_and_only_staff_the_mentor(who, party, clock, booking):
    clock.move_to(START + timedelta(minutes=20))
    user = booking.learner if who == "learner" else booking.mentor.user

    response = api_as(user).post(_url(booking, "mark-no-show"), {"party": party}, format="json")

    assert response.status_code == 403
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"


def test_staff_mark_an_absent_mentor_and_the_learner_is_refunded_in_full(clock, booking):
    started(booking, who=("learner",))
    clock.move_to(START + timedelta(minutes=20))

    response = api_as(UserFactory(is_staff=True)).post(
        _url(booking, "mark-no-show"), {"party": "mentor"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["booking"]["status"] == "no_show_mentor"
    assert response.json()["refund"]["policy"] == "full"
    assert card_payment_of(booking).status == "refunded"


def test_a_no_show_needs_a_party(clock, booking):
    clock.move_to(START + timedelta(minutes=20))

    response = api_as(booking.mentor.user).post(
        _url(booking, "mark-no-show"), {"party": "both"}, format="json"
    )

    assert response.status_code == 400
    assert "party" in response.json()["details"]


# --- the session record --------------------------------------------------------------------------


def test_the_session_record_shows_the_times_and_who_was_there(clock, booking):
    services.booking_join(booking_id=booking.pk, user=booking.learner, now=START - timedelta(minutes=3))
    services.booking_join(booking_id=booking.pk, user=booking.mentor.user, now=START + timedelta(minutes=2))
    services.booking_complete(
        booking_id=booking.pk, user=booking.mentor.user, now=START + timedelta(minutes=50)
    )

    for user in (booking.learner, booking.mentor.user, UserFactory(is_staff=True)):
        response = api_as(user).get(_url(booking, "session"))

        assert response.status_code == 200
        record = response.json()
        assert (record["scheduled_start"], record["scheduled_end"]) == (iso(START), iso(at(0, 11)))
        assert record["actual_start"] == iso(START - timedelta(minutes=3))
        assert record["actual_end"] == iso(START + timedelta(minutes=50))
        assert record["duration_minutes"] == 53
        assert record["has_recording"] is False and record["recording"] is None
        people = {p["user"]["id"]: p for p in record["participants"]}
        assert people[str(booking.learner.pk)]["joined_at"] == iso(START - timedelta(minutes=3))
        assert people[str(booking.mentor.user.pk)]["joined_at"] == iso(START + timedelta(minutes=2))
        assert {p["left_at"] for p in people.values()} == {iso(START + timedelta(minutes=50))}


# --- notes ---------------------------------------------------------------------------------------


def test_notes_are_written_once_the_session_started(clock, booking):
    response = api_as(booking.learner).post(_url(booking, "notes"), {"notes": "Too early"}, format="json")

    assert response.status_code == 409
    assert response.json()["error"] == "CONFLICT"


def test_notes_are_private_unless_shared(clock, booking):
    learner, mentor = api_as(booking.learner), api_as(booking.mentor.user)
    clock.move_to(START)
    learner.post(_url(booking, "join"))

    own = learner.post(_url(booking, "notes"), {"notes": "Ask about heaps next time"}, format="json")
    clock.shift(timedelta(minutes=1))
    shared = mentor.post(
        _url(booking, "notes"), {"notes": "Homework: 3 problems", "is_public": True}, format="json"
    )
    clock.shift(timedelta(minutes=1))
    mentor.post(_url(booking, "notes"), {"notes": "Needs more practice"}, format="json")

    assert own.status_code == shared.status_code == 201
    assert own.json()["is_public"] is False
    assert own.json()["author"]["id"] == str(booking.learner.pk)
    seen_by_learner = [n["notes"] for n in learner.get(_url(booking, "notes")).json()["items"]]
    seen_by_mentor = [n["notes"] for n in mentor.get(_url(booking, "notes")).json()["items"]]
    assert seen_by_learner == ["Ask about heaps next time", "Homework: 3 problems"]
    assert seen_by_mentor == ["Homework: 3 problems", "Needs more practice"]


def test_an_empty_note_is_400(clock, booking):
    response = api_as(booking.learner).post(_url(booking, "notes"), {"notes": "   "}, format="json")

    assert response.status_code == 400
    assert "notes" in response.json()["details"]


# --- recordings ----------------------------------------------------------------------------------


def _record(booking):
    return services.recording_register(
        booking_id=booking.pk,
        url="https://recordings.example.com/r/abc123.mp4",
        transcript_url="https://recordings.example.com/r/abc123.vtt",
        duration_seconds=3000,
    )


def test_a_recording_stays_private_until_the_mentor_shares_it(clock, booking):
    assert api_as(booking.learner).get(_url(booking, "recording")).status_code == 404
    _record(booking)

    assert api_as(booking.learner).get(_url(booking, "recording")).status_code == 404
    assert api_as(booking.mentor.user).get(_url(booking, "recording")).status_code == 404
    record = api_as(booking.learner).get(_url(booking, "session")).json()
    assert record["has_recording"] is True
    assert record["recording"] == {"duration": 3000, "expires_at": None}


def test_only_the_mentor_shares_the_recording(clock, booking):
    _record(booking)

    response = api_as(booking.learner).post(_url(booking, "recording/share"), {}, format="json")

    assert response.status_code == 403
    assert api_as(booking.learner).get(_url(booking, "recording")).status_code == 404


def test_a_shared_recording_is_readable_by_the_learner_until_it_expires(clock, booking):
    _record(booking)
    clock.move_to(at(0, 12))

    response = api_as(booking.mentor.user).post(
        _url(booking, "recording/share"), {"include_transcript": True}, format="json"
    )

    assert response.status_code == 200
    shared = response.json()
    assert shared["recording_url"] == "https://recordings.example.com/r/abc123.mp4"
    assert shared["expires_at"] == iso(at(7, 12))  # expiry_days defaults to 7
    told = Notification.objects.get(user=booking.learner, title__icontains="recording")
    assert told.data["booking_id"] == str(booking.pk)

    clock.move_to(at(7, 11, 59))
    readable = api_as(booking.learner).get(_url(booking, "recording"))
    assert readable.status_code == 200
    assert readable.json()["url"] == shared["recording_url"]
    assert readable.json()["expires_at"] == shared["expires_at"]
    assert readable.json()["downloadable"] is False
    assert api_as(booking.learner).get(_url(booking, "session")).json()["recording"]["expires_at"] == iso(
        at(7, 12)
    )
    assert readable.json()["transcript_url"] == "https://recordings.example.com/r/abc123.vtt"
    assert readable.json()["duration"] == 3000

    clock.move_to(at(7, 12))
    assert api_as(booking.learner).get(_url(booking, "recording")).status_code == 404


def test_a_share_lasts_the_days_the_mentor_chose(clock, booking):
    _record(booking)

    response = api_as(booking.mentor.user).post(
        _url(booking, "recording/share"), {"expiry_days": 2}, format="json"
    )
    too_long = api_as(booking.mentor.user).post(
        _url(booking, "recording/share"), {"expiry_days": 400}, format="json"
    )

    assert response.json()["expires_at"] == iso(at(2, 8))
    assert too_long.status_code == 400
    assert "expiry_days" in too_long.json()["details"]
