"""The query parameters of a list, as django-filter FilterSets (API.md §0, Lists).

A FilterSet here declares, parses and validates a list's parameters, and drf-spectacular documents
them from it. The filtering itself stays in the app's selector, the one home of reads that the
pages share: the view hands the FilterSet's cleaned values to it (`ListView` in core/api.py).

A bad value (an unknown choice, a bad date or number, a NUL byte, a date the database cannot
hold) is `400 VALIDATION_ERROR` with `details` naming the parameter.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.fields import BooleanField as DrfBoolean

from core.errors import ValidationFailed

# Days a filter accepts: far enough for any real question, near enough that turning a day into
# an aware datetime (a zone's offset either way) never leaves the range Python and SQL can hold.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(9998, 12, 31)


class StrictBooleanField(forms.Field):
    """true/false/1/0/yes/no (as DRF reads them); anything else is an error, not "no filter"
    (Django's NullBooleanField would quietly ignore `?is_read=maybe`)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().lower() if isinstance(value, str) else value
        if text in DrfBoolean.TRUE_VALUES:
            return True
        if text in DrfBoolean.FALSE_VALUES:
            return False
        raise forms.ValidationError("Use true or false.", code="invalid")


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class DateFilter(django_filters.DateFilter):
    """YYYY-MM-DD only (Django's forms would also read 04/01/2027, which is ambiguous)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault(
            "validators",
            [
                MinValueValidator(FIRST_DAY, message=f"Use a date from {FIRST_DAY.isoformat()} on."),
                MaxValueValidator(LAST_DAY, message=f"Use a date up to {LAST_DAY.isoformat()}."),
            ],
        )
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


@extend_schema_field(OpenApiTypes.DOUBLE)
class FloatFilter(django_filters.NumberFilter):
    field_class = forms.FloatField


class CharInFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    """`en,de` → ["en", "de"]: any of them (blank parts dropped)."""


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """`confirmed,completed` → ["confirmed", "completed"]; each must be one of the choices."""


_FORM_CLASSES: dict[type, type[forms.Form]] = {}


class _ReadOnlyFields(dict):
    """A list form's fields, shared by every form of its class: Django deep-copies a form's
    fields for each instance, so that one form may change its own, but these only ever clean
    query parameters (clean() reads a field, never changes it). Copied, they are the same
    fields in a dict of the form's own."""

    def __deepcopy__(self, memo) -> dict:
        return dict(self)


class ListFilters(django_filters.FilterSet):
    """Base of every list's FilterSet. `ranges` names (first, last) pairs whose last may not come
    before its first; `check()` holds any other rule across parameters and returns the values,
    possibly completed, or raises ValidationFailed."""

    ranges: tuple[tuple[str, str], ...] = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # A FilterSet here only validates (the selector filters), so its declared filters are
        # read and never changed: they are shared instead of deep-copied on every request, as
        # django-filter does for FilterSets that filter querysets themselves.
        self.is_bound = data is not None
        self.data = data if data is not None else QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = self.base_filters

    def get_form_class(self):
        # The form's fields come from the declared filters alone, never from the request: the
        # class is built once per FilterSet, and its forms share its fields (_ReadOnlyFields).
        form_class = _FORM_CLASSES.get(type(self))
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = _ReadOnlyFields(form_class.base_fields)
            _FORM_CLASSES[type(self)] = form_class
        return form_class

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        return values

    def values(self) -> dict[str, Any]:
        """The parameters the caller gave, parsed; ValidationFailed names each bad one."""
        if not self.is_valid():
            raise invalid(self.errors)
        values = {}
        for name, value in self.form.cleaned_data.items():
            if isinstance(value, list):
                value = [part.strip() for part in value if part.strip()]
            if value is None or value == "" or value == []:
                continue  # an empty filter is no filter (django-filter's own reading)
            values[name] = value
        for first, last in self.ranges:
            if first in values and last in values and values[last] < values[first]:
                raise ValidationFailed.for_field(last, f"{last} must not be less than {first}.")
        return self.check(values)


def invalid(errors: dict[str, list[Any]]) -> ValidationFailed:
    """A FilterSet's form errors as the one 400 of API.md §0, each under its parameter's name."""
    details = {name: [str(message) for message in messages] for name, messages in errors.items()}
    name, messages = next(iter(details.items()))
    return ValidationFailed(f"{name}: {messages[0]}", details=details)


def parse(filterset_class: type[ListFilters], request) -> dict[str, Any]:
    """The list's parameters from the request. The queryset is only django-filter's formality:
    nothing is read here, the selector does the reading."""
    model = filterset_class._meta.model
    return filterset_class(data=request.query_params, request=request, queryset=model.objects.none()).values()
