"""Query parameters of the list endpoints: each is read through one of these."""

from __future__ import annotations

from datetime import date, timedelta

from rest_framework import serializers

from accounts import reference
from mentors.api.serializers.common import DURATION_CHOICES, CsvField, TimeZoneField, check_date_range
from mentors.models import LessonType, MentorStatus


class SlotQueryIn(serializers.Serializer):
    mentor_id = serializers.UUIDField()
    service_id = serializers.UUIDField(required=False, help_text="Slots of this service's length and price.")
    start_date = serializers.DateField(required=False, help_text="In `timezone`; today if left out.")
    end_date = serializers.DateField(
        required=False, help_text="Included; four weeks from start_date if left out."
    )
    duration_minutes = serializers.ChoiceField(choices=DURATION_CHOICES, required=False)
    timezone = TimeZoneField(
        required=False, help_text="How times are shown (and dates read); yours by default."
    )

    def validate(self, attrs):
        attrs = check_date_range(attrs)
        start = attrs.get("start_date")
        if start and "end_date" not in attrs:
            attrs["end_date"] = start + timedelta(days=27)
        return attrs


class CalendarQueryIn(serializers.Serializer):
    month = serializers.RegexField(
        r"^\d{4}-(0[1-9]|1[0-2])$", required=False, help_text="YYYY-MM; this month if left out."
    )
    timezone = TimeZoneField(required=False, help_text="The viewer's zone; yours by default.")

    def validate_month(self, value: str) -> date:
        year, month = map(int, value.split("-"))
        if not 2000 <= year <= 2100:
            raise serializers.ValidationError("Use a month between 2000-01 and 2100-12.")
        return date(year, month, 1)


class ReviewQueryIn(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False)
    has_response = serializers.BooleanField(required=False, allow_null=True, default=None)
    sort = serializers.ChoiceField(
        choices=["newest", "oldest", "highest", "lowest"], required=False, default="newest"
    )


class MentorSearchIn(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        default="",
        help_text="Name, title, headline, bio, skills.",
    )
    category_id = serializers.UUIDField(required=False)
    subcategory_id = serializers.UUIDField(required=False)
    subject_id = serializers.UUIDField(required=False)
    skill = serializers.CharField(
        required=False, allow_blank=True, max_length=100, default="", help_text="A skill id, name or slug."
    )
    languages = CsvField(
        required=False, max_length=200, help_text="Comma-separated ISO 639-1 codes; any of them."
    )
    min_rating = serializers.DecimalField(
        max_digits=3, decimal_places=2, min_value=0, max_value=5, required=False
    )
    min_rate = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="Hourly rate, in the mentor's currency.",
    )
    max_rate = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False)
    min_experience_years = serializers.IntegerField(min_value=0, max_value=80, required=False)
    available = serializers.BooleanField(
        required=False, default=False, help_text="An open slot in the next 24 hours."
    )
    online = serializers.BooleanField(required=False, default=False, help_text="Connected right now.")
    lesson_type = serializers.ChoiceField(choices=LessonType.choices, required=False)
    sort = serializers.ChoiceField(
        choices=["relevance", "rating", "rate", "experience", "newest"],
        required=False,
        help_text="relevance (default with q), rating (default), rate (cheapest first), experience, newest.",
    )

    def validate_languages(self, value):
        codes = []
        for raw in value:
            code = reference.normalize_language(raw)
            if code is None:
                raise serializers.ValidationError(f"{raw!r} is not an ISO 639-1 language code.")
            codes.append(code)
        return tuple(codes)

    def validate(self, attrs):
        low, high = attrs.get("min_rate"), attrs.get("max_rate")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"max_rate": ["max_rate must be at least min_rate."]})
        return attrs


class MentorProximityIn(MentorSearchIn):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lng = serializers.FloatField(min_value=-180, max_value=180)
    radius_km = serializers.FloatField(min_value=0.1, max_value=200, help_text="At most 200 km.")
    sort = None  # always nearest first


class StaffMentorQueryIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=MentorStatus.choices, required=False)
    q = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    submitted_from = serializers.DateField(required=False)
    submitted_to = serializers.DateField(required=False)

    def validate(self, attrs):
        start, end = attrs.get("submitted_from"), attrs.get("submitted_to")
        if start and end and end < start:
            raise serializers.ValidationError({"submitted_to": ["Must be on or after submitted_from."]})
        return attrs
