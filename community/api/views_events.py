"""API.md §7: events, RSVPs and calendars."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from community.api import filters_events as filters
from community.api import serializers_events as s
from community.errors.events import EventNotFound
from community.selectors import events as selectors
from community.services import events as services
from community.services.events_calendar import event_ics
from core.api import ListView, parsed
from core.http import download
from core.schema import ERRORS

EVENTS = ["community: events"]


def _event_or_404(request, event_id):
    event = selectors.event_get(user=request.user, event_id=event_id)
    if event is None:
        raise EventNotFound()
    return event


def event_detail_data(request, event) -> dict:
    user = request.user
    context = {
        "may_see_link": selectors.may_see_link(event, user),
        "waitlist_position": selectors.waitlist_position(event, user) if user.is_authenticated else None,
        "can_edit": services.may_edit(user, event),
    }
    data = s.EventDetailOut(event, context=context).data
    return data


class EventListCreateView(ListView):
    serializer_class = s.EventOut
    filterset_class = filters.EventFilters

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "POST" else [AllowAny()]

    @extend_schema(
        tags=EVENTS,
        summary="Events",
        description="Scheduled events you may see, soonest first (events of a private group only for its "
        "members). With lat/lng/radius_km: in-person events within that distance, nearest first, "
        "with `distance_km`.",
        responses={200: s.EventOut(many=True), **ERRORS(400, 429)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, **filters):
        filters["starts_from"] = filters.pop("from", None)
        filters["starts_to"] = filters.pop("to", None)
        return selectors.event_list(user=self.request.user, **filters)

    @extend_schema(
        tags=EVENTS,
        summary="Create an event (mentors, staff, a group's owner or moderators)",
        description="Online: `online_url` is required and shown only to people going. In person: "
        "`latitude`, `longitude` and an `address` or `venue`; the time zone comes from the "
        "coordinates. With `opportunity_id` (a published workshop) people join by enrolling; its "
        "seats are the opportunity's.",
        request=s.EventIn,
        responses={201: s.EventDetailOut, **ERRORS(400, 401, 403)},
    )
    def post(self, request):
        data = parsed(s.EventIn, request.data)
        event = services.event_create(user=request.user, data=data)
        return Response(
            event_detail_data(request, _event_or_404(request, event.pk)), status=status.HTTP_201_CREATED
        )


class EventDetailView(APIView):
    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "PATCH" else [AllowAny()]

    @extend_schema(
        tags=EVENTS,
        summary="One event",
        description="`online_url` only for people going. An event of a private group is 404 for anyone "
        "but its members.",
        responses={200: s.EventDetailOut, **ERRORS(404)},
    )
    def get(self, request, id):
        return Response(event_detail_data(request, _event_or_404(request, id)))

    @extend_schema(
        tags=EVENTS,
        summary="Edit or reschedule an event (its host, the group's moderators, staff)",
        description="A new start moves every attendee's reminder; more places promote people waiting.",
        request=s.EventPatchIn,
        responses={200: s.EventDetailOut, **ERRORS(400, 401, 404, 409)},
    )
    def patch(self, request, id):
        data = parsed(s.EventPatchIn, request.data, partial=True)
        services.event_update(event_id=id, user=request.user, data=data)
        return Response(event_detail_data(request, _event_or_404(request, id)))


class EventCancelView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=EVENTS,
        summary="Cancel an event (its host, the group's moderators, staff)",
        description="Everyone going is notified (event_cancelled); reminders stop.",
        request=s.EventCancelIn,
        responses={200: s.EventDetailOut, **ERRORS(400, 401, 404, 409)},
    )
    def post(self, request, id):
        data = parsed(s.EventCancelIn, request.data)
        services.event_cancel(event_id=id, user=request.user, reason=data["reason"])
        return Response(event_detail_data(request, _event_or_404(request, id)))


class EventRSVPView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=EVENTS,
        summary="RSVP going, interested or not going",
        description="`going` on a full event: 409 EVENT_FULL, or with `join_waitlist` the status "
        "`waitlisted` (you are promoted, and notified, when a place opens). A paid workshop: 409 "
        "ENROLLMENT_REQUIRED with `details.enroll_url` (a confirmed enrollment counts as going). "
        "A cancelled or started event: 409.",
        request=s.RSVPIn,
        responses={200: s.RSVPOut, **ERRORS(400, 401, 404, 409)},
    )
    def post(self, request, id):
        data = parsed(s.RSVPIn, request.data)
        rsvp = services.rsvp_set(
            event_id=id, user=request.user, status=data["status"], join_waitlist=data["join_waitlist"]
        )
        event = _event_or_404(request, id)
        body = {
            "event_id": event.pk,
            "status": rsvp.status,
            "waitlist_position": selectors.waitlist_position(event, request.user),
            "attendee_count": event.attendee_count,
            "capacity": event.capacity,
            "updated_at": rsvp.updated_at,
        }
        return Response(s.RSVPOut(body).data)


class EventIcsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=EVENTS,
        summary="The event as an iCalendar (.ics) file",
        description="The online link is in it only for people going.",
        responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS(404)},
    )
    def get(self, request, id):
        return ics_response(_event_or_404(request, id), request.user)


def ics_response(event, user) -> HttpResponse:
    return download(
        event_ics(event=event, viewer=user),
        content_type="text/calendar; charset=utf-8",
        filename=f"mentora-event-{event.starts_at:%Y%m%d-%H%M}.ics",
    )
