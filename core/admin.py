"""Admin pieces every app uses."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core import exchange
from core.models import ExchangeRate
from core.money import format_money, normalize_currency


class ReadOnlyAdminMixin:
    """For a ModelAdmin or an inline over rows only services write (money, audit, bookings,
    messages): staff look, and act through admin actions that call those services, but never
    add, edit or delete a row by hand. Put it first: `class X(ReadOnlyAdminMixin, admin.ModelAdmin)`."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def money_column(amount_field: str, *, currency_field: str = "currency", label: str | None = None):
    """A list column that words a row's amount as every page does (core.money), sortable by the
    amount: `list_display = (..., money_column("price"), ...)`."""

    @admin.display(description=label or amount_field.replace("_", " "), ordering=amount_field)
    def column(obj) -> str:
        return format_money(getattr(obj, amount_field), getattr(obj, currency_field))

    column.__name__ = f"{amount_field}_money"
    return column


def _name_row_fields(form, index) -> None:
    """Give each field of a formset's row an accessible name that says the row too, so "Start
    time, row 2" is not one of ten fields called "Start time"."""
    where = _("new row") if index is None else _("row %(number)d") % {"number": index + 1}
    for field in form.fields.values():
        widget = getattr(field.widget, "widget", field.widget)
        label = capfirst(field.label or "") or _("Delete")
        widget.attrs = {**widget.attrs, "aria-label": f"{label}, {where}"}


def _labelled(formset):
    class LabelledFormSet(formset):
        def add_fields(self, form, index):
            super().add_fields(form, index)  # after the form's own: DELETE and the key
            _name_row_fields(form, index)

    LabelledFormSet.__name__ = formset.__name__
    return LabelledFormSet


class LabelledInlineMixin:
    """An inline whose fields each have an accessible name: a tabular inline shows its labels
    only as column headings, which name no field (axe: label, select-name; critical)."""

    def get_formset(self, request, obj=None, **kwargs):
        return _labelled(super().get_formset(request, obj, **kwargs))


class LabelledAdminMixin:
    """A model admin whose editable fields all have accessible names: the change list's
    `list_editable` cells (column headings only, like a tabular inline) and the date and time
    halves of a split date-time field (Django labels only the first)."""

    def get_changelist_formset(self, request, **kwargs):
        return _labelled(super().get_changelist_formset(request, **kwargs))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(field, "widget", None)
        widget = getattr(widget, "widget", widget)  # under the related-field wrapper
        if isinstance(widget, forms.SplitDateTimeWidget):
            label = capfirst(db_field.verbose_name)
            date, time = widget.widgets
            date.attrs = {**date.attrs, "aria-label": _("%(field)s: date") % {"field": label}}
            time.attrs = {**time.attrs, "aria-label": _("%(field)s: time") % {"field": label}}
        return field


class ExchangeRateForm(forms.ModelForm):
    class Meta:
        model = ExchangeRate
        fields = ["currency", "rate", "as_of"]

    def clean_currency(self) -> str:
        code = normalize_currency(self.cleaned_data["currency"])
        if code is None:
            raise forms.ValidationError("Use the ISO 4217 code of a currency in use, e.g. EUR.")
        if code == exchange.base_currency():
            raise forms.ValidationError(f"{code} is the base currency: its rate is always 1.")
        return code


@admin.register(ExchangeRate)
class ExchangeRateAdmin(LabelledAdminMixin, admin.ModelAdmin):
    """Rates for approximate prices (core.exchange), each with the date it is from."""

    form = ExchangeRateForm
    list_display = ("currency", "rate", "as_of", "updated_at")
    list_editable = ("rate", "as_of")
    search_fields = ("currency",)
    readonly_fields = ("updated_at",)

    @admin.display(description="base currency")
    def base(self, obj=None) -> str:
        return exchange.base_currency()

    def get_readonly_fields(self, request, obj=None):
        return ("base", *super().get_readonly_fields(request, obj))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        exchange.exchange_rates_saved([obj.currency])

    def delete_model(self, request, obj):
        currency = obj.currency
        super().delete_model(request, obj)
        exchange.exchange_rates_saved([currency])

    def delete_queryset(self, request, queryset):
        currencies = list(queryset.values_list("currency", flat=True))
        super().delete_queryset(request, queryset)
        exchange.exchange_rates_saved(currencies)
