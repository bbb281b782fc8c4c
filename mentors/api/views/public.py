"""The public catalogue: search, proximity, profiles, reviews, schedules, slots and calendars."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from uuid import UUID

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core import exchange
from core.api import ListView
from core.errors import NotFound
from core.pagination import PagePagination
from core.schema import ERRORS
from mentors import search, selectors
from mentors.api import filters
from mentors.api import serializers as s
from mentors.api.views.common import AVAILABILITY, MENTORS, PublicMixin, query, viewer_zone
from mentors.signals import profile_view_announce

DETAIL_SLOT_DAYS = 7


class MentorSearchView(PublicMixin, ListView):
    serializer_class = s.MentorCardOut
    filterset_class = filters.MentorSearchFilters

    @extend_schema(
        tags=MENTORS,
        summary="Search approved mentors",
        description="Every filter combines with the others. `available`: an open slot in the next 24 hours; "
        "`free_this_week`: in the next 7 days; `day_of_week` and `time_of_day`: an open slot then, in "
        "`timezone`, within two weeks. `online`: connected right now. Prices stay in each mentor's "
        "currency; `min_rate`/`max_rate` and `sort=rate` compare them in one currency through the "
        "exchange-rate table, and `hourly_rate_approx` shows the rate in `currency`. `total` may lag "
        "a just-listed mentor by a minute. Text search ranks by relevance (PostgreSQL full-text search).",
        responses={200: s.MentorCardOut(many=True), **ERRORS(400, 429)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, **filters):
        self.search_filters = search_filters(self.request, filters)
        return search.with_cached_count(
            search.mentor_search(filters=self.search_filters, prefetch_tags=False), self.search_filters
        )

    def page_context(self, page, filters):
        return {
            "cards": search.card_context(
                mentors=page, viewer=self.request.user, currency=self.search_filters.currency
            )
        }


def search_filters(request, filters) -> search.MentorFilters:
    """The list's filters, with the viewer's zone and currency where the caller named none."""
    filters.setdefault("timezone", viewer_zone(request, None).key)
    filters.setdefault("currency", exchange.viewer_currency(request))
    return search.MentorFilters(**filters)


class MentorProximityView(ListView):
    serializer_class = s.MentorProximityCardOut
    permission_classes = [IsAuthenticated]
    filterset_class = filters.MentorProximityFilters

    @extend_schema(
        tags=MENTORS,
        summary="Mentors near a point, nearest first",
        description="Only mentors who share their location. `radius_km` is at most 200; every filter of "
        "GET /mentors applies too.",
        responses={200: s.MentorProximityCardOut(many=True), **ERRORS(400, 401, 429)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, *, lat, lng, radius_km, **filters):
        self.search_filters = search_filters(self.request, filters)
        return search.with_cached_count(
            search.mentor_proximity_search(
                filters=self.search_filters, lat=lat, lng=lng, radius_km=radius_km
            ),
            self.search_filters,
            scope=f"proximity {lat} {lng} {radius_km}",
        )

    def page_context(self, page, filters):
        return {
            "cards": search.card_context(
                mentors=page, viewer=self.request.user, currency=self.search_filters.currency
            )
        }


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
        profile_view_announce(mentor=mentor, viewer=request.user)
        now = timezone.now()
        context = {
            "cards": search.card_context(mentors=[mentor], viewer=request.user, now=now),
            "next_slots": selectors.slots_for_mentor(
                mentor=mentor, start=now, end=now + timedelta(days=DETAIL_SLOT_DAYS), now=now
            ),
        }
        return Response(s.MentorDetailOut(mentor, context=context).data)


class MentorReviewsView(PublicMixin, ListView):
    serializer_class = s.ReviewOut
    # The mentor's review `summary` next to `items` (API.md §2).
    pagination_class = PagePagination.with_keys(summary={"$ref": "#/components/schemas/ReviewsSummaryOut"})
    filterset_class = filters.ReviewFilters

    @extend_schema(
        tags=MENTORS,
        summary="A mentor's public reviews, with a summary",
        description="Learner→mentor reviews only, with the mentor's response. The summary counts every "
        "public review of the mentor, whatever the filters.",
        responses={200: s.ReviewOut(many=True), **ERRORS(400, 404, 429)},
    )
    def get(self, request, id: UUID):
        return super().get(request, id=id)

    def rows(self, **filters):
        _, reviews, self.summary = selectors.mentor_reviews(mentor_id=self.kwargs["id"], **filters)
        return reviews

    def extra(self, page, filters):
        return {"summary": s.ReviewsSummaryOut(self.summary).data}


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


class SlotListView(PublicMixin, ListView):
    serializer_class = s.SlotOut
    # The zone the local times are shown in, next to `items`.
    pagination_class = PagePagination.with_keys(timezone={"type": "string", "example": "Europe/Berlin"})
    filterset_class = filters.SlotFilters

    @extend_schema(
        tags=AVAILABILITY,
        summary="Bookable slots of a mentor",
        description="Times are UTC (`Z`); `start_local`/`end_local` show them in `timezone`, which also "
        "says how start_date and end_date are read. Availability itself is evaluated in the mentor's zone.",
        responses={200: s.SlotOut(many=True), **ERRORS(400, 404, 429)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, *, mentor_id, service_id=None, duration_minutes=None, **dates):
        zone = viewer_zone(self.request, dates.get("timezone"))
        first = dates.get("start_date") or timezone.now().astimezone(zone).date()
        last = dates.get("end_date") or first + timedelta(days=27)
        s.check_date_range({"start_date": first, "end_date": last})  # an end_date alone is checked here
        mentor, service, found = selectors.slot_list(
            mentor_id=mentor_id,
            service_id=service_id,
            duration_minutes=duration_minutes,
            start=datetime.combine(first, time.min, tzinfo=zone),
            end=datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
        )
        self.shown = {"zone": zone, "mentor": mentor, "service": service}
        return found

    def page_context(self, page, filters):
        return self.shown

    def extra(self, page, filters):
        return {"timezone": self.shown["zone"].key}


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
        calendar = selectors.mentor_calendar(
            mentor=selectors.mentor_bookable_get(mentor_id=id),
            month=month,
            viewer_timezone=zone.key,
            viewer=request.user,
        )
        return Response(s.CalendarOut(calendar).data)
