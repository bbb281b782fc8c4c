"""Shapes of the session routes of API.md §3: join, complete, no-show, the record, notes, recordings, the receipt, reviews, the calendar feed."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bookings import selectors
from bookings.api.serializers.bookings import CancelOut
from bookings.api.serializers.common import (
    PersonOut,
    ReviewBriefOut,
)
from bookings.models import ASPECTS
from core.money import MoneyOut


class JoinOut(serializers.Serializer):
    booking_id = serializers.UUIDField()
    can_join = serializers.BooleanField()
    room_url = serializers.CharField(allow_null=True)
    meeting_token = serializers.CharField(allow_null=True, help_text="Null when the room needs none")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    opens_at = serializers.DateTimeField()
    time_until_start_minutes = serializers.IntegerField()


class CompleteIn(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class NoShowIn(serializers.Serializer):
    party = serializers.ChoiceField(choices=["learner", "mentor"])


class NoShowOut(CancelOut):
    pass


class SessionParticipantOut(serializers.Serializer):
    user = PersonOut()
    joined_at = serializers.DateTimeField()
    left_at = serializers.DateTimeField(allow_null=True)


class RecordingBriefOut(serializers.Serializer):
    duration = serializers.IntegerField(source="duration_seconds", help_text="Seconds")
    expires_at = serializers.DateTimeField(source="share_expires_at", allow_null=True)


class SessionOut(serializers.Serializer):
    booking_id = serializers.UUIDField(source="pk")
    status = serializers.CharField()
    scheduled_start = serializers.DateTimeField(source="start_at")
    scheduled_end = serializers.DateTimeField(source="end_at")
    actual_start = serializers.DateTimeField(source="started_at", allow_null=True)
    actual_end = serializers.DateTimeField(source="ended_at", allow_null=True)
    duration_minutes = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()
    screenshare_used = serializers.BooleanField()
    has_recording = serializers.SerializerMethodField()
    recording = serializers.SerializerMethodField()

    def get_duration_minutes(self, booking) -> int | None:
        if booking.started_at and booking.ended_at:
            return int((booking.ended_at - booking.started_at).total_seconds() // 60)
        return None

    @extend_schema_field(SessionParticipantOut(many=True))
    def get_participants(self, booking) -> list:
        return SessionParticipantOut(selectors.participants_of(booking), many=True).data

    def get_has_recording(self, booking) -> bool:
        return hasattr(booking, "recording")

    @extend_schema_field(RecordingBriefOut(allow_null=True))
    def get_recording(self, booking) -> dict | None:
        return RecordingBriefOut(booking.recording).data if hasattr(booking, "recording") else None


class NoteIn(serializers.Serializer):
    notes = serializers.CharField(max_length=10000)
    is_public = serializers.BooleanField(required=False, default=False)


class NoteOut(serializers.Serializer):
    id = serializers.UUIDField()
    booking_id = serializers.UUIDField()
    author = PersonOut()
    notes = serializers.CharField(source="text")
    is_public = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class RecordingShareIn(serializers.Serializer):
    expiry_days = serializers.IntegerField(required=False, min_value=1, max_value=365, default=7)
    downloadable = serializers.BooleanField(required=False, default=False)
    include_transcript = serializers.BooleanField(required=False, default=False)


class RecordingShareOut(serializers.Serializer):
    recording_url = serializers.CharField(source="url")
    expires_at = serializers.DateTimeField(source="share_expires_at")
    downloadable = serializers.BooleanField()
    include_transcript = serializers.BooleanField()


class RecordingOut(serializers.Serializer):
    url = serializers.CharField()
    expires_at = serializers.DateTimeField(source="share_expires_at")
    downloadable = serializers.BooleanField()
    duration = serializers.IntegerField(source="duration_seconds")
    transcript_url = serializers.SerializerMethodField()

    def get_transcript_url(self, recording) -> str | None:
        return recording.transcript_url if recording.include_transcript and recording.transcript_url else None


class ReceiptLineOut(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    amount = MoneyOut()


class ReceiptOut(serializers.Serializer):
    receipt_number = serializers.CharField()
    paid_at = serializers.DateTimeField()
    currency = serializers.CharField()
    lines = ReceiptLineOut(many=True)
    total_paid = MoneyOut()
    total_refunded = MoneyOut()
    net = MoneyOut()
    invoice_url = serializers.CharField()
    pdf_url = serializers.CharField()


class ReviewIn(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    aspects = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5), required=False, help_text=", ".join(ASPECTS)
    )
    skills_learned = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=10
    )


class ReviewCreatedOut(serializers.Serializer):
    id = serializers.UUIDField()
    booking_id = serializers.UUIDField()
    rating = serializers.IntegerField()
    direction = serializers.CharField()
    created_at = serializers.DateTimeField()


class RespondIn(serializers.Serializer):
    response = serializers.CharField(max_length=5000)


class ReviewRespondedOut(ReviewBriefOut):
    booking_id = serializers.UUIDField()


class CalendarFeedOut(serializers.Serializer):
    url = serializers.CharField(help_text="Subscribe to this URL from Google, Apple or Outlook calendar")
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
