"""Pieces every mentors view uses."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated

from core.api import parsed
from mentors import selectors

TAXONOMY = ["taxonomy"]
MENTORS = ["mentors"]
MENTOR_ME = ["mentors: your profile"]
AVAILABILITY = ["availability"]
FAVORITES = ["favorites"]
STAFF = ["staff"]


def query(serializer_class, request) -> dict[str, Any]:
    """Query parameters through an input serializer (one value per name)."""
    return parsed(serializer_class, request.query_params.dict())


def viewer_zone(request, asked: str | None, *, fallback: str = "UTC") -> ZoneInfo:
    """The zone times are shown in: the one asked for, else the caller's own, else `fallback`."""
    if asked:
        return ZoneInfo(asked)
    user = request.user
    if user is not None and user.is_authenticated and user.timezone:
        return ZoneInfo(user.timezone)
    return ZoneInfo(fallback)


class PublicMixin:
    """Anyone may call; a valid token still identifies the caller (favourites, own calendar)."""

    permission_classes = [AllowAny]


class MentorOwnView(GenericAPIView):
    """/mentors/me...: a signed-in caller with a mentor profile in any status (API.md §0)."""

    permission_classes = [IsAuthenticated]

    def own_profile(self):
        return selectors.mentor_get_for_owner_or_404(user=self.request.user)
