"""Shapes of the events API (API.md §7)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from community.models.events import EventStatus, EventType, RSVPStatus
from community.selectors import events as selectors
from core.timezones import normalize
from mentors.api.serializers.common import UserBriefOut


class EventRefOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class EventLocationOut(serializers.Serializer):
    venue = serializers.CharField()
    address = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField()
    lat = serializers.FloatField(source="latitude")
    lng = serializers.FloatField(source="longitude")
    text = serializers.CharField(source="location_text", help_text="One line: venue, address, city")


class EventOut(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    type = serializers.ChoiceField(choices=EventType.choices)
    status = serializers.ChoiceField(choices=EventStatus.choices)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    timezone = serializers.CharField(help_text="IANA name; in person: taken from the coordinates")
    online = serializers.BooleanField(source="is_online")
    location = serializers.SerializerMethodField(help_text="null for an online event")
    host = UserBriefOut(allow_null=True)
    group = EventRefOut(allow_null=True)
    category = EventRefOut(allow_null=True)
    capacity = serializers.IntegerField(allow_null=True, help_text="null: unlimited")
    attendee_count = serializers.IntegerField(help_text="People going")
    spots_left = serializers.SerializerMethodField()
    rsvp_status = serializers.SerializerMethodField(help_text="Your answer (null: none, or signed out)")
    opportunity_id = serializers.UUIDField(allow_null=True, help_text="A paid workshop: join it by enrolling")
    distance_km = serializers.SerializerMethodField(help_text="Only with lat/lng/radius_km (else null)")

    @extend_schema_field(EventLocationOut(allow_null=True))
    def get_location(self, event):
        return None if event.is_online else EventLocationOut(event).data

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_spots_left(self, event) -> int | None:
        return selectors.spots_left(event)

    @extend_schema_field(serializers.ChoiceField(choices=RSVPStatus.choices, allow_null=True))
    def get_rsvp_status(self, event):
        return getattr(event, "my_rsvp", None)

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_distance_km(self, event) -> float | None:
        distance = getattr(event, "distance_km", None)
        return None if distance is None else round(distance, 2)


class EventDetailOut(EventOut):
    description = serializers.CharField(help_text="Markdown")
    online_url = serializers.SerializerMethodField(
        help_text="Only for people going (and the host): null for everyone else"
    )
    waitlist_position = serializers.SerializerMethodField()
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancellation_reason = serializers.CharField()
    can_edit = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_online_url(self, event) -> str | None:
        if event.is_online and self.context.get("may_see_link"):
            return event.online_url or None
        return None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_waitlist_position(self, event) -> int | None:
        return self.context.get("waitlist_position")

    def get_can_edit(self, event) -> bool:
        return bool(self.context.get("can_edit"))

    def get_ics_url(self, event) -> str:
        return reverse("event-ics", args=[event.pk])


def _zone(value: str) -> str:
    name = normalize(value)
    if name is None:
        raise serializers.ValidationError("Use an IANA time zone name, e.g. Europe/Berlin.")
    return name


class EventIn(serializers.Serializer):
    type = serializers.ChoiceField(choices=EventType.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        max_length=10000, required=False, allow_blank=True, help_text="Markdown"
    )
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    timezone = serializers.CharField(
        max_length=64, required=False, help_text="Online events only (in person: from the coordinates)"
    )
    is_online = serializers.BooleanField(default=True)
    online_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)
    country = serializers.CharField(min_length=2, max_length=2, required=False, allow_blank=True)
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    longitude = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True)
    capacity = serializers.IntegerField(min_value=1, max_value=100000, required=False, allow_null=True)
    group_id = serializers.UUIDField(required=False, allow_null=True)
    category_id = serializers.UUIDField(required=False, allow_null=True)
    opportunity_id = serializers.UUIDField(
        required=False, allow_null=True, help_text="A published workshop opportunity: joined by enrolling"
    )

    def validate_timezone(self, value):
        return _zone(value)

    def validate_country(self, value):
        return value.upper()


class EventPatchIn(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    type = serializers.ChoiceField(choices=EventType.choices, required=False)
    starts_at = serializers.DateTimeField(required=False)
    ends_at = serializers.DateTimeField(required=False)
    timezone = serializers.CharField(max_length=64, required=False)
    is_online = serializers.BooleanField(required=False)
    online_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)
    country = serializers.CharField(min_length=2, max_length=2, required=False, allow_blank=True)
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    longitude = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True)
    capacity = serializers.IntegerField(min_value=1, max_value=100000, required=False, allow_null=True)
    category_id = serializers.UUIDField(required=False, allow_null=True)

    def validate_timezone(self, value):
        return _zone(value)

    def validate_country(self, value):
        return value.upper()


class EventCancelIn(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RSVPIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=[RSVPStatus.GOING, RSVPStatus.INTERESTED, RSVPStatus.NOT_GOING])
    join_waitlist = serializers.BooleanField(
        default=False, help_text="going on a full event: wait for a place instead of 409 EVENT_FULL"
    )


class RSVPOut(serializers.Serializer):
    event_id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=RSVPStatus.choices, help_text="waitlisted: waiting for a place")
    waitlist_position = serializers.IntegerField(allow_null=True)
    attendee_count = serializers.IntegerField()
    capacity = serializers.IntegerField(allow_null=True)
    updated_at = serializers.DateTimeField()
