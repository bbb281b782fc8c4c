"""Forms of the mentors pages. They check shape only; the rules live in mentors.services.

A rule the service enforces (a rate below zero, overlapping hours, an unknown time zone) comes
back as a DomainError, which accounts.forms.add_domain_error puts on the field it names.
"""

from __future__ import annotations

import uuid
from datetime import time
from decimal import Decimal
from typing import Any

from django import forms

from accounts import reference
from mentors.models import SLOT_DURATIONS, Category, Subject
from mentors.services import RULE_BOUNDS, WEEKDAYS

SORT_CHOICES = [
    ("", "Best match"),
    ("rating", "Highest rated"),
    ("rate", "Lowest price"),
    ("experience", "Most experienced"),
    ("newest", "Newest"),
]
RATING_CHOICES = [
    ("", "Any rating"),
    ("3", "3 stars or more"),
    ("4", "4 stars or more"),
    ("4.5", "4.5 stars or more"),
]
DURATION_CHOICES = [(d, f"{d} minutes") for d in SLOT_DURATIONS]
# The languages a directory visitor can filter by: the ones people most often ask for first.
COMMON_LANGUAGES = (
    "en",
    "es",
    "fr",
    "de",
    "pt",
    "it",
    "nl",
    "pl",
    "ar",
    "hi",
    "zh",
    "ja",
    "ko",
    "ru",
    "tr",
    "uk",
)


def category_choices() -> list[tuple[str, Any]]:
    """Top-level categories, each followed by its subcategories, as <optgroup>s."""
    rows = list(
        Category.objects.filter(is_active=True).select_related("parent").order_by("sort_order", "name")
    )
    groups: list[tuple[str, Any]] = [("", "All categories")]
    for top in (c for c in rows if c.parent_id is None):
        children = [(str(c.pk), c.name) for c in rows if c.parent_id == top.pk]
        groups.append((top.name, [(str(top.pk), f"All of {top.name}"), *children]))
    return groups


def language_choices() -> list[tuple[str, str]]:
    names = {row["code"]: row["name"] for row in reference.languages()}
    return [("", "Any language"), *((code, names[code]) for code in COMMON_LANGUAGES if code in names)]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="A name, a skill or a topic, e.g. “Python” or “public speaking”.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(label="Category", required=False)
    min_rate = forms.DecimalField(
        label="Lowest rate",
        required=False,
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"size": "6", "inputmode": "decimal", "step": "1"}),
    )
    max_rate = forms.DecimalField(
        label="Highest rate",
        required=False,
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"size": "6", "inputmode": "decimal", "step": "1"}),
    )
    language = forms.ChoiceField(label="Language", required=False)
    min_rating = forms.ChoiceField(label="Rating", required=False, choices=RATING_CHOICES)
    available = forms.BooleanField(label="Free in the next 24 hours", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        self.fields["language"].choices = language_choices()

    def clean(self):
        data = super().clean()
        low, high = data.get("min_rate"), data.get("max_rate")
        if low is not None and high is not None and low > high:
            self.add_error("max_rate", "The highest rate must be at least the lowest.")
            # A range the wrong way round says nothing about the price wanted: drop both ends.
            data.pop("min_rate", None)
        return data

    def filters(self) -> dict[str, Any]:
        """Keyword arguments of mentors.search.MentorFilters from the fields that are valid."""
        self.is_valid()
        data = self.cleaned_data
        found: dict[str, Any] = {
            "q": data.get("q", ""),
            "sort": data.get("sort", ""),
            "available": data.get("available", False),
        }
        category = data.get("category")
        if category:
            tops = {
                value
                for _, group in self.fields["category"].choices
                if isinstance(group, list)
                for value, _ in group[:1]
            }
            found["category_id" if category in tops else "subcategory_id"] = uuid.UUID(category)
        if data.get("min_rate") is not None:
            found["min_rate"] = data["min_rate"]
        if data.get("max_rate") is not None:
            found["max_rate"] = data["max_rate"]
        if data.get("language"):
            found["languages"] = (data["language"],)
        if data.get("min_rating"):
            found["min_rating"] = Decimal(data["min_rating"])
        return found

    def query_string(self) -> str:
        """The filters as a query string without the page, for the pager's links."""
        params = self.data.copy()
        params.pop("page", None)
        return params.urlencode()

    def active_count(self) -> int:
        return sum(
            1
            for name in ("category", "min_rate", "max_rate", "language", "min_rating", "available")
            if self.data.get(name)
        )


# --- the mentor's own pages ---------------------------------------------------------------------


class ProfileBasicsForm(forms.Form):
    title = forms.CharField(
        label="Professional title",
        max_length=120,
        help_text="What you do, e.g. “Senior UX Designer”.",
    )
    headline = forms.CharField(
        label="Headline",
        max_length=200,
        required=False,
        help_text="One line learners see under your name.",
    )
    bio = forms.CharField(
        label="About you",
        max_length=5000,
        help_text="Your experience and how you help learners.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    hourly_rate = forms.DecimalField(
        label="Hourly rate",
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"size": "6", "inputmode": "decimal", "step": "0.01"}),
    )
    currency = forms.CharField(
        label="Currency",
        max_length=3,
        min_length=3,
        help_text="A three-letter code, e.g. USD or EUR.",
        widget=forms.TextInput(attrs={"size": "4", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    years_of_experience = forms.IntegerField(
        label="Years of experience", min_value=0, max_value=80, widget=forms.NumberInput(attrs={"size": "4"})
    )
    languages = forms.CharField(
        label="Languages you mentor in",
        max_length=100,
        help_text="Language codes separated by commas, e.g. “en, de”.",
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )

    def clean_currency(self) -> str:
        code = reference.normalize_currency(self.cleaned_data["currency"])
        if code is None:
            raise forms.ValidationError("Use a three-letter currency code, e.g. USD.")
        return code

    def clean_languages(self) -> list[str]:
        codes = []
        for raw in self.cleaned_data["languages"].split(","):
            if not raw.strip():
                continue
            code = reference.normalize_language(raw)
            if code is None:
                raise forms.ValidationError(
                    f"“{raw.strip()}” is not a language code; use e.g. en, de or pt-BR."
                )
            codes.append(code)
        if not codes:
            raise forms.ValidationError("Name at least one language.")
        return list(dict.fromkeys(codes))


class ProfileDetailsForm(forms.Form):
    """What the editor adds to the basics: the longer texts and links."""

    description = forms.CharField(
        label="What a session with you looks like",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    teaching_philosophy = forms.CharField(
        label="How you teach", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    intro_video_url = forms.URLField(label="Introduction video (link)", required=False, assume_scheme="https")
    portfolio_url = forms.URLField(label="Portfolio (link)", required=False, assume_scheme="https")
    linkedin_url = forms.URLField(label="LinkedIn (link)", required=False, assume_scheme="https")
    is_accepting_bookings = forms.BooleanField(label="I am taking new bookings", required=False)


class ProfileEditForm(ProfileDetailsForm, ProfileBasicsForm):
    """The basics first, then the longer texts and links (fields follow the bases' reverse MRO)."""


class TopicsForm(forms.Form):
    subcategories = forms.MultipleChoiceField(
        label="Areas you mentor in",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Pick every area that fits; learners filter the directory by them.",
    )
    subject_ids = forms.MultipleChoiceField(
        label="Subjects you teach", required=False, widget=forms.CheckboxSelectMultiple
    )
    skills = forms.CharField(
        label="Skills",
        required=False,
        max_length=1000,
        help_text="Separated by commas, e.g. “Figma, user research, prototyping”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = list(Category.objects.filter(is_active=True).order_by("sort_order", "name"))
        tops = {c.pk: c for c in rows if c.parent_id is None}
        self.parents = {str(c.pk): str(c.parent_id) for c in rows if c.parent_id in tops}
        self.fields["subcategories"].choices = [
            (top.name, [(str(c.pk), c.name) for c in rows if c.parent_id == top.pk]) for top in tops.values()
        ]
        self.fields["subject_ids"].choices = [
            (str(s.pk), s.name) for s in Subject.objects.filter(is_active=True).order_by("name")
        ]

    def clean_skills(self) -> list[str]:
        return list(dict.fromkeys(s.strip() for s in self.cleaned_data["skills"].split(",") if s.strip()))

    def service_data(self) -> dict[str, Any]:
        """The shape mentors.services takes: [{category_id, subcategory_ids}], subject ids, skill names."""
        grouped: dict[str, list[str]] = {}
        for sub in self.cleaned_data["subcategories"]:
            grouped.setdefault(self.parents[sub], []).append(sub)
        return {
            "categories": [{"category_id": top, "subcategory_ids": subs} for top, subs in grouped.items()],
            "subject_ids": self.cleaned_data["subject_ids"],
            "skills": self.cleaned_data["skills"],
        }


class ServiceForm(forms.Form):
    title = forms.CharField(label="Session name", max_length=120, help_text="e.g. “Portfolio review”.")
    duration_minutes = forms.TypedChoiceField(
        label="Length", choices=DURATION_CHOICES, coerce=int, initial=60
    )
    price = forms.DecimalField(
        label="Price",
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"size": "6", "inputmode": "decimal", "step": "0.01"}),
    )
    description = forms.CharField(
        label="What it covers", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- availability -------------------------------------------------------------------------------

WINDOWS_PER_DAY = 2
BOOKING_RULE_FIELDS = (
    "min_notice_hours",
    "max_advance_days",
    "cancellation_deadline_hours",
    "buffer_before_minutes",
    "buffer_after_minutes",
    "max_sessions_per_day",
    "max_booked_minutes_per_day",
    "min_gap_minutes",
    "auto_confirm",
)
DAY_LABELS = {day: day.capitalize() for day in WEEKDAYS}


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label, required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


class AvailabilityForm(forms.Form):
    """The weekly grid (two windows a day), time zone, session length and booking rules.

    Exceptions are edited by their own forms below, so a mistake in one never loses the other.
    """

    timezone = forms.CharField(
        label="Your time zone",
        max_length=64,
        help_text="Your hours are kept in this zone, so they stay right when clocks change.",
        widget=forms.TextInput(
            attrs={"list": "timezone-options", "autocapitalize": "none", "spellcheck": "false"}
        ),
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


class CalendarFeedForm(forms.Form):
    """Add an external calendar: its secret iCalendar address and a name of the mentor's choosing."""

    url = forms.CharField(
        label="Calendar address",
        max_length=2000,
        help_text="The secret iCal address of your calendar, starting with https:// or webcal://. "
        "Google Calendar: Settings, your calendar, “Secret address in iCal format”. Outlook: "
        "Settings, Calendar, Shared calendars, Publish a calendar, the ICS link. Apple Calendar: "
        "share the calendar as a public calendar and copy its link.",
        widget=forms.URLInput(attrs={"autocapitalize": "none", "spellcheck": "false", "inputmode": "url"}),
    )
    name = forms.CharField(
        label="Name",
        max_length=120,
        required=False,
        help_text="Only you see it, e.g. “Work”.",
    )
