"""/mentors/me/calendar-feeds: the mentor's external busy calendars.

Only the owner's own feeds: another mentor's feed id is a 404, and so is the whole route for a
learner without a mentor profile. Adding and refreshing read the feed while the request waits
(at most CALENDAR_FEEDS_TIMEOUT seconds), outside any transaction.
"""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from core.api import ListView
from core.schema import ERRORS
from mentors import selectors, services
from mentors.api import serializers as s
from mentors.api.views.common import AVAILABILITY, MentorOwnView, parsed


class CalendarFeedListView(MentorOwnView, ListView):
    serializer_class = s.ExternalCalendarFeedOut

    @extend_schema(
        tags=AVAILABILITY,
        summary="Your external calendars",
        description="Each feed with its last sync and error. URLs show their scheme and host only.",
        responses={200: s.ExternalCalendarFeedOut(many=True), **ERRORS(400, 401, 404, 429)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self):
        return selectors.calendar_feeds_for_owner(mentor=self.own_profile())

    @extend_schema(
        tags=AVAILABILITY,
        summary="Add an external calendar whose events block your slots",
        description="The feed is read once right away; if that fails, the feed is still added and "
        "`last_error` says why. 400 (on `url`) for an address that is not http(s) or does not lead to "
        "the public internet; 409 for a calendar already added or past the limit per mentor.",
        request=s.ExternalCalendarFeedIn,
        responses={201: s.ExternalCalendarFeedOut, **ERRORS(400, 401, 404, 409, 429)},
    )
    def post(self, request):
        feed = services.calendar_feed_add(
            mentor=self.own_profile(), refresh=True, **parsed(s.ExternalCalendarFeedIn, request.data)
        )
        return Response(s.ExternalCalendarFeedOut(feed).data, status=status.HTTP_201_CREATED)


class CalendarFeedDetailView(MentorOwnView):
    @extend_schema(
        tags=AVAILABILITY,
        summary="Remove an external calendar",
        description="Its busy times stop blocking your slots at once.",
        request=None,
        responses={204: None, **ERRORS(401, 404, 429)},
    )
    def delete(self, request, id: UUID):
        services.calendar_feed_remove(mentor=self.own_profile(), feed_id=id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CalendarFeedRefreshView(MentorOwnView):
    @extend_schema(
        tags=AVAILABILITY,
        summary="Read an external calendar again now",
        description="Returns the feed; a failed read is not an error of this call: see `last_error`.",
        request=None,
        responses={200: s.ExternalCalendarFeedOut, **ERRORS(401, 404, 429)},
    )
    def post(self, request, id: UUID):
        feed = selectors.calendar_feed_get_for_owner(mentor=self.own_profile(), feed_id=id)
        feed = services.calendar_feed_refresh(feed_id=feed.pk) or feed
        return Response(s.ExternalCalendarFeedOut(feed).data)
