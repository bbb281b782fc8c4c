"""Money, in one place: the value type, its rounding, its wording and its API shape.

- `Money(amount, currency)` is a Decimal with an ISO 4217 code, rounded half-up to the
  currency's minor units as CLDR (babel) knows them: JPY has none, USD and EUR two.
- `format_money()` words it for people (pages, mails, the PDF receipt) with babel, in the
  viewer's locale: the user's `preferred_language`, else the active language, else
  settings.LANGUAGE_CODE. Templates use `{% load money %}{{ price|money:currency }}`.
- `MoneyOut` / `MoneyIn` are the API's `{"amount": "75.00", "currency": "USD"}` (API.md §0),
  one `Money` component in the OpenAPI schema.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Any

import pycountry
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import format_currency, get_currency_precision, get_territory_currencies
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

# The largest amount anyone may type: prices are DecimalField(max_digits=10, decimal_places=2).
MAX_AMOUNT = Decimal(10) ** 8


# --- currencies -------------------------------------------------------------------------------


@cache
def currency_codes() -> frozenset[str]:
    """ISO 4217 codes (pycountry) that are legal tender in some territory today (CLDR): funds,
    metals and withdrawn currencies are not money anyone is charged in."""
    codes: set[str] = set()
    for territory in get_global("territory_currencies"):
        codes.update(get_territory_currencies(territory, tender=True))
    return frozenset(code for code in codes if pycountry.currencies.get(alpha_3=code) is not None)


def normalize_currency(value: str) -> str | None:
    code = (value or "").strip().upper()
    return code if code in currency_codes() else None


def minor_digits(currency: str) -> int:
    """Digits after the point: JPY 0, USD and EUR 2, KWD 3."""
    return get_currency_precision(currency.upper())


def round_money(amount: Decimal | int | str, currency: str) -> Decimal:
    return Decimal(amount).quantize(Decimal(1).scaleb(-minor_digits(currency)), rounding=ROUND_HALF_UP)


# --- the value ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency, already rounded to that currency's minor units.

    A small dataclass rather than py-moneyed's Money: that one neither rounds nor carries a
    currency's digits, and babel (which we already use for wording) knows both."""

    amount: Decimal
    currency: str

    def __post_init__(self):
        currency = str(self.currency).upper()
        object.__setattr__(self, "currency", currency)
        object.__setattr__(self, "amount", round_money(self.amount, currency))

    def __str__(self) -> str:
        return format_money(self)

    def as_dict(self) -> dict[str, str]:
        """The API's value: {"amount": "75.00", "currency": "USD"}, {"amount": "5000", ...} in JPY."""
        return {"amount": f"{self.amount:f}", "currency": self.currency}


def money_or_none(amount: Decimal | None, currency: str | None) -> Money | None:
    return None if amount is None or not currency else Money(amount, currency)


# --- wording for people ---------------------------------------------------------------------

# Whose locale a page is written in: set per request by ViewerLocaleMiddleware, read lazily so
# a page that shows no price never loads the user for it.
_viewer: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("money_viewer", default=None)


def _babel_locale(tag: str | None) -> Locale | None:
    if not tag:
        return None
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None


def locale_for(user=None) -> Locale:
    """The locale to word money in for `user` (the page's viewer when left out)."""
    if user is None:
        request = _viewer.get()
        user = getattr(request, "user", None) if request is not None else None
    for tag in (
        getattr(user, "preferred_language", None),
        translation.get_language(),
        settings.LANGUAGE_CODE,
    ):
        locale = _babel_locale(tag)
        if locale is not None:
            return locale
    return Locale("en")


def format_money(value: Money | Decimal | None, currency: str | None = None, *, user=None) -> str:
    """ "$75.00", "€75.00", "¥5,000" in English; "75,00 €" in German. Blank without an amount.

    The narrow no-break space some locales use (French) becomes a plain no-break space, which
    the PDF receipt's standard fonts can draw, so the same string stands on every medium."""
    if value is None or value == "":  # "" is what a template passes for a missing variable
        return ""
    money = value if isinstance(value, Money) else money_or_none(value, currency)
    if money is None:
        return ""
    text = format_currency(money.amount, money.currency, locale=locale_for(user))
    return text.replace("\u202f", "\u00a0")


class ViewerLocaleMiddleware:
    """Lets `format_money` (and so the `money` filter) find the viewer of the page it renders."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with viewing(request):
            return self.get_response(request)


@contextmanager
def viewing(request: HttpRequest | None) -> Iterator[None]:
    token = _viewer.set(request)
    try:
        yield
    finally:
        _viewer.reset(token)


# --- the API's shape ------------------------------------------------------------------------


def _read(obj: Any, name: str) -> Any:
    for part in name.split("."):
        obj = obj.get(part) if isinstance(obj, Mapping) else getattr(obj, part, None)
        if obj is None:
            return None
    return obj


@extend_schema_serializer(component_name="Money")
class MoneyOut(serializers.Serializer):
    """An amount of money: a decimal string in the currency's minor units and its ISO 4217 code."""

    # As a field, `price = MoneyOut()` reads the object's `price` and the `currency` next to it;
    # `MoneyOut(amount="fee_amount")` reads another attribute, `currency="..."` another currency.
    # The attribute may hold a Money already; no amount renders null (say `allow_null=True`).
    # `MoneyOut(value).data` renders one Money, or a dict or object with amount and currency.

    amount = serializers.CharField(
        help_text='A decimal string in the currency\'s minor units: "75.00"; "5000" in JPY.'
    )
    currency = serializers.CharField(help_text="ISO 4217 code.")

    def __init__(self, *args, amount: str | None = None, currency: str = "currency", **kwargs):
        self.amount_attr, self.currency_attr = amount, currency
        if not args:
            kwargs.setdefault("source", "*")
            kwargs.setdefault("read_only", True)
        super().__init__(*args, **kwargs)

    def to_representation(self, instance):
        value = self.as_money(instance)
        return None if value is None else value.as_dict()

    def as_money(self, instance) -> Money | None:
        name = self.amount_attr or self.field_name
        if name and self.source == "*":
            found = _read(instance, name)
            if found is None or isinstance(found, Money):
                return found
            return money_or_none(found, _read(instance, self.currency_attr))
        if instance is None or isinstance(instance, Money):
            return instance
        return money_or_none(_read(instance, "amount"), _read(instance, "currency"))


def money_out(amount: Decimal | Money | None, currency: str | None = None) -> dict[str, str] | None:
    """The API's dict for one amount, for method fields and hand-built bodies."""
    value = amount if isinstance(amount, Money) or amount is None else money_or_none(amount, currency)
    return None if value is None else value.as_dict()


@dataclass(frozen=True, slots=True)
class MoneyInput:
    """What MoneyIn read: the amount, and the currency if the client named one."""

    amount: Decimal
    currency: str | None


# The same component as MoneyOut (its request form, under COMPONENT_SPLIT_REQUEST).
@extend_schema_field(MoneyOut(read_only=False))
class MoneyIn(serializers.Field):
    """Money sent by a client: {"amount": "75.00", "currency": "USD"}. The currency may be left
    out (the caller's profile currency applies) and a bare amount ("75.00" or 75) is read the
    same way. Amounts are 0 or more, below 10^8, with no more digits than the currency has."""

    default_error_messages = {
        # Braces doubled: DRF formats its messages.
        "invalid": 'Use {{"amount": "75.00", "currency": "USD"}}.',
        "amount": "Use a decimal amount of 0 or more, e.g. 75.00.",
        "digits": "{currency} amounts have at most {digits} decimals.",
        "currency": "Use the ISO 4217 code of a currency in use, e.g. USD.",
    }

    def to_internal_value(self, data) -> MoneyInput:
        if isinstance(data, Mapping):
            if set(data) - {"amount", "currency"} or "amount" not in data:
                self.fail("invalid")
            raw_amount, raw_currency = data["amount"], data.get("currency")
        elif isinstance(data, (str, int, float)) and not isinstance(data, bool):
            raw_amount, raw_currency = data, None
        else:
            self.fail("invalid")
        if isinstance(raw_amount, bool) or not isinstance(raw_amount, (str, int, float)):
            self.fail("amount")
        try:
            amount = Decimal(str(raw_amount).strip())
        except InvalidOperation:
            self.fail("amount")
        if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
            self.fail("amount")
        currency = None
        if raw_currency not in (None, ""):
            currency = normalize_currency(str(raw_currency))
            if currency is None:
                self.fail("currency")
        # Prices are stored with two decimals: no currency may carry more here (KWD has three).
        digits = min(minor_digits(currency), 2) if currency else 2
        exact = amount.quantize(Decimal(1).scaleb(-digits))
        if exact != amount:
            self.fail("digits", currency=currency or "Prices", digits=digits)
        return MoneyInput(amount=exact, currency=currency)

    def to_representation(self, value):
        return money_out(value.amount, value.currency) if isinstance(value, MoneyInput) else value


def flatten_money(
    attrs: dict[str, Any], name: str, *, currency_key: str | None = "currency"
) -> dict[str, Any]:
    """{"price": MoneyInput} → price=Decimal (and currency=..., when the client named one and
    `currency_key` says where it goes) for the services, which take plain values."""
    if name in attrs:
        value = attrs.pop(name)
        attrs[name] = None if value is None else value.amount
        if value is not None and value.currency and currency_key:
            attrs[currency_key] = value.currency
    return attrs
