"""Video rooms behind one adapter (API.md §3: S uses Daily, P uses Zoom; both fit here).

`BOOKINGS_VIDEO_PROVIDER` names the class. The default, Jitsi Meet, needs no account and no call
to an outside service: a room is an unguessable name on the Jitsi server, so it is made inside
the confirming transaction. A provider that must call an API sets `local = False`; bookings then
creates its rooms after commit (and on the first join, if that came first).
"""

from __future__ import annotations

import secrets
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from urllib.parse import urlsplit

import jwt
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Room:
    provider: str
    external_id: str
    url: str


class VideoProvider(ABC):
    name = "base"
    # True when rooms are made without calling an outside service (safe inside a transaction).
    local = False

    @abstractmethod
    def create_room(self, *, booking) -> Room:
        """A new room for the booking (a reschedule gets a new one)."""

    def meeting_token(self, *, booking, user, is_host: bool, expires_at: datetime) -> str | None:
        """A short-lived token that lets `user` into the room, or None when the room needs none."""
        return None


class JitsiProvider(VideoProvider):
    """Jitsi Meet. On the public meet.jit.si the unguessable room name is the only key; a
    self-hosted Jitsi with token authentication (JITSI_APP_ID + JITSI_APP_SECRET) also gets a
    signed JWT per participant, in the claims format of Jitsi's token plug-in."""

    name = "jitsi"
    local = True

    def create_room(self, *, booking) -> Room:
        # 160 random bits: nobody finds the room by guessing or by knowing the booking id.
        room = f"mentora-{secrets.token_urlsafe(20)}"
        return Room(provider=self.name, external_id=room, url=f"{settings.JITSI_BASE_URL.rstrip('/')}/{room}")

    def meeting_token(self, *, booking, user, is_host: bool, expires_at: datetime) -> str | None:
        if not (settings.JITSI_APP_ID and settings.JITSI_APP_SECRET):
            return None
        claims = {
            "aud": "jitsi",
            "iss": settings.JITSI_APP_ID,
            "sub": urlsplit(settings.JITSI_BASE_URL).hostname or "*",
            "room": booking.meeting_external_id,
            "nbf": int((timezone.now() - timedelta(minutes=1)).timestamp()),
            "exp": int(expires_at.timestamp()),
            "context": {
                "user": {
                    "id": str(user.pk),
                    "name": user.display_name,
                    "email": user.email,
                    "avatar": user.avatar_url,
                    "moderator": is_host,
                }
            },
        }
        return jwt.encode(claims, settings.JITSI_APP_SECRET, algorithm="HS256")


@cache
def _provider_class(path: str) -> type[VideoProvider]:
    return import_string(path)


def get_provider() -> VideoProvider:
    return _provider_class(settings.BOOKINGS_VIDEO_PROVIDER)()
