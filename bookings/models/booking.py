from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class BookingStatus(models.TextChoices):
    """API.md §3: pending_payment → pending → confirmed → in_progress → completed, and the exits."""

    PENDING_PAYMENT = "pending_payment"
    PENDING = "pending"
    CONFIRMED = "confirmed"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    NO_SHOW_LEARNER = "no_show_learner"
    NO_SHOW_MENTOR = "no_show_mentor"


# A live booking holds the mentor's time (and the learner's): no other may overlap it.
LIVE_STATUSES = (
    BookingStatus.PENDING_PAYMENT,
    BookingStatus.PENDING,
    BookingStatus.CONFIRMED,
    BookingStatus.IN_PROGRESS,
)
# Ended for good: nothing but reviews, notes and recordings change afterwards.
FINAL_STATUSES = tuple(s for s in BookingStatus.values if s not in LIVE_STATUSES)


class PaymentMethod(models.TextChoices):
    CARD = "card"
    CREDITS = "credits"
    PACKAGE = "package"
    FREE = "free"


class LessonType(models.TextChoices):
    ONLINE = "online"
    IN_PERSON = "in_person"


class Party(models.TextChoices):
    """Who did something to a booking (cancelled it, marked a no-show)."""

    LEARNER = "learner"
    MENTOR = "mentor"
    STAFF = "staff"
    SYSTEM = "system"


class RefundPolicy(models.TextChoices):
    FULL = "full"
    NONE = "none"


class Booking(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mentor = models.ForeignKey("mentors.MentorProfile", on_delete=models.PROTECT, related_name="bookings")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings")
    service = models.ForeignKey(
        "mentors.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    subject = models.ForeignKey(
        "mentors.Subject", null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    category = models.ForeignKey(
        "mentors.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    # The learning app's opportunity (a course, a workshop) this session belongs to, if any.
    opportunity_id = models.UUIDField(null=True, blank=True)
    topic = models.CharField(max_length=200, blank=True)
    learner_notes = models.TextField(blank=True, max_length=5000)
    mentor_notes = models.TextField(blank=True, max_length=5000)
    lesson_type = models.CharField(max_length=10, choices=LessonType.choices, default=LessonType.ONLINE)

    start_at = models.DateTimeField()
    end_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    # The zone the learner booked in: mails and pages show the learner's times in it.
    timezone = models.CharField(max_length=64, default="UTC")

    price = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    credit_price = models.PositiveIntegerField(default=1)
    payment_method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    package_purchase = models.ForeignKey(
        "payments.PackagePurchase", null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )

    status = models.CharField(max_length=20, choices=BookingStatus.choices)
    status_changed_at = models.DateTimeField()
    # The deadlines of API.md §3: pay by (card), confirm by (a request to the mentor).
    payment_due_at = models.DateTimeField(null=True, blank=True)
    confirm_by = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True, help_text="The first join")
    ended_at = models.DateTimeField(null=True, blank=True, help_text="When the session was closed")
    completed_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True, max_length=5000)

    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_by_party = models.CharField(max_length=10, choices=Party.choices, blank=True)
    cancellation_reason = models.CharField(max_length=500, blank=True)
    refund_policy = models.CharField(max_length=4, choices=RefundPolicy.choices, blank=True)
    decline_reason = models.CharField(max_length=500, blank=True)
    no_show_marked_by_party = models.CharField(max_length=10, choices=Party.choices, blank=True)
    # Why the system ended it (expired: "unpaid", "unconfirmed"; completed: "auto").
    system_reason = models.CharField(max_length=40, blank=True)

    meeting_provider = models.CharField(max_length=20, blank=True)
    meeting_external_id = models.CharField(max_length=255, blank=True)
    meeting_room_url = models.URLField(max_length=500, blank=True)
    meeting_created_at = models.DateTimeField(null=True, blank=True)
    screenshare_used = models.BooleanField(default=False)
    # session.reminder on the live room's socket, 10 minutes before (API.md §5): stamped by the
    # one job run that sends it.
    room_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    reschedule_count = models.PositiveSmallIntegerField(default=0)
    rescheduled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_at__lt=F("end_at")), name="booking_starts_before_it_ends"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="booking_price_not_negative"),
            models.CheckConstraint(
                condition=~Q(payment_method="package") | Q(package_purchase__isnull=False),
                name="booking_package_payment_names_its_package",
            ),
        ]
        indexes = [
            models.Index(fields=["learner", "start_at"], name="booking_learner_start_idx"),
            models.Index(fields=["mentor", "start_at"], name="booking_mentor_start_idx"),
            models.Index(fields=["status", "payment_due_at"], name="booking_payment_due_idx"),
            models.Index(fields=["status", "confirm_by"], name="booking_confirm_by_idx"),
            models.Index(fields=["status", "end_at"], name="booking_status_end_idx"),
            # The staff dashboard (analytics): sessions in a period, upcoming ones, the newest.
            models.Index(fields=["start_at"], name="booking_start_idx"),
            models.Index(fields=["status", "start_at"], name="booking_status_start_idx"),
            models.Index(fields=["created_at"], name="booking_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.start_at:%Y-%m-%d %H:%M} {self.mentor_id} ← {self.learner_id} ({self.status})"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    def party_of(self, user) -> str | None:
        """learner, mentor, or None for anybody else."""
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        if user.pk == self.learner_id:
            return Party.LEARNER
        if user.pk == self.mentor.user_id:
            return Party.MENTOR
        return None

    def other_party(self, user):
        return self.mentor.user if user.pk == self.learner_id else self.learner
