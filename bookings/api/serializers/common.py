"""Pieces the bookings API's shapes share (people, money, meetings, refunds), and PAY_WITH."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from rest_framework import serializers

from core.money import MoneyOut
from payments.api.serializers import EmbeddedPaymentOut

# How a learner may ask to pay (a free session needs none of them).
PAY_WITH = ["card", "credits", "package"]


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


# --- pieces ---------------------------------------------------------------------------------------


class PersonOut(serializers.Serializer):
    id = serializers.UUIDField()
    full_name = serializers.CharField(source="display_name")
    avatar_url = serializers.CharField()


class BookingMentorOut(serializers.Serializer):
    id = serializers.UUIDField(help_text="The mentor profile's id")
    user_id = serializers.UUIDField()
    full_name = serializers.CharField(source="user.display_name")
    avatar_url = serializers.CharField(source="user.avatar_url")


class NamedRefOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class ServiceRefOut(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()


class MeetingBriefOut(serializers.Serializer):
    room_url = serializers.CharField(
        allow_null=True, help_text="Only inside the join window, to the two participants"
    )
    can_join = serializers.BooleanField()
    opens_at = serializers.DateTimeField()


class MeetingOut(MeetingBriefOut):
    provider = serializers.CharField(allow_null=True)
    external_id = serializers.CharField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)


class RefundSummaryOut(serializers.Serializer):
    id = serializers.CharField(allow_null=True)
    amount = MoneyOut(allow_null=True)
    credits = serializers.IntegerField(allow_null=True, help_text="Credits given back (credit-paid bookings)")
    status = serializers.CharField(
        help_text="refund_pending, succeeded, refunded (credits), session_restored (package), none, nothing_paid"
    )
    policy = serializers.ChoiceField(choices=["full", "none"])


class CancellationOut(serializers.Serializer):
    by = serializers.CharField(help_text="learner, mentor, staff or system")
    by_user_id = serializers.UUIDField(allow_null=True)
    reason = serializers.CharField()
    at = serializers.DateTimeField()
    refund = RefundSummaryOut(allow_null=True)


class BookingPaymentOut(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    amount = MoneyOut()
    platform_fee = MoneyOut()
    mentor_payout = MoneyOut()
    paid_at = serializers.DateTimeField(allow_null=True)
    receipt_url = serializers.SerializerMethodField()

    def get_receipt_url(self, payment) -> str | None:
        return _absolute(reverse("payments:receipt", args=[payment.pk])) if payment.receipt_number else None


class CreatedPaymentOut(EmbeddedPaymentOut):
    """The card payment embedded in POST /bookings (API.md §3)."""

    platform_fee = MoneyOut()
    mentor_payout = MoneyOut()


class ReviewBriefOut(serializers.Serializer):
    id = serializers.UUIDField()
    direction = serializers.CharField()
    reviewer = PersonOut()
    rating = serializers.IntegerField()
    text = serializers.CharField()
    aspects = serializers.DictField(child=serializers.IntegerField())
    skills_learned = serializers.ListField(child=serializers.CharField())
    mentor_response = serializers.SerializerMethodField()
    responded_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_mentor_response(self, review) -> str | None:
        return review.mentor_response or None


class NextStepsOut(serializers.Serializer):
    """What the caller may do now, and what a cancellation would mean for the money."""

    confirm = serializers.BooleanField()
    decline = serializers.BooleanField()
    cancel = serializers.BooleanField()
    reschedule = serializers.BooleanField()
    join = serializers.BooleanField()
    complete = serializers.BooleanField()
    mark_no_show = serializers.BooleanField()
    review = serializers.BooleanField()
    refund_if_cancelled_now = serializers.CharField(allow_null=True, help_text="full or none")
    cancellation_deadline = serializers.DateTimeField(allow_null=True)
