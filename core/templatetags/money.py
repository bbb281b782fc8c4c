"""`{% load money %}`: every price on a page or in a mail is written by this one filter.

{{ payment.amount|money:payment.currency }}   an amount and its currency
{{ price|money }}                             a core.money.Money value
"""

from __future__ import annotations

from django import template

from core.money import format_money

register = template.Library()


@register.filter(name="money")
def money_filter(value, currency: str | None = None) -> str:
    """ "$75.00" for a viewer reading English, "75,00 $" for one reading German; blank when
    there is no amount."""
    return format_money(value, currency)
