"""API.md §3: the session record, post-session notes, recordings, the receipt, reviews."""

from __future__ import annotations

from uuid import UUID

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bookings import selectors, services
from bookings.api import serializers as s
from bookings.api.views._common import (
    BOOKINGS,
    REVIEWS,
    SESSIONS,
    parsed,
)
from core.api import ListView
from core.errors import NotFound
from core.schema import ERRORS
from payments import selectors as payment_selectors


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


class BookingNotesView(ListView):
    permission_classes = [IsAuthenticated]
    serializer_class = s.NoteOut

    @extend_schema(
        tags=SESSIONS,
        summary="Post-session notes you can see",
        description="Your own notes and the ones the other party shared.",
        responses={200: s.NoteOut(many=True), **ERRORS(400, 401, 404)},
    )
    def get(self, request, id: UUID):
        return super().get(request, id=id)

    def rows(self):
        booking = selectors.booking_get_for_party(user=self.request.user, booking_id=self.kwargs["id"])
        return selectors.notes_visible(booking=booking, user=self.request.user)

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
