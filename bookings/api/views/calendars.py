"""A booking as an .ics file, and the caller's calendar feed URL."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import selectors, services
from bookings.api import serializers as s
from bookings.api.views._common import (
    CALENDARS,
)
from core.errors import NotFound
from core.http import download
from core.schema import ERRORS


class BookingIcsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=CALENDARS,
        summary="The booking as an iCalendar (.ics) file",
        responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS(401, 404)},
    )
    def get(self, request, id: UUID):
        booking = selectors.booking_get_for_party(user=request.user, booking_id=id)
        return booking_ics_download(booking, request.user)


class CalendarFeedView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=CALENDARS,
        summary="Your calendar feed URL",
        description="A secret URL with every booking of yours; 404 until you create one.",
        responses={200: s.CalendarFeedOut, **ERRORS(401, 404)},
    )
    def get(self, request):
        token = services.calendar_token_get(user=request.user)
        if token is None:
            raise NotFound("You have no calendar feed yet. Create one with POST /api/v1/calendar-feed.")
        return Response(_feed(token))

    @extend_schema(
        tags=CALENDARS,
        summary="Create your calendar feed URL (a new one replaces the old)",
        request=None,
        responses={201: s.CalendarFeedOut, **ERRORS(401)},
    )
    def post(self, request):
        return Response(
            _feed(services.calendar_token_create(user=request.user)), status=status.HTTP_201_CREATED
        )

    @extend_schema(
        tags=CALENDARS,
        summary="Revoke your calendar feed URL",
        request=None,
        responses={204: None, **ERRORS(401, 404)},
    )
    def delete(self, request):
        if not services.calendar_token_revoke(user=request.user):
            raise NotFound("You have no calendar feed.")
        return Response(status=status.HTTP_204_NO_CONTENT)


def _feed(token) -> dict:
    return s.CalendarFeedOut(
        {"url": services.feed_url(token), "created_at": token.created_at, "last_used_at": token.last_used_at}
    ).data


def booking_ics_download(booking, viewer) -> HttpResponse:
    """One session as an .ics file (the API and the booking page)."""
    return download(
        services.booking_ics(booking=booking, viewer=viewer),
        content_type="text/calendar; charset=utf-8",
        filename=f"mentora-session-{booking.start_at:%Y%m%d-%H%M}.ics",
    )
