"""Pieces every mentors serializer uses: strict inputs, small references, day and zone fields
(money is core.money's MoneyOut / MoneyIn)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.utils.text import slugify
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts import reference
from mentors.models import SLOT_DURATIONS
from mentors.services import WEEKDAYS
from messaging.payloads import iso

# 30, 45, 60 or 90 minutes: one component in the schema for every field that takes a length.
DURATION_CHOICES = [(minutes, f"{minutes} minutes") for minutes in SLOT_DURATIONS]


MAX_RANGE_DAYS = 92  # a quarter: the longest range one slot request may cover


TIME_FORMAT = "%H:%M"


class StrictInput(serializers.Serializer):
    """Refuses fields it does not know, so a typo or a read-only field never passes silently
    (nested inputs too: the check runs on each object as it is parsed)."""

    def to_internal_value(self, data):
        unknown = {}
        if isinstance(data, Mapping):
            unknown = {
                name: ["This field is not accepted here."] for name in sorted(set(data) - set(self.fields))
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if unknown and isinstance(error.detail, dict):
                error.detail.update(unknown)
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class IdName(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


def moment(value: datetime) -> str:
    """A moment as DRF's DateTimeField renders it for the API (UTC, `Z`), through the one helper
    payloads use, without the field's per-call settings lookups: slots and cards list hundreds."""
    return iso(value.astimezone(UTC))


class UserBriefOut(serializers.Serializer):
    id = serializers.UUIDField()
    full_name = serializers.CharField()
    username = serializers.CharField(allow_null=True)
    avatar_url = serializers.CharField()


class SkillOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.SerializerMethodField()

    def get_slug(self, skill) -> str:
        return slugify(skill.name)


class SubjectBriefOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.CharField()


class SlotBriefOut(serializers.Serializer):
    id = serializers.CharField(help_text="Opaque slot id: POST /bookings takes it as `slot_id`.")
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField()


class WeekdayField(serializers.Field):
    """API.md §2: lowercase day names; X's numbers 1-7 mean monday-sunday. Returns the name."""

    default_error_messages = {"invalid": "Use a day name (monday … sunday) or a number 1-7."}

    def to_internal_value(self, data):
        if isinstance(data, str) and data.strip().lower() in WEEKDAYS:
            return data.strip().lower()
        if isinstance(data, int) and not isinstance(data, bool) and 1 <= data <= 7:
            return WEEKDAYS[data - 1]
        self.fail("invalid")

    def to_representation(self, value):
        return None if value is None else WEEKDAYS[value]


extend_schema_field({"type": "string", "enum": WEEKDAYS, "nullable": True})(WeekdayField)


def _time_zone(value: str) -> str:
    name = reference.normalize_time_zone(value)
    if name is None:
        raise serializers.ValidationError("Use an IANA time zone name, e.g. Europe/Berlin.")
    return name


class TimeZoneField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return _time_zone(super().to_internal_value(data))


def check_date_range(attrs: dict[str, Any]) -> dict[str, Any]:
    start, end = attrs.get("start_date"), attrs.get("end_date")
    if start and end:
        if end < start:
            raise serializers.ValidationError({"end_date": ["The range must end on or after its start."]})
        if (end - start).days >= MAX_RANGE_DAYS:
            raise serializers.ValidationError(
                {"end_date": [f"Ask for at most {MAX_RANGE_DAYS} days at once."]}
            )
    return attrs


_WINDOW = re.compile(r"^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")
