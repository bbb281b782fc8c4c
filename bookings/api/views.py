"""API views of API.md §3 (and issue 8's waitlists and calendar feed): each parses with an input
serializer, calls one service or selector, and renders an output serializer."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import selectors, services
from bookings.api import serializers as s
from core.errors import NotFound, ValidationFailed
from core.idempotency import idempotent
from core.pagination import PagePagination
from core.schema import ERRORS
from core.throttling import PaymentsRateThrottle, throttles
from payments import selectors as payment_selectors

BOOKINGS = ["bookings"]
SESSIONS = ["bookings: sessions"]
REVIEWS = ["reviews"]
CALENDARS = ["calendars"]
WAITLIST = ["waitlist"]

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Same key and body: the first response again. Same key, other body: 409.",
)


def parsed(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def context(request, **extra) -> dict:
    return {"user": request.user, "now": timezone.now(), **extra}


def detail(request, booking, **extra) -> dict:
    return s.BookingDetailOut(booking, context=context(request, **extra)).data


def fresh(request, booking_id) -> dict:
    """The booking as the caller sees it after a change (read again with everything joined)."""
    return detail(request, selectors.booking_get_for_user(user=request.user, booking_id=booking_id))


class BookingListCreateView(APIView):
    permission_classes = [IsAuthenticated]

    def get_throttles(self):
        if self.request.method == "POST":
            return [throttle() for throttle in throttles(PaymentsRateThrottle)]
        return super().get_throttles()

    @extend_schema(
        tags=BOOKINGS,
        summary="Your bookings, as learner and as mentor",
        parameters=[s.BookingListQueryIn, OpenApiParameter("page", int), OpenApiParameter("limit", int)],
        responses={200: s.BookingOut(many=True), **ERRORS(400, 401)},
    )
    def get(self, request):
        params = parsed(s.BookingListQueryIn, request.query_params.dict())
        bookings = selectors.booking_list_for_user(user=request.user, **params)
        paginator = PagePagination()
        page = paginator.paginate_queryset(bookings, request, view=self)
        return paginator.get_paginated_response(s.BookingOut(page, many=True, context=context(request)).data)

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


def created(request, booking, payment) -> Response:
    """201 with the booking and, for a card booking, its embedded payment (API.md §3)."""
    body = {
        "booking": fresh(request, booking.pk),
        "payment": s.CreatedPaymentOut(payment).data if payment is not None else None,
    }
    return Response(body, status=status.HTTP_201_CREATED)


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
        return Response(_closed(request, booking))


def _closed(request, booking) -> dict:
    booking = selectors.booking_get_for_user(user=request.user, booking_id=booking.pk)
    payment = selectors.payment_for(booking)
    refund = selectors.refund_summary(booking, payment=payment)
    return {
        "booking": detail(request, booking, payment=payment, refund=refund),
        "refund": s.RefundSummaryOut(refund).data if refund is not None else None,
    }


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
        return Response(_closed(request, booking))


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
        return Response(_closed(request, booking))


class BookingSessionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=SESSIONS,
        summary="The session record: times, participants, recording",
        responses={200: s.SessionOut, **ERRORS(401, 404)},
    )
    def get(self, request, id: UUID):
        booking = selectors.booking_get_for_user(user=request.user, booking_id=id)
        return Response(s.SessionOut(booking).data)


class BookingNotesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=SESSIONS,
        summary="Post-session notes you can see",
        description="Your own notes and the ones the other party shared.",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("limit", int)],
        responses={200: s.NoteOut(many=True), **ERRORS(401, 404)},
    )
    def get(self, request, id: UUID):
        booking = selectors.booking_get_for_party(user=request.user, booking_id=id)
        paginator = PagePagination()
        page = paginator.paginate_queryset(
            selectors.notes_visible(booking=booking, user=request.user), request
        )
        return paginator.get_paginated_response(s.NoteOut(page, many=True).data)

    @extend_schema(
        tags=SESSIONS,
        summary="Write a post-session note",
        request=s.NoteIn,
        responses={201: s.NoteOut, **ERRORS(400, 401, 404)},
    )
    def post(self, request, id: UUID):
        data = parsed(s.NoteIn, request.data)
        note = services.note_add(
            booking_id=id, user=request.user, text=data["notes"], is_public=data["is_public"]
        )
        return Response(s.NoteOut(note).data, status=status.HTTP_201_CREATED)


class RecordingShareView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=SESSIONS,
        summary="The mentor shares the session's recording with the learner",
        request=s.RecordingShareIn,
        responses={200: s.RecordingShareOut, **ERRORS(400, 401, 403, 404)},
    )
    def post(self, request, id: UUID):
        data = parsed(s.RecordingShareIn, request.data)
        recording = services.recording_share(booking_id=id, user=request.user, **data)
        return Response(s.RecordingShareOut(recording).data)


class RecordingView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=SESSIONS,
        summary="The shared recording",
        description="404 before the mentor shares it and after the share expires.",
        responses={200: s.RecordingOut, **ERRORS(401, 404)},
    )
    def get(self, request, id: UUID):
        booking = selectors.booking_get_for_party(user=request.user, booking_id=id)
        return Response(s.RecordingOut(selectors.recording_shared(booking=booking)).data)


class BookingReceiptView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=BOOKINGS,
        summary="The receipt of a card-paid booking",
        description="Lines: price, platform fee (included), refunds. 404 until the payment succeeded, and "
        "for bookings paid with credits or a package (see the credit ledger and your packages).",
        responses={200: s.ReceiptOut, **ERRORS(401, 404)},
    )
    def get(self, request, id: UUID):
        booking = selectors.booking_get_for_user(user=request.user, booking_id=id)
        payment = selectors.payment_for(booking)
        if payment is None or not payment.receipt_number:
            raise NotFound("This booking has no card receipt.")
        if request.user.pk == booking.mentor.user_id and not request.user.is_staff:
            raise NotFound("The receipt belongs to the learner who paid.")
        receipt = payment_selectors.receipt_for(payment=payment)
        body = {
            **receipt,
            "lines": [{**line, "amount": str(line["amount"])} for line in receipt["lines"]],
            "invoice_url": request.build_absolute_uri(reverse("payments:receipt", args=[payment.pk])),
            "pdf_url": request.build_absolute_uri(reverse("payments:receipt-pdf", args=[payment.pk])),
        }
        return Response(s.ReceiptOut(body).data)


class BookingReviewView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=REVIEWS,
        summary="Review a completed session",
        description="Once per reviewer per booking, within 30 days of completion. A learner's review is "
        "public and counts toward the mentor's rating; `skills_learned` join the learner's skills. A "
        "mentor's review of the learner is seen only by that learner and staff.",
        request=s.ReviewIn,
        responses={201: s.ReviewCreatedOut, **ERRORS(400, 401, 404, 409)},
    )
    def post(self, request, id: UUID):
        data = parsed(s.ReviewIn, request.data)
        review = services.review_create(
            booking_id=id,
            user=request.user,
            rating=data["rating"],
            text=data["text"],
            aspects=data.get("aspects"),
            skills_learned=data.get("skills_learned"),
        )
        return Response(s.ReviewCreatedOut(review).data, status=status.HTTP_201_CREATED)


class ReviewRespondView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=REVIEWS,
        summary="The reviewed mentor answers a review, once",
        request=s.RespondIn,
        responses={200: s.ReviewRespondedOut, **ERRORS(400, 401, 403, 404, 409)},
    )
    def post(self, request, id: UUID):
        data = parsed(s.RespondIn, request.data)
        review = services.review_respond(review_id=id, user=request.user, response=data["response"])
        return Response(s.ReviewRespondedOut(review).data)


# --- calendars ------------------------------------------------------------------------------------


class BookingIcsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=CALENDARS,
        summary="The booking as an iCalendar (.ics) file",
        responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS(401, 404)},
    )
    def get(self, request, id: UUID):
        booking = selectors.booking_get_for_party(user=request.user, booking_id=id)
        response = HttpResponse(
            services.booking_ics(booking=booking, viewer=request.user), content_type="text/calendar"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="mentora-session-{booking.start_at:%Y%m%d-%H%M}.ics"'
        )
        return response


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


# --- waitlists ------------------------------------------------------------------------------------


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


class MyWaitlistView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=WAITLIST,
        summary="What you are waiting for",
        parameters=[
            OpenApiParameter(
                "status", str, description="waiting (default), booked, cancelled, expired or all"
            ),
            OpenApiParameter("page", int),
            OpenApiParameter("limit", int),
        ],
        responses={200: s.WaitlistEntryOut(many=True), **ERRORS(400, 401)},
    )
    def get(self, request):
        wanted = request.query_params.get("status") or "waiting"
        if wanted not in ("waiting", "booked", "cancelled", "expired", "all"):
            raise ValidationFailed.for_field("status", "Use waiting, booked, cancelled, expired or all.")
        entries = selectors.waitlist_for(user=request.user, status=None if wanted == "all" else wanted)
        paginator = PagePagination()
        page = paginator.paginate_queryset(entries, request)
        return paginator.get_paginated_response(s.WaitlistEntryOut(page, many=True).data)


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


class OfferListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=WAITLIST,
        summary="Offers made to you",
        parameters=[
            OpenApiParameter("status", str, description="open, accepted, declined, expired, withdrawn"),
            OpenApiParameter("page", int),
            OpenApiParameter("limit", int),
        ],
        responses={200: s.OfferOut(many=True), **ERRORS(400, 401)},
    )
    def get(self, request):
        wanted = request.query_params.get("status") or None
        if wanted and wanted not in ("open", "accepted", "declined", "expired", "withdrawn"):
            raise ValidationFailed.for_field("status", "Use open, accepted, declined, expired or withdrawn.")
        paginator = PagePagination()
        page = paginator.paginate_queryset(selectors.offers_for(user=request.user, status=wanted), request)
        return paginator.get_paginated_response(s.OfferOut(page, many=True).data)


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
