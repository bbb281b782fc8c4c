"""The video room sits behind one adapter (API.md §3): a provider with an outside API (Daily,
Zoom) is never called inside a transaction; its room is made once the confirmation committed,
or at the first join if that came first."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from bookings import services
from bookings.models import Booking
from bookings.video import Room, VideoProvider
from tests.bookings.factories import at, booked


class RecordingApiProvider(VideoProvider):
    """Stands in for a provider reached over HTTP: it records whether it was called while a
    database transaction was open."""

    name = "api"
    local = False
    calls: list[bool] = []

    def create_room(self, *, booking) -> Room:
        from django.db import connection

        # pytest-django wraps each test in one outer transaction: a deeper block means the
        # caller had a transaction of its own open.
        RecordingApiProvider.calls.append(len(connection.savepoint_ids) > 0)
        return Room(
            provider=self.name, external_id=f"room-{booking.pk}", url=f"https://video.example/{booking.pk}"
        )

    def meeting_token(self, *, booking, user, is_host, expires_at):
        return f"token-{user.pk}-{'host' if is_host else 'guest'}"


@pytest.fixture
def api_provider(settings):
    RecordingApiProvider.calls = []
    settings.BOOKINGS_VIDEO_PROVIDER = f"{__name__}.RecordingApiProvider"
    return RecordingApiProvider


def test_a_provider_with_an_api_makes_the_room_after_the_confirmation_commits(
    clock, mentor_profile, learner_user, api_provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = booked(learner_user, mentor_profile, at(2, 10))

    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert (booking.meeting_provider, booking.meeting_room_url) == (
        "api",
        f"https://video.example/{booking.pk}",
    )
    assert api_provider.calls == [False]


def test_the_first_join_makes_the_room_if_the_provider_was_not_reached_before(
    clock, mentor_profile, learner_user, api_provider
):
    booking = booked(learner_user, mentor_profile, at(2, 10))  # on-commit work never ran here
    assert Booking.objects.get(pk=booking.pk).meeting_room_url == ""

    with time_machine.travel(at(2, 10) - timedelta(minutes=5), tick=False):
        joined = services.booking_join(booking_id=booking.pk, user=mentor_profile.user)

    assert joined["room_url"] == f"https://video.example/{booking.pk}"
    assert joined["meeting_token"] == f"token-{mentor_profile.user.pk}-host"
    assert api_provider.calls == [False]
