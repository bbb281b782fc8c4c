"""The filters of mentors' lists (API.md §2): search, proximity, reviews, slots, taxonomy, staff,
and the two rankings (recommended mentors, category search).

Search keeps its own query code (mentors/search.py, a fixed number of queries whatever the page):
the FilterSet parses and validates the parameters and hands them to it as `MentorFilters`.
"""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema_field

from accounts import reference
from accounts.models import Skill
from core import exchange
from core import filters as f
from core.errors import ValidationFailed
from core.money import normalize_currency
from mentors.api.serializers.common import DURATION_CHOICES, check_date_range
from mentors.models import Category, LessonType, MentorProfile, MentorStatus, Subject
from mentors.search import TIMES_OF_DAY, WEEKDAYS


def _rate(**kwargs) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(max_digits=10, decimal_places=2, min_value=0, **kwargs)


class TimeZoneFilter(django_filters.CharFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)


class _MentorFilterBase(f.ListFilters):
    ranges = (("min_rate", "max_rate"),)

    q = django_filters.CharFilter(max_length=200, help_text="Name, title, headline, bio, skills.")
    category_id = django_filters.UUIDFilter()
    subcategory_id = django_filters.UUIDFilter()
    subject_id = django_filters.UUIDFilter()
    skill = django_filters.CharFilter(max_length=100, help_text="A skill id, name or slug.")
    languages = f.CharInFilter(max_length=200, help_text="Comma-separated ISO 639-1 codes; any of them.")
    min_rating = django_filters.NumberFilter(max_digits=3, decimal_places=2, min_value=0, max_value=5)
    min_rate = _rate(
        help_text="Hourly rate, in `currency`: every mentor's rate is converted through the "
        "exchange-rate table to compare."
    )
    max_rate = _rate(help_text="Hourly rate, in `currency`.")
    currency = django_filters.CharFilter(
        max_length=3,
        help_text="ISO 4217 code of the price bounds and of each card's `hourly_rate_approx`; "
        "a currency with an exchange rate. Yours (or the base currency) by default.",
    )
    min_experience_years = f.IntegerFilter(min_value=0, max_value=80)
    available = f.BooleanFilter(help_text="An open slot in the next 24 hours.")
    free_this_week = f.BooleanFilter(help_text="An open slot in the next 7 days.")
    day_of_week = django_filters.ChoiceFilter(
        choices=[(day, day) for day in WEEKDAYS],
        help_text="An open slot on this day (in `timezone`) within the next two weeks.",
    )
    time_of_day = django_filters.ChoiceFilter(
        choices=[(name, name) for name in TIMES_OF_DAY],
        help_text="An open slot starting in the morning (06-12), afternoon (12-17) or evening (17-22) "
        "in `timezone`, within the next two weeks (or on `day_of_week`).",
    )
    timezone = TimeZoneFilter(help_text="The zone day_of_week and time_of_day are read in; yours by default.")
    online = f.BooleanFilter(help_text="Connected right now.")
    lesson_type = django_filters.ChoiceFilter(choices=LessonType.choices)

    class Meta:
        model = MentorProfile
        fields: list[str] = []

    def check(self, values):
        codes = []
        for raw in values.get("languages", ()):
            code = reference.normalize_language(raw)
            if code is None:
                raise ValidationFailed.for_field("languages", f"{raw!r} is not an ISO 639-1 language code.")
            codes.append(code)
        if codes:
            values["languages"] = tuple(codes)
        if "timezone" in values:
            name = reference.normalize_time_zone(values["timezone"])
            if name is None:
                raise ValidationFailed.for_field(
                    "timezone", "Use an IANA time zone name, e.g. Europe/Berlin."
                )
            values["timezone"] = name
        if "currency" in values:
            code = normalize_currency(values["currency"])
            if code not in exchange.rates():
                raise ValidationFailed.for_field(
                    "currency",
                    f"Use one of the currencies with an exchange rate: {', '.join(exchange.currencies())}.",
                )
            values["currency"] = code
        return values


class MentorSearchFilters(_MentorFilterBase):
    sort = django_filters.ChoiceFilter(
        choices=[(name, name) for name in ("relevance", "rating", "rate", "experience", "newest")],
        help_text="relevance (default with q), rating (default), rate (cheapest first), experience, newest.",
    )


class MentorProximityFilters(_MentorFilterBase):
    """Always nearest first, so no `sort`."""

    lat = f.FloatFilter(required=True, min_value=-90, max_value=90)
    lng = f.FloatFilter(required=True, min_value=-180, max_value=180)
    radius_km = f.FloatFilter(required=True, min_value=0.1, max_value=200, help_text="At most 200 km.")


class ReviewFilters(f.ListFilters):
    rating = f.IntegerFilter(min_value=1, max_value=5)
    has_response = f.BooleanFilter()
    sort = django_filters.ChoiceFilter(
        choices=[(name, name) for name in ("newest", "oldest", "highest", "lowest")]
    )

    class Meta:
        model = MentorProfile
        fields: list[str] = []


class SlotFilters(f.ListFilters):
    mentor_id = django_filters.UUIDFilter(required=True)
    service_id = django_filters.UUIDFilter(help_text="Slots of this service's length and price.")
    start_date = f.DateFilter(help_text="In `timezone`; today if left out.")
    end_date = f.DateFilter(help_text="Included; four weeks from start_date if left out.")
    duration_minutes = extend_schema_field(
        {"type": "integer", "enum": [minutes for minutes, _ in DURATION_CHOICES]}
    )(django_filters.TypedChoiceFilter(choices=DURATION_CHOICES, coerce=int))
    timezone = TimeZoneFilter(help_text="How times are shown (and dates read); yours by default.")

    class Meta:
        model = MentorProfile
        fields: list[str] = []

    def check(self, values):
        if "timezone" in values:
            name = reference.normalize_time_zone(values["timezone"])
            if name is None:
                raise ValidationFailed.for_field(
                    "timezone", "Use an IANA time zone name, e.g. Europe/Berlin."
                )
            values["timezone"] = name
        return check_date_range(values)


class StaffMentorFilters(f.ListFilters):
    status = django_filters.ChoiceFilter(choices=MentorStatus.choices)
    q = django_filters.CharFilter(max_length=200)
    submitted_from = f.DateFilter()
    submitted_to = f.DateFilter()

    ranges = (("submitted_from", "submitted_to"),)

    class Meta:
        model = MentorProfile
        fields: list[str] = []


class SubjectFilters(f.ListFilters):
    category_id = django_filters.UUIDFilter(help_text="A category or subcategory.")
    q = django_filters.CharFilter(max_length=100)

    class Meta:
        model = Subject
        fields: list[str] = []


class SkillFilters(f.ListFilters):
    q = django_filters.CharFilter(max_length=100)
    category_id = django_filters.UUIDFilter(help_text="Skills that mentors of this category use.")

    class Meta:
        model = Skill
        fields: list[str] = []


# A ranking is read from the top: one page of the best `limit`, no second page to ask for.
# (A schema given with extend_schema_field replaces the generated one, description included.)
RANKING_LIMIT, RANKING_MAX = 10, 50


class _RankingFilters(f.ListFilters):
    limit = extend_schema_field(
        {
            "type": "integer",
            "minimum": 1,
            "maximum": RANKING_MAX,
            "default": RANKING_LIMIT,
            "description": "How many, best first.",
        }
    )(f.IntegerFilter(min_value=1, max_value=RANKING_MAX))

    def check(self, values):
        values.setdefault("limit", RANKING_LIMIT)
        return values


class RecommendedFilters(_RankingFilters):
    class Meta:
        model = MentorProfile
        fields: list[str] = []


class CategorySearchFilters(_RankingFilters):
    q = extend_schema_field(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "description": "What you want to learn, e.g. “learn mobile design”.",
        }
    )(django_filters.CharFilter(required=True, max_length=200))

    class Meta:
        model = Category
        fields: list[str] = []
