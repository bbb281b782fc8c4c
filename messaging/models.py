"""Conversations, messages, attachments, notifications and their settings (API.md §5)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from messaging.storage import attachment_storage, attachment_upload_to

MESSAGE_MAX_LENGTH = 5000
DELETED_PLACEHOLDER = "This message was deleted."


class Conversation(models.Model):
    """The one thread between two people. The pair is stored ordered (lower id first), so a
    unique constraint on it makes a second thread for the same two people impossible, whoever
    writes first and however many first messages race."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user_low = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    user_high = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The booking the thread started from, if any. An id, not a foreign key: bookings sit above
    # messaging and messaging never imports them (DESIGN.md).
    booking_id = models.UUIDField(null=True, blank=True)
    # Kept by the send and delete services so the inbox is one query, whatever its size.
    last_message = models.ForeignKey(
        "Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_message_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_low", "user_high"], name="conversation_one_per_pair"),
            models.CheckConstraint(
                condition=Q(user_low__lt=F("user_high")), name="conversation_pair_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["user_low", "-last_message_at"], name="conversation_low_recent_idx"),
            models.Index(fields=["user_high", "-last_message_at"], name="conversation_high_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"conversation {self.pk}"

    @staticmethod
    def ordered_pair(a_id: uuid.UUID, b_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
        # UUID order is the order of their 128-bit values, which is how both SQLite (hex text)
        # and PostgreSQL (uuid) compare them, so the check constraint and this agree.
        return (a_id, b_id) if a_id < b_id else (b_id, a_id)

    def participant_ids(self) -> tuple[uuid.UUID, uuid.UUID]:
        return (self.user_low_id, self.user_high_id)

    def other_id(self, user_id: uuid.UUID) -> uuid.UUID:
        return self.user_high_id if user_id == self.user_low_id else self.user_low_id

    def other(self, user):
        return self.user_high if user.pk == self.user_low_id else self.user_low


class Message(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True)
    booking_id = models.UUIDField(null=True, blank=True)
    ai_generated = models.BooleanField(default=False)
    # The sender's own id for a message sent over the socket: a client that re-sends after a
    # dropped connection gets the stored message back instead of a duplicate.
    client_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the recipient had a socket open as the message was stored (it was pushed live).
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "client_id"],
                condition=~Q(client_id=""),
                name="message_sender_client_id_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["conversation", "-created_at"], name="message_thread_recent_idx"),
            # Unread counts read only this slice of the table.
            models.Index(
                fields=["recipient", "conversation"],
                condition=Q(read_at__isnull=True, deleted_at__isnull=True),
                name="message_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"message {self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def is_delivered(self) -> bool:
        return self.delivered_at is not None

    @property
    def display_text(self) -> str:
        return DELETED_PLACEHOLDER if self.is_deleted else self.text


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=attachment_storage, upload_to=attachment_upload_to, max_length=255)
    filename = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=127)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.filename


class NotificationType(models.TextChoices):
    # bookings and sessions
    BOOKING_REQUESTED = "booking_requested", "Booking requested"
    BOOKING_CONFIRMED = "booking_confirmed", "Booking confirmed"
    BOOKING_DECLINED = "booking_declined", "Booking declined"
    BOOKING_CANCELLED = "booking_cancelled", "Booking cancelled"
    BOOKING_RESCHEDULED = "booking_rescheduled", "Booking rescheduled"
    SESSION_REMINDER = "session_reminder", "Session reminder"
    SESSION_STARTED = "session_started", "Session started"
    BOOKING_COMPLETED = "booking_completed", "Booking completed"
    # waitlists and calendars (issue 8)
    WAITLIST_OFFER = "waitlist_offer", "A time you waited for is free"
    CALENDAR_FEED_FAILED = "calendar_feed_failed", "A calendar feed could not be read"
    # reviews
    REVIEW_RECEIVED = "review_received", "Review received"
    REVIEW_RESPONSE = "review_response", "Response to your review"
    # money
    PAYMENT_SUCCESS = "payment_success", "Payment succeeded"
    PAYMENT_FAILED = "payment_failed", "Payment failed"
    REFUND_PROCESSED = "refund_processed", "Refund processed"
    CREDITS_RECEIVED = "credits_received", "Credits received"
    PACKAGE_EXPIRING = "package_expiring", "Package expiring"
    # messages
    MESSAGE_RECEIVED = "message_received", "New message"
    # mentor applications
    MENTOR_APPLICATION_APPROVED = "mentor_application_approved", "Mentor application approved"
    MENTOR_APPLICATION_REJECTED = "mentor_application_rejected", "Mentor application rejected"
    # learning
    ACHIEVEMENT_UNLOCKED = "achievement_unlocked", "Achievement unlocked"
    MILESTONE_COMPLETED = "milestone_completed", "Milestone completed"
    CERTIFICATE_ISSUED = "certificate_issued", "Certificate issued"
    COURSE_UPDATE = "course_update", "Course update"
    ENROLLMENT_CONFIRMED = "enrollment_confirmed", "Enrollment confirmed"
    STREAK_REMINDER = "streak_reminder", "Learning streak about to break"
    # community
    GROUP_POST = "group_post", "New group post"
    # community groups (issue 17): replies to your post or comment, @mentions, a decision on your
    # request to join, and reports waiting for a group's moderators
    GROUP_REPLY = "group_reply", "Reply to your group post or comment"
    GROUP_MENTION = "group_mention", "Mentioned in a group"
    GROUP_MEMBERSHIP = "group_membership", "Group membership decided"
    GROUP_REPORT = "group_report", "Content reported in a group you moderate"
    EVENT_REMINDER = "event_reminder", "Event reminder"
    EVENT_CANCELLED = "event_cancelled", "Event cancelled"
    EVENT_WAITLIST_PROMOTED = "event_waitlist_promoted", "A place at an event opened for you"
    # staff
    INTEGRITY_ISSUES = "integrity_issues", "Data integrity issues found"


# API.md §5: everything is on by default except SMS and course_update (as in Soosh).
TYPES_OFF_BY_DEFAULT = frozenset({NotificationType.COURSE_UPDATE.value})


class Notification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    type = models.CharField(max_length=40, choices=NotificationType.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    action_url = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    is_read = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The caller's name for the event ("booking:<id>:confirmed"). Unique per user, so a retried
    # task that calls notify() again finds the row instead of writing a second one.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=Q(dedupe_key__isnull=False),
                name="notification_dedupe_key_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent_idx"),
            models.Index(fields=["user"], condition=Q(is_read=False), name="notification_user_unread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.type} for {self.user_id}"


class NotificationSettings(models.Model):
    """A user's choices. No row means every default; in-app delivery cannot be switched off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_settings",
    )
    email_enabled = models.BooleanField(default=True)
    push_enabled = models.BooleanField(default=True)
    sms_enabled = models.BooleanField(default=False)
    # Only the types the user switched away from their default, so a type added later starts
    # at its own default for everyone.
    types = models.JSONField(default=dict, blank=True)
    # In the user's time zone. Push and SMS stay silent between start and end (which may wrap
    # past midnight); the notification is still in the app and, if enabled, in the mail.
    quiet_hours_start = models.TimeField(null=True, blank=True)
    quiet_hours_end = models.TimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "notification settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(quiet_hours_start__isnull=True, quiet_hours_end__isnull=True)
                | Q(quiet_hours_start__isnull=False, quiet_hours_end__isnull=False),
                name="notification_settings_quiet_hours_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return f"notification settings of {self.user_id}"


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", "E-mail"
    PUSH = "push", "Push"
    SMS = "sms", "SMS"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    # Handed to the record-only provider: no outside service is configured for this channel.
    RECORDED = "recorded", "Recorded (no provider configured)"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"


class NotificationDelivery(models.Model):
    """One row per notification and outside channel: the claim that makes a retried delivery
    task send at most once, and the record staff read when someone says a mail never came."""

    id = models.BigAutoField(primary_key=True)
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=DeliveryChannel.choices)
    provider = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    detail = models.TextField(blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "notification deliveries"
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_one_per_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.status} for {self.notification_id}"
