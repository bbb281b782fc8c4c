"""Issue 8: waiting for a mentor's time, and the offers it brings."""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import selectors, services
from bookings.api import filters
from bookings.api import serializers as s
from bookings.api.views._common import (
    IDEMPOTENCY_HEADER,
    WAITLIST,
    created,
    parsed,
)
from core.api import ListView
from core.idempotency import idempotent
from core.schema import ERRORS
from core.throttling import PaymentsRateThrottle, throttles


class MentorWaitlistView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=WAITLIST,
        summary="Wait for a mentor's time",
        description="A date range, an optional time of day (in `timezone`, default yours) and a length. "
        "When matching time frees up, the first waiting learner it fits gets an offer held for 30 minutes.",
        request=s.WaitlistJoinIn,
        responses={201: s.WaitlistEntryOut, **ERRORS(400, 401, 404, 409)},
    )
    def post(self, request, id: UUID):
        data = parsed(s.WaitlistJoinIn, request.data)
        entry = services.waitlist_join(
            learner=request.user,
            mentor_id=id,
            start_date=data["start_date"],
            end_date=data["end_date"],
            time_from=data.get("time_from"),
            time_to=data.get("time_to"),
            timezone_name=data.get("timezone"),
            duration_minutes=data.get("duration_minutes"),
            service_id=data.get("service_id"),
            note=data["note"],
        )
        entry = selectors.waitlist_for(user=request.user, status=None).get(pk=entry.pk)
        return Response(s.WaitlistEntryOut(entry).data, status=status.HTTP_201_CREATED)


class MyWaitlistView(ListView):
    permission_classes = [IsAuthenticated]
    serializer_class = s.WaitlistEntryOut
    filterset_class = filters.WaitlistFilters

    @extend_schema(
        tags=WAITLIST,
        summary="What you are waiting for",
        responses={200: s.WaitlistEntryOut(many=True), **ERRORS(400, 401)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, status="waiting"):
        return selectors.waitlist_for(user=self.request.user, status=None if status == "all" else status)


class WaitlistEntryView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=WAITLIST,
        summary="Stop waiting",
        description="An open offer of this entry is withdrawn and its time passes to the next learner.",
        request=None,
        responses={204: None, **ERRORS(401, 404, 409)},
    )
    def delete(self, request, id: UUID):
        services.waitlist_leave(learner=request.user, entry_id=id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OfferListView(ListView):
    permission_classes = [IsAuthenticated]
    serializer_class = s.OfferOut
    filterset_class = filters.OfferFilters

    @extend_schema(
        tags=WAITLIST,
        summary="Offers made to you",
        responses={200: s.OfferOut(many=True), **ERRORS(400, 401)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, **filters):
        return selectors.offers_for(user=self.request.user, **filters)


class OfferDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=WAITLIST, summary="One offer", responses={200: s.OfferOut, **ERRORS(401, 404)})
    def get(self, request, id: UUID):
        return Response(s.OfferOut(selectors.offer_get(user=request.user, offer_id=id)).data)


class OfferAcceptView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = throttles(PaymentsRateThrottle)

    @extend_schema(
        tags=WAITLIST,
        summary="Accept an offer: book the held time",
        description="Books it through POST /bookings' rules and payment (a card booking embeds its payment).",
        parameters=[IDEMPOTENCY_HEADER],
        request=s.OfferAcceptIn,
        responses={201: s.BookingCreatedOut, **ERRORS(400, 401, 402, 404, 409, 429, 503)},
    )
    @idempotent
    def post(self, request, id: UUID):
        data = parsed(s.OfferAcceptIn, request.data)
        booking, payment = services.offer_accept(
            learner=request.user,
            offer_id=id,
            payment_method=data["payment_method"],
            package_purchase_id=data.get("package_purchase_id"),
            topic=data["topic"],
            learner_notes=data["learner_notes"],
            card=data.get("card") or None,
            request=request,
        )
        return created(request, booking, payment)


class OfferDeclineView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=WAITLIST,
        summary="Decline an offer: the time passes to the next learner",
        request=None,
        responses={200: s.OfferOut, **ERRORS(401, 404, 409)},
    )
    def post(self, request, id: UUID):
        offer = services.offer_decline(learner=request.user, offer_id=id)
        return Response(s.OfferOut(selectors.offer_get(user=request.user, offer_id=offer.pk)).data)
