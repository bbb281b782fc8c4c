"""API.md §3: creating, listing, reading and changing bookings (confirm, decline, cancel,
reschedule, join, complete, no-shows)."""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import selectors, services
from bookings.api import filters
from bookings.api import serializers as s
from bookings.api.views._common import (
    BOOKINGS,
    IDEMPOTENCY_HEADER,
    SESSIONS,
    closed_response,
    context,
    created,
    fresh,
    parsed,
)
from core.api import ListView
from core.idempotency import idempotent
from core.schema import ERRORS
from core.throttling import PaymentsRateThrottle, throttles


class BookingListCreateView(ListView):
    permission_classes = [IsAuthenticated]
    serializer_class = s.BookingOut
    filterset_class = filters.BookingFilters

    def get_throttles(self):
        if self.request.method == "POST":
            return [throttle() for throttle in throttles(PaymentsRateThrottle)]
        return super().get_throttles()

    @extend_schema(
        tags=BOOKINGS,
        summary="Your bookings, as learner and as mentor",
        responses={200: s.BookingOut(many=True), **ERRORS(400, 401)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, **filters):
        return selectors.booking_list_for_user(user=self.request.user, **filters)

    def page_context(self, page, filters):
        return context(self.request)

    @extend_schema(
        tags=BOOKINGS,
        summary="Book a mentor's free time",
        description="By `slot_id`, or `start_at` + `duration_minutes`. Card: the time is held for 15 "
        "minutes and the payment is embedded (pay with its client_secret or checkout_url, or pass "
        "`card`). Credits and package sessions are taken at once (402 when short). Free sessions skip "
        "payment. 409 SLOT_NOT_AVAILABLE when the time is taken, outside the notice/advance limits, or "
        "overlaps another live booking of the mentor or yours.",
        parameters=[IDEMPOTENCY_HEADER],
        request=s.BookingCreateIn,
        responses={201: s.BookingCreatedOut, **ERRORS(400, 401, 402, 404, 409, 429, 503)},
    )
    @idempotent
    def post(self, request):
        data = parsed(s.BookingCreateIn, request.data)
        booking, payment = services.booking_create(
            learner=request.user,
            mentor_id=data.get("mentor_id"),
            slot_id=data.get("slot_id"),
            start_at=data.get("start_at"),
            duration_minutes=data.get("duration_minutes"),
            timezone_name=data.get("timezone"),
            service_id=data.get("service_id"),
            subject_id=data.get("subject_id"),
            category_id=data.get("category_id"),
            opportunity_id=data.get("opportunity_id"),
            topic=data.get("topic") or data.get("title") or "",
            learner_notes=data.get("learner_notes") or data.get("description") or "",
            lesson_type=data["lesson_type"],
            payment_method=data["payment_method"],
            package_purchase_id=data.get("package_purchase_id"),
            card=data.get("card") or None,
            offer_id=data.get("offer_id"),
            request=request,
        )
        return created(request, booking, payment)


class BookingDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=BOOKINGS,
        summary="One booking, in full",
        responses={200: s.BookingDetailOut, **ERRORS(401, 404)},
    )
    def get(self, request, id: UUID):
        return Response(fresh(request, id))

    @extend_schema(
        tags=BOOKINGS,
        summary="Edit the pre-session details",
        description="`topic` (either party), `learner_notes` (the learner), `mentor_notes` (the mentor).",
        request=s.BookingPatchIn,
        responses={200: s.BookingDetailOut, **ERRORS(400, 401, 403, 404)},
    )
    def patch(self, request, id: UUID):
        changes = parsed(s.BookingPatchIn, request.data)
        services.booking_update(booking_id=id, user=request.user, request=request, **changes)
        return Response(fresh(request, id))


class BookingConfirmView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=BOOKINGS,
        summary="The mentor confirms a pending request",
        request=None,
        responses={200: s.BookingDetailOut, **ERRORS(401, 403, 404, 409)},
    )
    def post(self, request, id: UUID):
        services.booking_confirm(booking_id=id, user=request.user, request=request)
        return Response(fresh(request, id))


class BookingDeclineView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=BOOKINGS,
        summary="The mentor declines a pending request (full refund)",
        request=s.ReasonIn,
        responses={200: s.DeclineOut, **ERRORS(400, 401, 403, 404, 409)},
    )
    def post(self, request, id: UUID):
        data = parsed(s.ReasonIn, request.data)
        booking, _ = services.booking_decline(
            booking_id=id, user=request.user, reason=data["reason"], request=request
        )
        return Response(closed_response(request, booking))


class BookingCancelView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=BOOKINGS,
        summary="Cancel a booking that has not started",
        description="A learner cancelling at least `cancellation_deadline_hours` before the start gets a "
        "full refund (card refunded, credits back, package session restored); later, none. A mentor's "
        "cancellation always refunds in full. Started or finished sessions: 409.",
        request=s.CancelIn,
        responses={200: s.CancelOut, **ERRORS(400, 401, 404, 409)},
    )
    def post(self, request, id: UUID):
        data = parsed(s.CancelIn, request.data)
        booking, _ = services.booking_cancel(
            booking_id=id,
            user=request.user,
            reason=data["reason"],
            request_refund=data["request_refund"],
            request=request,
        )
        return Response(closed_response(request, booking))


class BookingRescheduleView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=BOOKINGS,
        summary="Move a booking to another time",
        description="Same id, price and payment, a new room. The learner can move it until the "
        "cancellation deadline, the mentor until the start; the new time passes a new booking's checks.",
        request=s.RescheduleIn,
        responses={200: s.BookingDetailOut, **ERRORS(400, 401, 404, 409)},
    )
    def post(self, request, id: UUID):
        data = parsed(s.RescheduleIn, request.data)
        services.booking_reschedule(
            booking_id=id,
            user=request.user,
            slot_id=data.get("slot_id"),
            new_start_at=data.get("new_start_at"),
            reason=data["reason"],
            request=request,
        )
        return Response(fresh(request, id))


class BookingJoinView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=SESSIONS,
        summary="Join the session's video room",
        description="Inside the window (10 minutes before the start to the scheduled end) returns the "
        "room link and a meeting token; outside it `can_join` is false and no link is given. The first "
        "join moves a confirmed booking to in_progress and emits session.started.",
        request=None,
        responses={200: s.JoinOut, **ERRORS(401, 403, 404, 409)},
    )
    def post(self, request, id: UUID):
        return Response(s.JoinOut(services.booking_join(booking_id=id, user=request.user)).data)


class BookingCompleteView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=SESSIONS,
        summary="Mark a started session completed",
        request=s.CompleteIn,
        responses={200: s.BookingDetailOut, **ERRORS(400, 401, 404, 409)},
    )
    def post(self, request, id: UUID):
        data = parsed(s.CompleteIn, request.data)
        services.booking_complete(booking_id=id, user=request.user, summary=data["summary"], request=request)
        return Response(fresh(request, id))


class BookingNoShowView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=SESSIONS,
        summary="Mark a no-show",
        description="`party=learner`: the booking's mentor, from 15 minutes after the start, if the learner "
        "never joined (the mentor is still paid). `party=mentor`: staff only; the learner is refunded.",
        request=s.NoShowIn,
        responses={200: s.NoShowOut, **ERRORS(400, 401, 403, 404, 409)},
    )
    def post(self, request, id: UUID):
        data = parsed(s.NoShowIn, request.data)
        booking, _ = services.booking_mark_no_show(
            booking_id=id, user=request.user, absent=data["party"], request=request
        )
        return Response(closed_response(request, booking))
