"""Small filters the mentors pages need: money in the reader's words, a dict lookup."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency
from django import template

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str = "USD") -> str:
    """75 and "USD" -> "$75.00"; "EUR" -> "€75.00". Blank when there is no amount."""
    if amount is None:
        return ""
    return format_currency(amount, currency or "USD", locale="en")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def contains(collection, item) -> bool:
    return bool(collection) and item in collection
