"""Shapes of the bookings routes of API.md §3: the booking in a list and in full, create, filters, changes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bookings import selectors
from bookings.api.serializers.common import (
    PAY_WITH,
    BookingMentorOut,
    BookingPaymentOut,
    CancellationOut,
    CreatedPaymentOut,
    MeetingBriefOut,
    MeetingOut,
    NamedRefOut,
    NextStepsOut,
    PersonOut,
    RefundSummaryOut,
    ReviewBriefOut,
    ServiceRefOut,
)
from bookings.models import BookingStatus, LessonType, Party, PaymentMethod
from bookings.policy import can_join, join_window
from core.money import MoneyOut
from mentors.api.serializers import DURATION_CHOICES

# --- bookings -------------------------------------------------------------------------------------


class BookingOut(serializers.Serializer):
    """A row of GET /bookings (API.md §3)."""

    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=BookingStatus.choices)
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField()
    timezone = serializers.CharField(help_text="The zone the learner booked in")
    topic = serializers.CharField()
    lesson_type = serializers.ChoiceField(choices=LessonType.choices)
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices)
    mentor = BookingMentorOut()
    learner = PersonOut()
    price = MoneyOut()
    credit_price = serializers.IntegerField()
    role = serializers.SerializerMethodField()
    meeting = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def _user(self):
        return self.context["user"]

    def get_role(self, booking) -> str:
        return booking.party_of(self._user()) or Party.STAFF

    def _joinable(self, booking) -> bool:
        return booking.party_of(self._user()) is not None and can_join(booking, now=self.context["now"])

    @extend_schema_field(MeetingBriefOut)
    def get_meeting(self, booking) -> dict:
        joinable = self._joinable(booking)
        return {
            "room_url": (booking.meeting_room_url or None) if joinable else None,
            "can_join": joinable,
            "opens_at": join_window(booking)[0],
        }


class BookingDetailOut(BookingOut):
    service = ServiceRefOut(allow_null=True)
    subject = NamedRefOut(allow_null=True)
    category = NamedRefOut(allow_null=True)
    opportunity_id = serializers.UUIDField(allow_null=True)
    learner_notes = serializers.CharField()
    mentor_notes = serializers.SerializerMethodField()
    summary = serializers.CharField()
    package_purchase_id = serializers.UUIDField(allow_null=True)
    payment_due_at = serializers.DateTimeField(allow_null=True)
    confirm_by = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    decline_reason = serializers.CharField()
    reschedule_count = serializers.IntegerField()
    payment = serializers.SerializerMethodField()
    # API.md §3's cancel response names these on the booking itself; `cancellation` has the rest.
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancelled_by = serializers.SerializerMethodField()
    cancellation = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()
    has_recording = serializers.SerializerMethodField()
    next_steps = serializers.SerializerMethodField()

    def get_mentor_notes(self, booking) -> str | None:
        user = self._user()
        return booking.mentor_notes if user.pk == booking.mentor.user_id or user.is_staff else None

    @extend_schema_field(MeetingOut)
    def get_meeting(self, booking) -> dict:
        brief = super().get_meeting(booking)
        return {
            **brief,
            "provider": booking.meeting_provider or None,
            "external_id": (booking.meeting_external_id or None) if brief["can_join"] else None,
            "started_at": booking.started_at,
            "ended_at": booking.ended_at,
        }

    def _payment(self, booking):
        if "payment" not in self.context:
            self.context["payment"] = (
                selectors.payment_for(booking) if booking.payment_method == PaymentMethod.CARD else None
            )
        return self.context["payment"]

    @extend_schema_field(BookingPaymentOut(allow_null=True))
    def get_payment(self, booking) -> dict | None:
        payment = self._payment(booking)
        return BookingPaymentOut(payment).data if payment is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="learner, mentor, staff or system"))
    def get_cancelled_by(self, booking) -> str | None:
        return booking.cancelled_by_party or None

    @extend_schema_field(CancellationOut(allow_null=True))
    def get_cancellation(self, booking) -> dict | None:
        if booking.status != BookingStatus.CANCELLED:
            return None
        # The cancel response has read it already; the detail reads it here.
        if "refund" in self.context:
            refund = self.context["refund"]
        else:
            refund = selectors.refund_summary(booking, payment=self._payment(booking))
        return CancellationOut(
            {
                "by": booking.cancelled_by_party,
                "by_user_id": booking.cancelled_by_id,
                "reason": booking.cancellation_reason,
                "at": booking.cancelled_at,
                "refund": refund,
            }
        ).data

    @extend_schema_field(ReviewBriefOut(many=True))
    def get_reviews(self, booking) -> list:
        return ReviewBriefOut(selectors.reviews_visible(booking=booking, user=self._user()), many=True).data

    def get_has_recording(self, booking) -> bool:
        return hasattr(booking, "recording")

    @extend_schema_field(NextStepsOut)
    def get_next_steps(self, booking) -> dict:
        return NextStepsOut(selectors.next_steps(booking, user=self._user(), now=self.context["now"])).data


class BookingCreateIn(serializers.Serializer):
    mentor_id = serializers.UUIDField(required=False, help_text="Required with start_at; implied by slot_id")
    slot_id = serializers.CharField(required=False, max_length=200, help_text="An id from GET /slots")
    start_at = serializers.DateTimeField(
        required=False, help_text="With duration_minutes, instead of slot_id"
    )
    duration_minutes = serializers.ChoiceField(choices=DURATION_CHOICES, required=False)
    timezone = serializers.CharField(required=False, max_length=64, help_text="IANA zone; default: yours")
    service_id = serializers.UUIDField(required=False, allow_null=True)
    subject_id = serializers.UUIDField(required=False, allow_null=True)
    category_id = serializers.UUIDField(required=False, allow_null=True)
    opportunity_id = serializers.UUIDField(required=False, allow_null=True)
    topic = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    title = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="X's name for topic"
    )
    learner_notes = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, help_text="X's name for learner_notes"
    )
    lesson_type = serializers.ChoiceField(
        choices=LessonType.choices, required=False, default=LessonType.ONLINE
    )
    payment_method = serializers.ChoiceField(choices=PAY_WITH, required=False, default="card")
    package_purchase_id = serializers.UUIDField(required=False, allow_null=True)
    card = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=255,
        help_text="A Stripe PaymentMethod id (e.g. pm_card_visa) to charge at once; "
        "without it, pay with the embedded payment's client_secret or checkout_url",
    )
    offer_id = serializers.UUIDField(
        required=False, allow_null=True, help_text="A waitlist offer being accepted"
    )


class BookingCreatedOut(serializers.Serializer):
    booking = BookingDetailOut()
    payment = CreatedPaymentOut(allow_null=True, help_text="Card bookings only")


class BookingPatchIn(serializers.Serializer):
    topic = serializers.CharField(required=False, allow_blank=True, max_length=200)
    learner_notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    mentor_notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class CancelIn(ReasonIn):
    request_refund = serializers.BooleanField(required=False, default=True)


class CancelOut(serializers.Serializer):
    booking = BookingDetailOut()
    refund = RefundSummaryOut(allow_null=True)


class DeclineOut(CancelOut):
    pass


class RescheduleIn(ReasonIn):
    slot_id = serializers.CharField(required=False, max_length=200)
    new_start_at = serializers.DateTimeField(required=False)

    def validate(self, attrs):
        if not attrs.get("slot_id") and not attrs.get("new_start_at"):
            raise serializers.ValidationError({"slot_id": ["Give slot_id or new_start_at."]})
        return attrs
