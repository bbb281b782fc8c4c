"""The public catalogue: search, proximity, profiles, reviews, schedules, slots and calendars."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from uuid import UUID

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotFound
from core.pagination import PagePagination
from core.schema import ERRORS
from mentors import search, selectors
from mentors.api import serializers as s
from mentors.api.views.common import AVAILABILITY, MENTORS, PagedView, PublicMixin, query, viewer_zone

DETAIL_SLOT_DAYS = 7


class PagedSlots(PagePagination):
    """The list envelope plus the `timezone` the local times are shown in."""

    def get_paginated_response_schema(self, schema):
        body = super().get_paginated_response_schema(schema)
        body["properties"]["timezone"] = {"type": "string", "example": "Europe/Berlin"}
        body["required"] = [*body["required"], "timezone"]
        return body


class PagedReviews(PagePagination):
    """The list envelope plus the mentor's review `summary` (API.md §2)."""

    def get_paginated_response_schema(self, schema):
        body = super().get_paginated_response_schema(schema)
        body["properties"]["summary"] = {"$ref": "#/components/schemas/ReviewsSummaryOut"}
        body["required"] = [*body["required"], "summary"]
        return body


class MentorSearchView(PublicMixin, PagedView):
    serializer_class = s.MentorCardOut

    @extend_schema(
        tags=MENTORS,
        summary="Search approved mentors",
        description="Every filter combines with the others. `available`: an open slot in the next 24 hours; "
        "`online`: connected right now. Text search ranks by relevance (PostgreSQL full-text search).",
        parameters=[s.MentorSearchIn],
        responses={200: s.MentorCardOut(many=True), **ERRORS(400, 429)},
    )
    def get(self, request):
        filters = search.MentorFilters(**query(s.MentorSearchIn, request))
        page = self.paginate_queryset(search.mentor_search(filters=filters))
        cards = search.card_context(mentors=page, viewer=request.user)
        return self.get_paginated_response(s.MentorCardOut(page, many=True, context={"cards": cards}).data)


class MentorProximityView(PagedView):
    serializer_class = s.MentorProximityCardOut
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=MENTORS,
        summary="Mentors near a point, nearest first",
        description="Only mentors who share their location. `radius_km` is at most 200; every filter of "
        "GET /mentors applies too.",
        parameters=[s.MentorProximityIn],
        responses={200: s.MentorProximityCardOut(many=True), **ERRORS(400, 401, 429)},
    )
    def get(self, request):
        params = query(s.MentorProximityIn, request)
        point = {name: params.pop(name) for name in ("lat", "lng", "radius_km")}
        mentors = search.mentor_proximity_search(filters=search.MentorFilters(**params), **point)
        page = self.paginate_queryset(mentors)
        cards = search.card_context(mentors=page, viewer=request.user)
        return self.get_paginated_response(
            s.MentorProximityCardOut(page, many=True, context={"cards": cards}).data
        )


class MentorDetailView(PublicMixin, APIView):
    @extend_schema(
        tags=MENTORS,
        summary="A mentor's public profile",
        description="Services, reviews summary and the next 7 days of open slots. `is_favorite` is null "
        "unless signed in. `recent_reviews` fill once bookings exist.",
        responses={200: s.MentorDetailOut, **ERRORS(404, 429)},
    )
    def get(self, request, id: UUID):
        mentor = selectors.mentor_public_get(mentor_id=id)
        now = timezone.now()
        context = {
            "cards": search.card_context(mentors=[mentor], viewer=request.user, now=now),
            "next_slots": selectors.slots_for_mentor(
                mentor=mentor, start=now, end=now + timedelta(days=DETAIL_SLOT_DAYS), now=now
            ),
        }
        return Response(s.MentorDetailOut(mentor, context=context).data)


class MentorReviewsView(PublicMixin, PagedView):
    serializer_class = s.ReviewOut
    pagination_class = PagedReviews

    @extend_schema(
        tags=MENTORS,
        summary="A mentor's public reviews, with a summary",
        description="Learner→mentor reviews only, with the mentor's response. The summary counts every "
        "public review of the mentor, whatever the filters.",
        parameters=[s.ReviewQueryIn],
        responses={200: s.ReviewOut(many=True), **ERRORS(400, 404, 429)},
    )
    def get(self, request, id: UUID):
        params = query(s.ReviewQueryIn, request)
        mentor, reviews, summary = selectors.mentor_reviews(mentor_id=id, **params)
        page = self.paginate_queryset(reviews)
        return self.paginator.get_paginated_response(
            s.ReviewOut(page, many=True).data, summary=s.ReviewsSummaryOut(summary).data
        )


class PublicScheduleView(PublicMixin, APIView):
    @extend_schema(
        tags=AVAILABILITY,
        summary="The public part of a mentor's schedule",
        responses={200: s.PublicScheduleOut, **ERRORS(404, 429)},
    )
    def get(self, request, id: UUID):
        schedule = selectors.schedule_for_mentor(mentor=selectors.mentor_bookable_get(mentor_id=id))
        if schedule is None:
            raise NotFound("This mentor has not published a schedule yet.")
        return Response(s.PublicScheduleOut(schedule).data)


class SlotListView(PublicMixin, PagedView):
    serializer_class = s.SlotOut
    pagination_class = PagedSlots

    @extend_schema(
        tags=AVAILABILITY,
        summary="Bookable slots of a mentor",
        description="Times are UTC (`Z`); `start_local`/`end_local` show them in `timezone`, which also "
        "says how start_date and end_date are read. Availability itself is evaluated in the mentor's zone.",
        parameters=[s.SlotQueryIn],
        responses={200: s.SlotOut(many=True), **ERRORS(400, 404, 429)},
    )
    def get(self, request):
        params = query(s.SlotQueryIn, request)
        zone = viewer_zone(request, params.get("timezone"))
        first = params.get("start_date") or timezone.now().astimezone(zone).date()
        last = params.get("end_date") or first + timedelta(days=27)
        s.check_date_range({"start_date": first, "end_date": last})  # an end_date alone is checked here
        mentor, service, found = selectors.slot_list(
            mentor_id=params["mentor_id"],
            service_id=params.get("service_id"),
            duration_minutes=params.get("duration_minutes"),
            start=datetime.combine(first, time.min, tzinfo=zone),
            end=datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
        )
        page = self.paginate_queryset(found)
        context = {"zone": zone, "mentor": mentor, "service": service}
        return self.paginator.get_paginated_response(
            s.SlotOut(page, many=True, context=context).data, timezone=zone.key
        )


class MentorCalendarView(PublicMixin, APIView):
    @extend_schema(
        tags=AVAILABILITY,
        summary="A month of a mentor's slots, by day in the viewer's time zone",
        description="Every slot of the month with its status (available, held, booked, blocked). The "
        "owning mentor also sees the booking id of taken slots.",
        parameters=[s.CalendarQueryIn],
        responses={200: s.CalendarOut, **ERRORS(400, 404, 429)},
    )
    def get(self, request, id: UUID):
        params = query(s.CalendarQueryIn, request)
        zone = viewer_zone(request, params.get("timezone"))
        month = params.get("month") or timezone.now().astimezone(zone).date().replace(day=1)
        calendar = selectors.mentor_calendar_for_viewer(
            mentor_id=id, month=month, viewer_timezone=zone.key, viewer=request.user
        )
        return Response(s.CalendarOut(calendar).data)
