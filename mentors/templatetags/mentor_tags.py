"""Small filters the mentors pages need: a dict lookup, a membership test (prices use
core's `{% load money %}`)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def contains(collection, item) -> bool:
    return bool(collection) and item in collection


@register.filter
def approx_rate(cards, mentor):
    """The mentor's hourly rate in the viewer's currency (a core.money.Money), or None."""
    return cards.approximate_rate(mentor) if cards else None
