"""Input and output shapes of API.md §3 (and the waitlist and calendar routes of issue 8).

Output serializers read `now` and `user` from the context: the room link is shown only to the
two participants inside the join window, the mentor's own notes only to the mentor.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bookings import selectors
from bookings.models import ASPECTS, BookingStatus, LessonType, Party, PaymentMethod
from bookings.policy import can_join, join_window
from mentors.api.serializers import DURATION_CHOICES
from payments.api.serializers import EmbeddedPaymentOut, MoneyField, PaymentsMoneyOut

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
    amount = PaymentsMoneyOut(allow_null=True)
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
    amount = MoneyField("amount")
    platform_fee = MoneyField("platform_fee")
    mentor_payout = MoneyField("mentor_payout")
    paid_at = serializers.DateTimeField(allow_null=True)
    receipt_url = serializers.SerializerMethodField()

    def get_receipt_url(self, payment) -> str | None:
        return _absolute(reverse("payments:receipt", args=[payment.pk])) if payment.receipt_number else None


class CreatedPaymentOut(EmbeddedPaymentOut):
    """The card payment embedded in POST /bookings (API.md §3)."""

    platform_fee = MoneyField("platform_fee")
    mentor_payout = MoneyField("mentor_payout")


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
    price = MoneyField("price")
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


class BookingListQueryIn(serializers.Serializer):
    role = serializers.ChoiceField(choices=["learner", "mentor"], required=False)
    status = serializers.CharField(required=False, max_length=300, help_text="Comma-separated statuses")
    upcoming = serializers.BooleanField(required=False, allow_null=True, default=None)
    mentor_id = serializers.UUIDField(required=False)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False)

    def validate(self, attrs):
        if attrs.get("start_date") and attrs.get("end_date") and attrs["end_date"] < attrs["start_date"]:
            raise serializers.ValidationError({"end_date": ["The range must end on or after its start."]})
        return attrs


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
    amount = serializers.CharField()


class ReceiptOut(serializers.Serializer):
    receipt_number = serializers.CharField()
    paid_at = serializers.DateTimeField()
    currency = serializers.CharField()
    lines = ReceiptLineOut(many=True)
    total_paid = serializers.CharField()
    total_refunded = serializers.CharField()
    net = serializers.CharField()
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


# --- waitlists ------------------------------------------------------------------------------------


class WaitlistJoinIn(serializers.Serializer):
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    time_from = serializers.TimeField(required=False, allow_null=True, help_text="HH:MM in `timezone`")
    time_to = serializers.TimeField(required=False, allow_null=True)
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
    time_from = serializers.TimeField(allow_null=True)
    time_to = serializers.TimeField(allow_null=True)
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
