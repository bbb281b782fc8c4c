"""Schedules, rules, exceptions, and slots shown in a time zone."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.money import MoneyOut, money_out
from core.schema import LocalTimeField
from mentors import selectors, slots
from mentors.api.serializers.common import (
    _WINDOW,
    DURATION_CHOICES,
    TIME_FORMAT,
    IdName,
    StrictInput,
    TimeZoneField,
    WeekdayField,
    check_date_range,
    moment,
)
from mentors.models import ScheduleEntry, ScheduleType
from mentors.services import RULE_BOUNDS, WEEKDAYS


class RuleIn(serializers.Serializer):
    """One availability rule. Which day field applies depends on the schedule's type."""

    day_of_week = WeekdayField(required=False, allow_null=True, help_text="weekly: monday … sunday (or 1-7).")
    day_of_month = serializers.IntegerField(
        min_value=1, max_value=31, required=False, allow_null=True, help_text="monthly: 1-31."
    )
    date = serializers.DateField(required=False, allow_null=True, help_text="custom: YYYY-MM-DD.")
    start_time = LocalTimeField(format=TIME_FORMAT, help_text="HH:MM in the schedule's time zone.")
    end_time = LocalTimeField(format=TIME_FORMAT)
    slot_duration_minutes = serializers.ChoiceField(choices=DURATION_CHOICES, required=False, default=60)
    is_recurring = serializers.BooleanField(required=False, default=True)

    def validate(self, attrs):
        if attrs["start_time"] >= attrs["end_time"]:
            raise serializers.ValidationError({"end_time": ["A rule must end after it starts."]})
        return attrs


@extend_schema_field(
    {
        "oneOf": [
            {
                "type": "object",
                "additionalProperties": {
                    "type": "array",
                    "items": {"type": "string", "example": "10:00-18:00"},
                },
                "example": {"monday": ["10:00-18:00"]},
            },
            {
                "type": "array",
                "items": {"type": "object", "description": "A rule, as in POST /mentors/me/schedule/rules."},
            },
        ]
    }
)
class AvailabilityField(serializers.Field):
    """MentorHub's {"monday": ["10:00-18:00"]}, or a list of weekly rules."""

    # Braces doubled: DRF formats its messages (a single brace was a KeyError, so a 500).
    default_error_messages = {"invalid": 'Use {{"monday": ["10:00-18:00"], …}} or a list of rules.'}

    def to_internal_value(self, data):
        if isinstance(data, list):
            rules = RuleIn(data=data, many=True)
            rules.is_valid(raise_exception=True)
            return [dict(rule) for rule in rules.validated_data]
        if not isinstance(data, dict):
            self.fail("invalid")
        problems: dict[str, list[str]] = {}
        for day, windows in data.items():
            if str(day).lower() not in WEEKDAYS:
                problems[str(day)] = ["Use a day name, monday … sunday."]
            elif not isinstance(windows, list) or not all(
                isinstance(w, str) and _WINDOW.match(w) for w in windows
            ):
                problems[str(day)] = ['Use a list of "HH:MM-HH:MM" windows.']
        if problems:
            raise serializers.ValidationError(problems)
        return {str(day).lower(): windows for day, windows in data.items()}

    def to_representation(self, value):
        return value


def _bounded(name: str, help_text: str) -> serializers.IntegerField:
    least, most, nullable = RULE_BOUNDS[name]
    return serializers.IntegerField(
        min_value=least, max_value=most, required=False, allow_null=nullable, help_text=help_text
    )


class BookingRulesIn(StrictInput):
    """A rule left out takes its default (the caps: none), as PUT replaces the whole schedule."""

    min_notice_hours = _bounded("min_notice_hours", "Default 24.")
    max_advance_days = _bounded("max_advance_days", "Default 90.")
    cancellation_deadline_hours = _bounded("cancellation_deadline_hours", "Default 24.")
    buffer_before_minutes = _bounded(
        "buffer_before_minutes", "Free time kept before each session. Default 0."
    )
    buffer_after_minutes = _bounded("buffer_after_minutes", "Free time kept after each session. Default 0.")
    max_sessions_per_day = _bounded(
        "max_sessions_per_day", "At most this many sessions start on one day (your local day); null: no cap."
    )
    max_booked_minutes_per_day = _bounded(
        "max_booked_minutes_per_day", "At most this many minutes of sessions on one day; null: no cap."
    )
    min_gap_minutes = _bounded(
        "min_gap_minutes", "The least free time between two sessions, buffers not counted. Default 0."
    )
    auto_confirm = serializers.BooleanField(required=False)


class DateExceptionIn(serializers.Serializer):
    date = serializers.DateField()
    start_time = LocalTimeField(format=TIME_FORMAT, required=False, allow_null=True, default=None)
    end_time = LocalTimeField(format=TIME_FORMAT, required=False, allow_null=True, default=None)
    slot_duration_minutes = serializers.ChoiceField(choices=DURATION_CHOICES, required=False, default=60)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        start, end = attrs["start_time"], attrs["end_time"]
        if (start is None) != (end is None):
            raise serializers.ValidationError(
                {
                    "end_time": [
                        "Give start_time and end_time to replace the day's hours, or neither to block it."
                    ]
                }
            )
        if start is not None and start >= end:
            raise serializers.ValidationError({"end_time": ["The hours must end after they start."]})
        return attrs


PREVIEW_REASONS = [
    slots.REASON_DATE_EXCEPTION,
    slots.REASON_BOOKING,
    slots.REASON_HOLD,
    slots.REASON_BUFFER,
    slots.REASON_EXTERNAL,
    slots.REASON_DAILY_SESSIONS,
    slots.REASON_DAILY_MINUTES,
    slots.REASON_MIN_GAP,
]

_DAY_FIELD = {
    ScheduleType.WEEKLY: "day_of_week",
    ScheduleType.MONTHLY: "day_of_month",
    ScheduleType.CUSTOM: "date",
}


class ScheduleIn(StrictInput):
    """The body of GET /mentors/me/schedule, sent back whole; its read-only `id` and `updated_at`
    (and each rule's `id`) may come along and are ignored."""

    id = serializers.UUIDField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    type = serializers.ChoiceField(choices=ScheduleType.choices, required=False, default=ScheduleType.WEEKLY)
    timezone = TimeZoneField(help_text="IANA name; rules are wall-clock times there.")
    rules = RuleIn(many=True, required=False, default=list, max_length=200)
    booking_rules = BookingRulesIn(required=False, default=dict)
    date_exceptions = DateExceptionIn(many=True, required=False, default=list, max_length=400)
    is_active = serializers.BooleanField(required=False, default=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        needed = _DAY_FIELD[attrs["type"]]
        problems = {
            index: {needed: [f"A {attrs['type']} rule needs {needed}."]}
            for index, rule in enumerate(attrs["rules"])
            if rule.get(needed) is None
        }
        if problems:
            raise serializers.ValidationError({"rules": problems})
        attrs["rules"] = [dict(rule) for rule in attrs["rules"]]
        attrs["date_exceptions"] = [dict(item) for item in attrs["date_exceptions"]]
        attrs["booking_rules"] = dict(attrs["booking_rules"])
        return attrs


class RulesBulkIn(StrictInput):
    rules = RuleIn(many=True, min_length=1, max_length=100)


class RuleOut(serializers.Serializer):
    id = serializers.UUIDField()
    day_of_week = WeekdayField(allow_null=True)
    day_of_month = serializers.IntegerField(allow_null=True)
    date = serializers.DateField(allow_null=True)
    start_time = LocalTimeField(format=TIME_FORMAT)
    end_time = LocalTimeField(format=TIME_FORMAT)
    slot_duration_minutes = serializers.IntegerField()
    is_recurring = serializers.BooleanField()


class RulesOut(serializers.Serializer):
    rules = RuleOut(many=True)


class DateExceptionOut(serializers.Serializer):
    id = serializers.UUIDField()
    date = serializers.DateField()
    type = serializers.SerializerMethodField()
    start_time = LocalTimeField(format=TIME_FORMAT, allow_null=True)
    end_time = LocalTimeField(format=TIME_FORMAT, allow_null=True)
    slot_duration_minutes = serializers.IntegerField()
    reason = serializers.CharField()

    @extend_schema_field(serializers.ChoiceField(choices=["block", "replace"]))
    def get_type(self, entry) -> str:
        return "block" if entry.kind == ScheduleEntry.Kind.BLOCK else "replace"


class BookingRulesOut(serializers.Serializer):
    min_notice_hours = serializers.IntegerField()
    max_advance_days = serializers.IntegerField()
    cancellation_deadline_hours = serializers.IntegerField()
    buffer_before_minutes = serializers.IntegerField()
    buffer_after_minutes = serializers.IntegerField()
    max_sessions_per_day = serializers.IntegerField(allow_null=True, help_text="null: no cap.")
    max_booked_minutes_per_day = serializers.IntegerField(allow_null=True, help_text="null: no cap.")
    min_gap_minutes = serializers.IntegerField()
    auto_confirm = serializers.BooleanField()


class PublicBookingRulesOut(BookingRulesOut):
    """The same rules: a learner planning several sessions can see why a day fills up."""


def _rules(schedule) -> list:
    return [e for e in schedule.entries.all() if e.kind == ScheduleEntry.Kind.RULE]


class ScheduleOut(serializers.Serializer):
    id = serializers.UUIDField()
    type = serializers.ChoiceField(choices=ScheduleType.choices)
    timezone = serializers.CharField()
    is_active = serializers.BooleanField()
    rules = serializers.SerializerMethodField()
    booking_rules = serializers.SerializerMethodField()
    date_exceptions = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(RuleOut(many=True))
    def get_rules(self, schedule) -> list:
        return RuleOut(_rules(schedule), many=True).data

    @extend_schema_field(BookingRulesOut)
    def get_booking_rules(self, schedule) -> dict:
        return BookingRulesOut(schedule).data

    @extend_schema_field(DateExceptionOut(many=True))
    def get_date_exceptions(self, schedule) -> list:
        found = [e for e in schedule.entries.all() if e.kind != ScheduleEntry.Kind.RULE]
        return DateExceptionOut(sorted(found, key=lambda e: (e.date, e.start_time or e.date)), many=True).data


class PublicScheduleOut(serializers.Serializer):
    """What a learner may know of a mentor's availability: the rules, not the exceptions."""

    type = serializers.ChoiceField(choices=ScheduleType.choices)
    timezone = serializers.CharField()
    is_active = serializers.BooleanField()
    rules = serializers.SerializerMethodField()
    booking_rules = serializers.SerializerMethodField()

    @extend_schema_field(RuleOut(many=True))
    def get_rules(self, schedule) -> list:
        return RuleOut(_rules(schedule), many=True).data

    @extend_schema_field(PublicBookingRulesOut)
    def get_booking_rules(self, schedule) -> dict:
        return PublicBookingRulesOut(schedule).data


class GenerateSlotsIn(StrictInput):
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    overwrite = serializers.BooleanField(
        required=False, default=False, help_text="Accepted for Specialistly; slots are never stored."
    )

    def validate(self, attrs):
        return check_date_range(super().validate(attrs))


class PreviewSlotOut(serializers.Serializer):
    """A Slot shown in the schedule's zone (`zone` in the context)."""

    id = serializers.CharField()
    date = serializers.SerializerMethodField(help_text="In the schedule's time zone.")
    start_time = serializers.SerializerMethodField(help_text="HH:MM in the schedule's time zone.")
    end_time = serializers.SerializerMethodField()
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["available", "held", "booked", "blocked"])
    reason = serializers.ChoiceField(
        choices=["", *PREVIEW_REASONS],
        help_text="Why the slot is not available (empty when it is): a date exception, a booking or hold, "
        "the break (buffer) around one, an event of one of your calendars (external), a daily cap (daily_sessions, daily_minutes) "
        "or the minimum gap (min_gap). Only you see it; learners see the status.",
    )

    @extend_schema_field(serializers.DateField())
    def get_date(self, slot) -> str:
        return slot.start_at.astimezone(self.context["zone"]).date().isoformat()

    def get_start_time(self, slot) -> str:
        return f"{slot.start_at.astimezone(self.context['zone']):%H:%M}"

    def get_end_time(self, slot) -> str:
        return f"{slot.end_at.astimezone(self.context['zone']):%H:%M}"


class GenerateSlotsOut(serializers.Serializer):
    generated = serializers.IntegerField(help_text="How many slots the range holds (nothing is stored).")
    timezone = serializers.CharField()
    slots = PreviewSlotOut(many=True)


class SlotOut(serializers.Serializer):
    """A Slot. Needs `zone`, `mentor` and `service` (or None) in the context."""

    id = serializers.CharField(help_text="Opaque slot id: POST /bookings takes it as `slot_id`.")
    mentor = serializers.SerializerMethodField()
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField()
    start_local = serializers.SerializerMethodField()
    end_local = serializers.SerializerMethodField()
    duration_minutes = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["available", "held", "booked", "blocked"])
    price = serializers.SerializerMethodField()

    @extend_schema_field(IdName)
    def get_mentor(self, slot) -> dict:
        mentor = self.context["mentor"]
        return {"id": mentor.pk, "name": mentor.user.public_name}

    def get_start_local(self, slot) -> str:
        return slot.start_at.astimezone(self.context["zone"]).isoformat()

    def get_end_local(self, slot) -> str:
        return slot.end_at.astimezone(self.context["zone"]).isoformat()

    @extend_schema_field(MoneyOut(allow_null=True))
    def get_price(self, slot) -> dict | None:
        amount, currency = selectors.slot_price(
            mentor=self.context["mentor"],
            duration_minutes=slot.duration_minutes,
            service=self.context["service"],
        )
        return money_out(amount, currency)

    def to_representation(self, slot) -> dict:
        """The fields above built by hand: four weeks are hundreds of slots, and DRF's
        field-by-field rendering was most of the request (tests/mentors/test_cards.py holds the
        two equal). What every slot of the list shares is computed once."""
        shared = self.__dict__.get("_shared")
        if shared is None:
            mentor = self.context["mentor"]
            shared = self._shared = {
                "mentor": {"id": str(mentor.pk), "name": mentor.user.public_name},
                "zone": self.context["zone"],
                "prices": {},
            }
        prices = shared["prices"]
        if slot.duration_minutes not in prices:
            prices[slot.duration_minutes] = self.get_price(slot)
        zone = shared["zone"]
        price = prices[slot.duration_minutes]
        return {
            "id": slot.id,
            "mentor": dict(shared["mentor"]),
            "start_at": moment(slot.start_at),
            "end_at": moment(slot.end_at),
            "start_local": slot.start_at.astimezone(zone).isoformat(),
            "end_local": slot.end_at.astimezone(zone).isoformat(),
            "duration_minutes": slot.duration_minutes,
            "status": slot.status,
            "price": None if price is None else dict(price),
        }


class CalendarSlotOut(serializers.Serializer):
    slot_id = serializers.CharField()
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField()
    start_time = serializers.CharField(help_text="HH:MM in the viewer's time zone.")
    end_time = serializers.CharField()
    status = serializers.ChoiceField(choices=["available", "held", "booked", "blocked"])
    price = serializers.SerializerMethodField()
    booking_id = serializers.CharField(allow_null=True, help_text="Only the owning mentor sees it.")

    @extend_schema_field(MoneyOut(allow_null=True))
    def get_price(self, row) -> dict | None:
        return money_out(*row["price"])


# Renders a selectors.MentorCalendar (the page's calendar reads the same): times in the viewer's
# zone, a price on every slot. A comment, not a docstring, so the schema's text stays as it was.
class CalendarOut(serializers.Serializer):
    mentor = IdName()
    timezone = serializers.CharField()
    month = serializers.CharField()
    days = serializers.DictField(child=CalendarSlotOut(many=True), help_text='{"YYYY-MM-DD": [slots]}')

    def to_representation(self, calendar: selectors.MentorCalendar) -> dict:
        mentor, zone = calendar.mentor, calendar.zone
        return super().to_representation(
            {
                "mentor": {"id": mentor.pk, "name": mentor.user.public_name},
                "timezone": zone.key,
                "month": f"{calendar.month:%Y-%m}",
                "days": {
                    day: [
                        {
                            "slot_id": slot.id,
                            "start_at": slot.start_at,
                            "end_at": slot.end_at,
                            "start_time": f"{slot.start_at.astimezone(zone):%H:%M}",
                            "end_time": f"{slot.end_at.astimezone(zone):%H:%M}",
                            "status": slot.status,
                            "price": selectors.slot_price(
                                mentor=mentor, duration_minutes=slot.duration_minutes
                            ),
                            "booking_id": calendar.bookings.get(slot.id),
                        }
                        for slot in found
                    ]
                    for day, found in sorted(calendar.days.items())
                },
            }
        )
