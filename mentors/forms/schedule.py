"""Forms of the availability editor: the weekly grid, booking rules and date exceptions."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms

from core.timezones import TimeZoneField
from mentors.models import SLOT_DURATIONS
from mentors.services import BOOKING_RULES, RULE_BOUNDS, WEEKDAYS

DURATION_CHOICES = [(d, f"{d} minutes") for d in SLOT_DURATIONS]


WINDOWS_PER_DAY = 2


# The form edits exactly the rules the schedule service keeps.
BOOKING_RULE_FIELDS = BOOKING_RULES


DAY_LABELS = {day: day.capitalize() for day in WEEKDAYS}


# 24-hour HH:MM, as every time on the site is shown: a type="time" input follows the browser's
# locale instead (09:00 AM in one browser, 09:00 in the next), which the grid's other text does not.
TIME_24H = {
    "inputmode": "numeric",
    "pattern": "([01][0-9]|2[0-3]):[0-5][0-9]",
    "placeholder": "hh:mm",
    "maxlength": "5",
    "size": "5",
    "autocomplete": "off",
    "title": "A 24-hour time, such as 09:00 or 17:30",
}


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={**TIME_24H, "class": "time-24h"}, format="%H:%M"),
    )


class AvailabilityForm(forms.Form):
    """The weekly grid (two windows a day), time zone, session length and booking rules.

    Exceptions are edited by their own forms below, so a mistake in one never loses the other.
    """

    timezone = TimeZoneField(
        label="Your time zone",
        help_text="Type to search, e.g. Berlin. Your hours are kept in this zone, so they stay right when clocks change.",
    )
    slot_duration_minutes = forms.TypedChoiceField(
        label="Session length", choices=DURATION_CHOICES, coerce=int, initial=60
    )
    min_notice_hours = forms.IntegerField(
        label="Minimum notice (hours)",
        min_value=0,
        max_value=24 * 30,
        help_text="How long before a session it can still be booked.",
        widget=forms.NumberInput(attrs={"size": "4"}),
    )
    max_advance_days = forms.IntegerField(
        label="Book at most this many days ahead",
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"size": "4"}),
    )
    cancellation_deadline_hours = forms.IntegerField(
        label="Free cancellation until (hours before)",
        min_value=0,
        max_value=24 * 30,
        widget=forms.NumberInput(attrs={"size": "4"}),
    )
    buffer_before_minutes = forms.IntegerField(
        label="Break before a session (minutes)",
        min_value=0,
        max_value=240,
        widget=forms.NumberInput(attrs={"size": "4"}),
    )
    buffer_after_minutes = forms.IntegerField(
        label="Break after a session (minutes)",
        min_value=0,
        max_value=240,
        widget=forms.NumberInput(attrs={"size": "4"}),
    )
    max_sessions_per_day = forms.IntegerField(
        label="At most this many sessions a day",
        required=False,
        min_value=RULE_BOUNDS["max_sessions_per_day"][0],
        max_value=RULE_BOUNDS["max_sessions_per_day"][1],
        help_text="Leave empty for no limit. Once a day is full, its other hours cannot be booked.",
        widget=forms.NumberInput(attrs={"size": "4"}),
    )
    max_booked_minutes_per_day = forms.IntegerField(
        label="At most this many minutes of sessions a day",
        required=False,
        min_value=RULE_BOUNDS["max_booked_minutes_per_day"][0],
        max_value=RULE_BOUNDS["max_booked_minutes_per_day"][1],
        help_text="Leave empty for no limit.",
        widget=forms.NumberInput(attrs={"size": "4"}),
    )
    min_gap_minutes = forms.IntegerField(
        label="Free time between two sessions (minutes)",
        required=False,
        min_value=RULE_BOUNDS["min_gap_minutes"][0],
        max_value=RULE_BOUNDS["min_gap_minutes"][1],
        help_text="Counted from the end of one session to the start of the next, breaks not included.",
        widget=forms.NumberInput(attrs={"size": "4"}),
    )
    auto_confirm = forms.BooleanField(label="Confirm bookings automatically", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day in WEEKDAYS:
            for n in range(1, WINDOWS_PER_DAY + 1):
                which = "first" if n == 1 else "second"
                self.fields[f"{day}_{n}_start"] = _time_field(f"{DAY_LABELS[day]}, {which} window, from")
                self.fields[f"{day}_{n}_end"] = _time_field(f"{DAY_LABELS[day]}, {which} window, until")

    def grid(self) -> list[dict[str, Any]]:
        """The weekly grid as rows for the template: one per day, its windows' bound fields."""
        return [
            {
                "day": day,
                "label": DAY_LABELS[day],
                "windows": [
                    (self[f"{day}_{n}_start"], self[f"{day}_{n}_end"]) for n in range(1, WINDOWS_PER_DAY + 1)
                ],
            }
            for day in WEEKDAYS
        ]

    def clean(self):
        data = super().clean()
        for day in WEEKDAYS:
            for n in range(1, WINDOWS_PER_DAY + 1):
                start, end = data.get(f"{day}_{n}_start"), data.get(f"{day}_{n}_end")
                if (start is None) != (end is None):
                    self.add_error(
                        f"{day}_{n}_end" if end is None else f"{day}_{n}_start",
                        "Give both times, or neither.",
                    )
                elif start is not None and end <= start:
                    self.add_error(f"{day}_{n}_end", "The window must end after it starts.")
        return data

    def rules(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        rules = []
        for day in WEEKDAYS:
            for n in range(1, WINDOWS_PER_DAY + 1):
                start, end = data.get(f"{day}_{n}_start"), data.get(f"{day}_{n}_end")
                if start is not None and end is not None:
                    rules.append(
                        {
                            "day_of_week": day,
                            "start_time": start.strftime("%H:%M"),
                            "end_time": end.strftime("%H:%M"),
                            "slot_duration_minutes": data["slot_duration_minutes"],
                        }
                    )
        return rules

    def booking_rules(self) -> dict[str, Any]:
        rules = {name: self.cleaned_data[name] for name in BOOKING_RULE_FIELDS}
        rules["min_gap_minutes"] = rules["min_gap_minutes"] or 0  # empty means no gap; the caps stay null
        return rules

    def booking_fields(self) -> list:
        return [self[name] for name in BOOKING_RULE_FIELDS]

    def schedule_data(self, schedule, *, exceptions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """Everything mentors.services.schedule_replace takes. Without `exceptions` the saved
        date exceptions are kept (the wizard does not edit them)."""
        if exceptions is None:
            exceptions = [_exception_payload(row) for row in exception_initial(schedule)]
        length = self.cleaned_data["slot_duration_minutes"]
        return {
            "type": "weekly",
            "timezone": self.cleaned_data["timezone"].strip(),
            "rules": self.rules(),
            "booking_rules": self.booking_rules(),
            "date_exceptions": [
                {**raw, "slot_duration_minutes": length} if "start_time" in raw else raw for raw in exceptions
            ],
        }

    @classmethod
    def initial_for(cls, schedule, *, timezone: str) -> dict[str, Any]:
        """The form's starting values from a saved schedule (or sensible defaults without one)."""
        if schedule is None:
            return {
                "timezone": timezone,
                "slot_duration_minutes": 60,
                "min_notice_hours": 24,
                "max_advance_days": 90,
                "cancellation_deadline_hours": 24,
                "buffer_before_minutes": 0,
                "buffer_after_minutes": 0,
                "max_sessions_per_day": None,
                "max_booked_minutes_per_day": None,
                "min_gap_minutes": 0,
                "auto_confirm": True,
            }
        initial: dict[str, Any] = {
            "timezone": schedule.timezone,
            "min_notice_hours": schedule.min_notice_hours,
            "max_advance_days": schedule.max_advance_days,
            "cancellation_deadline_hours": schedule.cancellation_deadline_hours,
            "buffer_before_minutes": schedule.buffer_before_minutes,
            "buffer_after_minutes": schedule.buffer_after_minutes,
            "max_sessions_per_day": schedule.max_sessions_per_day,
            "max_booked_minutes_per_day": schedule.max_booked_minutes_per_day,
            "min_gap_minutes": schedule.min_gap_minutes,
            "auto_confirm": schedule.auto_confirm,
            "slot_duration_minutes": 60,
        }
        filled: dict[int, int] = {}
        for entry in schedule.entries.all():
            if entry.kind != "rule" or entry.day_of_week is None:
                continue
            n = filled.get(entry.day_of_week, 0) + 1
            if n > WINDOWS_PER_DAY:
                continue
            filled[entry.day_of_week] = n
            day = WEEKDAYS[entry.day_of_week]
            initial[f"{day}_{n}_start"] = entry.start_time
            initial[f"{day}_{n}_end"] = entry.end_time
            initial["slot_duration_minutes"] = entry.slot_duration_minutes
        return initial


class ExceptionForm(forms.Form):
    """One date that differs from the weekly hours: blocked, or other hours that day."""

    KIND_CHOICES = [("block", "I am away all day"), ("replace", "Other hours that day")]

    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label="That day", choices=KIND_CHOICES, initial="block", widget=forms.RadioSelect
    )
    start_time = _time_field("From (other hours only)")
    end_time = _time_field("Until (other hours only)")
    reason = forms.CharField(label="Note for yourself", required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("kind") == "replace":
            start, end = data.get("start_time"), data.get("end_time")
            if start is None or end is None:
                self.add_error("start_time", "Give the hours you are free that day.")
            elif end <= start:
                self.add_error("end_time", "The hours must end after they start.")
        return data


class BaseExceptionFormSet(forms.BaseFormSet):
    def exceptions(self) -> list[dict[str, Any]]:
        """The kept dates, in the shape mentors.services takes; blank and removed rows left out."""
        return [
            _exception_payload(form.cleaned_data)
            for form in self.forms
            # An untouched blank row validates to {}: nothing to keep.
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


ExceptionFormSet = forms.formset_factory(
    ExceptionForm, formset=BaseExceptionFormSet, extra=2, can_delete=True
)


def exception_initial(schedule) -> list[dict[str, Any]]:
    """The saved date exceptions as the formset's initial rows, soonest first."""
    if schedule is None:
        return []
    rows = [e for e in schedule.entries.all() if e.kind != "rule" and e.date is not None]
    return [
        {
            "date": e.date,
            "kind": "block" if e.kind == "block" else "replace",
            "start_time": e.start_time,
            "end_time": e.end_time,
            "reason": e.reason,
        }
        for e in sorted(rows, key=lambda e: (e.date, e.start_time or time.min))
    ]


def _exception_payload(data: dict[str, Any]) -> dict[str, Any]:
    raw: dict[str, Any] = {"date": data["date"].isoformat(), "reason": data.get("reason", "")}
    if data["kind"] == "replace":
        raw.update(start_time=_hhmm(data["start_time"]), end_time=_hhmm(data["end_time"]))
    return raw


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")
