"""Spoken commands: espeak-ng makes the audio in the test, faster-whisper hears it, and the
command runs as if typed. Bad audio is refused with a clear 400 and nothing happens."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from assistant.models import AgentAction
from bookings.models import Booking
from tests.assistant.conftest import COMMAND_URL, say_aloud, spoken

pytestmark = pytest.mark.django_db


def test_a_spoken_booking_books_the_right_slot_after_a_spoken_yes(clock, agent, client, dana):
    reply = say_aloud(client, "Book a session with Dana Fischer next Tuesday afternoon.")
    assert reply["intent"] == "schedule_session"
    assert reply["awaiting_confirmation"]["action"] == "book"
    assert reply["response_audio_url"]
    assert not Booking.objects.exists()

    done = say_aloud(client, "Yes.", voice="en-gb")
    assert done["intent"] == "confirm"
    booking = Booking.objects.get()
    assert booking.mentor == dana
    assert booking.start_at == datetime(2027, 3, 9, 12, 0, tzinfo=UTC)
    assert AgentAction.objects.filter(action_type="voice_command", action_details__via="audio").count() == 2


def test_the_reply_audio_is_served_only_to_its_owner(clock, agent, client, dana):
    from tests.assistant.conftest import api_as
    from tests.factories import UserFactory

    reply = say_aloud(client, "Read my messages.")
    url = reply["response_audio_url"]
    assert client.get(url).status_code == 200
    assert api_as(UserFactory()).get(url).status_code == 404


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (base64.b64encode(b"this is not audio at all" * 10).decode(), "AUDIO_UNREADABLE"),
        (None, "AUDIO_SILENT"),
        ("large", "AUDIO_TOO_LARGE"),
    ],
)
def test_bad_audio_is_a_clear_400_and_nothing_happens(clock, agent, client, dana, payload, reason, settings):
    if payload is None:
        import io
        import wave

        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(16000)
            out.writeframes(b"\x00\x00" * 16000 * 2)
        payload = base64.b64encode(buffer.getvalue()).decode()
    elif payload == "large":
        payload = spoken("Book a session with Dana Fischer tomorrow.")
        settings.SPEECH_MAX_BYTES = 1000
    response = client.post(COMMAND_URL, {"audio": payload}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "VALIDATION_ERROR"
    assert body["details"]["reason"] == reason
    assert "audio" in body["details"]
    assert not AgentAction.objects.exists()
    agent.refresh_from_db()
    assert agent.pending is None


def test_audio_as_a_multipart_file_works_too(clock, agent, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    wav = base64.b64decode(spoken("What's on my schedule this week?"))
    response = client.post(
        COMMAND_URL,
        {"audio": SimpleUploadedFile("command.wav", wav, content_type="audio/wav")},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["intent"] == "check_schedule"
