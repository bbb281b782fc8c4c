from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

SLOT_DURATIONS = (30, 45, 60, 90)


class Category(models.Model):
    """A top-level category (parent is null) or one of its subcategories."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="subcategories"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True)
    icon = models.CharField(max_length=40, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="category_name_unique_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name if self.parent_id is None else f"{self.parent} › {self.name}"


class Subject(models.Model):
    """A teachable subject (EduStream), tagged on mentors, bookings and dashboards."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="subjects")
    subcategory = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="subcategory_subjects"
    )
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MentorStatus(models.TextChoices):
    DRAFT = "draft"
    PENDING_APPROVAL = "pending_approval"
    APPROVED = "approved"
    REJECTED = "rejected"


class MentorTier(models.TextChoices):
    STANDARD = "standard"
    PREMIUM = "premium"


class LessonType(models.TextChoices):
    VIDEO = "video"
    IN_PERSON = "in_person"
    CHAT = "chat"


class MentorProfileQuerySet(models.QuerySet):
    def bookable(self) -> MentorProfileQuerySet:
        """Approved, accepting bookings, and the account is live (API.md §2, profile lifecycle)."""
        return self.filter(
            status=MentorStatus.APPROVED,
            is_accepting_bookings=True,
            user__is_active=True,
            user__deleted_at__isnull=True,
        )


class MentorProfile(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    status = models.CharField(max_length=20, choices=MentorStatus.choices, default=MentorStatus.DRAFT)
    rejection_reason = models.TextField(blank=True)
    title = models.CharField(max_length=120, blank=True)
    headline = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True)
    description = models.TextField(blank=True)
    teaching_philosophy = models.TextField(blank=True)
    years_of_experience = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(80)])
    languages = models.JSONField(default=list, blank=True, help_text="ISO 639-1 codes")
    hourly_rate = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(max_length=3, default="USD")
    credit_price = models.PositiveIntegerField(null=True, blank=True, help_text="Credits per hour")
    intro_video_url = models.URLField(blank=True)
    portfolio_url = models.URLField(blank=True)
    linkedin_url = models.URLField(blank=True)
    lesson_types = models.JSONField(default=list, blank=True)
    certifications = models.JSONField(default=list, blank=True)
    education = models.JSONField(default=list, blank=True)
    is_accepting_bookings = models.BooleanField(default=True)
    mentor_tier = models.CharField(max_length=10, choices=MentorTier.choices, default=MentorTier.STANDARD)
    is_verified = models.BooleanField(default=False)
    share_location = models.BooleanField(default=False)
    city = models.CharField(max_length=120, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    categories = models.ManyToManyField(Category, blank=True, related_name="mentors")
    subjects = models.ManyToManyField(Subject, blank=True, related_name="mentors")
    # The normalised tags of accounts (one table of skills for learners and mentors alike).
    skills = models.ManyToManyField("accounts.Skill", blank=True, related_name="mentors")
    # Rating figures are written only by mentors.services.mentor_rating_set (reviews live in
    # bookings, which recomputes them under a lock on this row after each review).
    average_rating = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("0.00"))
    total_reviews = models.PositiveIntegerField(default=0)
    rating_distribution = models.JSONField(default=dict, blank=True, help_text='{"1": n, …, "5": n}')
    aspect_averages = models.JSONField(default=dict, blank=True, help_text="Per aspect; null while unrated")
    total_sessions_completed = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The profile text's embedding is a MentorEmbedding row of its own (`mentor.embedding`).
    # The hourly rate in settings.MONEY_BASE_CURRENCY through core's exchange-rate table, so that
    # the directory's price filter and sort compare one currency in the database. Written on every
    # save (mentors.receivers) and for every mentor of a currency whose rate staff change; null
    # without a rate or without a rate for the currency.
    hourly_rate_base = models.DecimalField(
        max_digits=16, decimal_places=4, null=True, blank=True, editable=False
    )
    # The next open slot, kept by mentors.services.free_time_refresh: queued on commit whenever the
    # mentor's time changes (schedule, exceptions, bookings, external calendars) and by a beat job
    # for the rolling window. `next_free_until` is the last moment it can still be booked (its
    # start minus the notice); past it, or never computed, a reader computes the slot itself.
    next_free_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_free_minutes = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    next_free_until = models.DateTimeField(null=True, blank=True, editable=False)
    free_time_refreshed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MentorProfileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "is_accepting_bookings"], name="mentor_bookable_idx"),
            models.Index(fields=["latitude", "longitude"], name="mentor_location_idx"),
            # The staff dashboard (analytics): approvals per month, the newest approvals.
            models.Index(fields=["approved_at"], name="mentor_approved_at_idx"),
            # The directory's sorts, each walkable from the top among listed mentors, so a page of
            # 20 stops after about 20 rows instead of sorting every mentor.
            models.Index(
                F("average_rating").desc(),
                F("total_reviews").desc(),
                F("total_sessions_completed").desc(),
                "id",
                name="mentor_listed_rating_idx",
                condition=Q(status="approved", is_accepting_bookings=True),
            ),
            models.Index(
                "hourly_rate_base",
                "id",
                name="mentor_listed_price_idx",
                condition=Q(status="approved", is_accepting_bookings=True),
            ),
            models.Index(
                "next_free_at",
                name="mentor_listed_free_idx",
                condition=Q(status="approved", is_accepting_bookings=True),
            ),
            # The beat job's question: whose next open slot is stale.
            models.Index(fields=["next_free_until"], name="mentor_free_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.status})"


class MentorEmbedding(models.Model):
    """The profile text's sentence embedding (mentors.matching): 384 float32 values as raw bytes,
    1.5 kB a mentor, read straight into NumPy without parsing. In its own table, not on the
    profile row, so the rows that search and lists scan stay small (issue 14); recommendations
    read them all only when one changed (matching.matrix). Written only by
    matching.mentor_embedding_refresh; the digest (model id + text) says what it was made from,
    so an unchanged profile is never embedded twice."""

    mentor = models.OneToOneField(
        MentorProfile, on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    vector = models.BinaryField(editable=False)
    digest = models.CharField(max_length=64, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Embedding of {self.mentor_id}"


class Service(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="services")
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    duration_minutes = models.PositiveSmallIntegerField(choices=[(d, f"{d} min") for d in SLOT_DURATIONS])
    price = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    currency = models.CharField(max_length=3, default="USD")
    credit_price = models.PositiveIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["duration_minutes", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.duration_minutes} min)"


class ScheduleType(models.TextChoices):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    CUSTOM = "custom"


class Schedule(models.Model):
    """A mentor's availability, expressed in the schedule's own IANA time zone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mentor = models.OneToOneField(MentorProfile, on_delete=models.CASCADE, related_name="schedule")
    type = models.CharField(max_length=10, choices=ScheduleType.choices, default=ScheduleType.WEEKLY)
    timezone = models.CharField(max_length=64, default="UTC")
    is_active = models.BooleanField(default=True)
    min_notice_hours = models.PositiveIntegerField(default=24)
    max_advance_days = models.PositiveIntegerField(default=90)
    cancellation_deadline_hours = models.PositiveIntegerField(default=24)
    buffer_before_minutes = models.PositiveSmallIntegerField(default=0)
    buffer_after_minutes = models.PositiveSmallIntegerField(default=0)
    # Daily caps (null: no cap) and the least free time between two sessions, counted on the
    # mentor's local day of each session's start.
    max_sessions_per_day = models.PositiveSmallIntegerField(null=True, blank=True)
    max_booked_minutes_per_day = models.PositiveIntegerField(null=True, blank=True)
    min_gap_minutes = models.PositiveSmallIntegerField(default=0)
    auto_confirm = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.type} schedule of {self.mentor_id}"


class ScheduleEntry(models.Model):
    """A rule (weekly, monthly or a custom date window) or a date exception of a schedule.

    Rules and exceptions share one table so that slot computation reads a mentor's whole
    availability in one query (GET /slots runs at most 3 queries).
    """

    class Kind(models.TextChoices):
        RULE = "rule"
        BLOCK = "block", "Exception: the date is blocked"
        REPLACE = "replace", "Exception: the date has these hours instead"

    class Weekday(models.IntegerChoices):
        MONDAY = 0
        TUESDAY = 1
        WEDNESDAY = 2
        THURSDAY = 3
        FRIDAY = 4
        SATURDAY = 5
        SUNDAY = 6

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RULE)
    day_of_week = models.PositiveSmallIntegerField(choices=Weekday.choices, null=True, blank=True)
    day_of_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    date = models.DateField(null=True, blank=True, help_text="Custom rules and exceptions")
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    slot_duration_minutes = models.PositiveSmallIntegerField(
        default=60, choices=[(d, f"{d} min") for d in SLOT_DURATIONS]
    )
    is_recurring = models.BooleanField(default=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "schedule entries"
        ordering = ["kind", "date", "day_of_week", "day_of_month", "start_time"]
        indexes = [models.Index(fields=["schedule", "kind"], name="schedule_entry_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_time__isnull=True)
                | models.Q(end_time__isnull=True)
                | models.Q(start_time__lt=models.F("end_time")),
                name="schedule_entry_starts_before_it_ends",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.date or self.day_of_week or self.day_of_month} {self.start_time}-{self.end_time}"


class BusySource(models.TextChoices):
    BOOKING = "booking"
    HOLD = "hold"
    EXTERNAL = "external"


class CalendarFeed(models.Model):
    """An external calendar (an iCalendar feed URL) whose events block the mentor's time.

    A beat job refreshes it with conditional requests; its events become busy intervals with
    source `external`. A failed refresh keeps the last good intervals.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="calendar_feeds")
    name = models.CharField(max_length=120, blank=True)
    url = models.URLField(max_length=2000)
    is_active = models.BooleanField(default=True)
    etag = models.CharField(max_length=255, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    # Set when the mentor was told about the current run of failures; cleared by a success, so
    # a feed that stays broken is reported once, not every 15 minutes.
    error_notified_at = models.DateTimeField(null=True, blank=True)
    events_count = models.PositiveIntegerField(default=0)
    # How far ahead the stored intervals were expanded. A 304 keeps them, but recurring events
    # must still roll into a horizon that moves every day: once it falls a day short, the next
    # refresh asks for the whole feed again instead of a conditional reply.
    expanded_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "url"], name="calendar_feed_once_per_mentor")
        ]
        indexes = [models.Index(fields=["is_active", "last_fetched_at"], name="calendar_feed_due_idx")]

    def __str__(self) -> str:
        from mentors.feeds import mask_url

        # The URL's path is the calendar's secret: never in logs, admin lists or messages.
        return self.name or mask_url(self.url)


class BusyInterval(models.Model):
    """Time a mentor is not free: a live booking's range plus buffers, a hold, an external event.

    bookings reserves and releases these through mentors.services, inside its own transaction.
    On PostgreSQL an exclusion constraint (migration 0002) forbids two live booking or hold
    intervals of one mentor from overlapping, whatever the application does.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="busy_intervals")
    start_at = models.DateTimeField()
    end_at = models.DateTimeField()
    source = models.CharField(max_length=10, choices=BusySource.choices)
    reference = models.CharField(max_length=64, blank=True, help_text="e.g. the booking id")
    # The session itself, without its buffers (bookings and holds): daily caps count sessions
    # and their minutes, and the minimum gap is measured between sessions.
    session_start_at = models.DateTimeField(null=True, blank=True)
    session_end_at = models.DateTimeField(null=True, blank=True)
    feed = models.ForeignKey(
        CalendarFeed, null=True, blank=True, on_delete=models.CASCADE, related_name="busy_intervals"
    )
    is_live = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["mentor", "is_live", "start_at", "end_at"], name="busy_lookup_idx"),
            models.Index(fields=["reference"], name="busy_reference_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_at__lt=models.F("end_at")), name="busy_starts_before_it_ends"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.start_at:%Y-%m-%d %H:%M}–{self.end_at:%H:%M}"


class Favorite(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favorite_mentors"
    )
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="favorited_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["learner", "mentor"], name="favorite_once")]

    def __str__(self) -> str:
        return f"{self.learner_id} ♥ {self.mentor_id}"
