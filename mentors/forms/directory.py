"""The directory's filter form and the choices it offers."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django import forms

from accounts import reference
from mentors.models import Category

SORT_CHOICES = [
    ("", "Best match"),
    ("rating", "Highest rated"),
    ("rate", "Lowest price"),
    ("experience", "Most experienced"),
    ("newest", "Newest"),
]


DAY_CHOICES = [
    ("", "Any day"),
    ("monday", "Monday"),
    ("tuesday", "Tuesday"),
    ("wednesday", "Wednesday"),
    ("thursday", "Thursday"),
    ("friday", "Friday"),
    ("saturday", "Saturday"),
    ("sunday", "Sunday"),
]

TIME_CHOICES = [
    ("", "Any time"),
    ("morning", "Morning (6:00–12:00)"),
    ("afternoon", "Afternoon (12:00–17:00)"),
    ("evening", "Evening (17:00–22:00)"),
]


RATING_CHOICES = [
    ("", "Any rating"),
    ("3", "3 stars or more"),
    ("4", "4 stars or more"),
    ("4.5", "4.5 stars or more"),
]


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
    free_this_week = forms.BooleanField(label="Free this week", required=False)
    day_of_week = forms.ChoiceField(
        label="Free on", required=False, choices=DAY_CHOICES, help_text="Within the next two weeks."
    )
    time_of_day = forms.ChoiceField(label="Time of day", required=False, choices=TIME_CHOICES)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)
    currency = forms.ChoiceField(
        label="Show prices in", required=False, help_text="Approximate, at the rates our staff keep."
    )

    def __init__(self, *args, currencies: list[str] = (), viewer_currency: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        self.fields["language"].choices = language_choices()
        self.fields["currency"].choices = [(code, code) for code in currencies]
        self.fields["currency"].initial = viewer_currency
        # The price bounds are in the currency prices are shown in.
        if viewer_currency:
            self.fields["min_rate"].label = f"Lowest rate ({viewer_currency})"
            self.fields["max_rate"].label = f"Highest rate ({viewer_currency})"

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
            "free_this_week": data.get("free_this_week", False),
            "day_of_week": data.get("day_of_week", ""),
            "time_of_day": data.get("time_of_day", ""),
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
            for name in (
                "category",
                "min_rate",
                "max_rate",
                "language",
                "min_rating",
                "free_this_week",
                "day_of_week",
                "time_of_day",
            )
            if self.data.get(name)
        )
