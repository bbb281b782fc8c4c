"""Shapes of issue 8's waitlist routes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bookings.api.serializers.common import (
    PAY_WITH,
    BookingMentorOut,
    ServiceRefOut,
)
from core.schema import LocalTimeField
from mentors.api.serializers import DURATION_CHOICES

# --- waitlists ------------------------------------------------------------------------------------


class WaitlistJoinIn(serializers.Serializer):
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    time_from = LocalTimeField(required=False, allow_null=True, help_text="HH:MM in `timezone`")
    time_to = LocalTimeField(required=False, allow_null=True)
    timezone = serializers.CharField(required=False, max_length=64)
    duration_minutes = serializers.ChoiceField(choices=DURATION_CHOICES, required=False)
    service_id = serializers.UUIDField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class OfferOut(serializers.Serializer):
    id = serializers.UUIDField()
    entry_id = serializers.UUIDField()
    mentor = BookingMentorOut()
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField()
    status = serializers.CharField()
    expires_at = serializers.DateTimeField()
    booking_id = serializers.UUIDField(allow_null=True)
    created_at = serializers.DateTimeField()


class OfferBriefOut(serializers.Serializer):
    id = serializers.UUIDField()
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class WaitlistEntryOut(serializers.Serializer):
    id = serializers.UUIDField()
    mentor = BookingMentorOut()
    service = ServiceRefOut(allow_null=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    time_from = LocalTimeField(allow_null=True)
    time_to = LocalTimeField(allow_null=True)
    timezone = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    note = serializers.CharField()
    status = serializers.CharField()
    open_offer = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(OfferBriefOut(allow_null=True))
    def get_open_offer(self, entry) -> dict | None:
        offers = getattr(entry, "open_offers", None)
        if offers is None:
            offers = list(entry.offers.filter(status="open"))
        return OfferBriefOut(offers[0]).data if offers else None


class OfferAcceptIn(serializers.Serializer):
    payment_method = serializers.ChoiceField(choices=PAY_WITH, required=False, default="card")
    package_purchase_id = serializers.UUIDField(required=False, allow_null=True)
    topic = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    learner_notes = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    card = serializers.CharField(required=False, allow_blank=True, max_length=255)
