"""Approximate prices in the viewer's currency, from the exchange-rate table staff keep.

A mentor's price stays in the mentor's currency: that is what is charged (core.money). Next to it
the directory shows what it comes to in the viewer's currency, converted through
core.models.ExchangeRate (edited in the admin, each rate dated; no live FX service), and the
price filter and sort compare every mentor in settings.MONEY_BASE_CURRENCY.

- `rates()`: {currency: units per one base unit}, the base itself at 1; read from the cache
  (CACHE_SECONDS; the database while Redis is down).
- `to_base()` / `convert()`: an amount in another currency, None without a rate for it.
- `viewer_currency(request)`: the currency a viewer sees approximate prices in.
- `rates_changed`: sent on commit after staff change the table (currencies=[...]); the apps that
  keep converted amounts (mentors' normalised rate) recompute them.
"""

from __future__ import annotations

from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import get_territory_currencies
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal
from django.utils import translation

from core.money import Money, normalize_currency
from core.outage import cache_outage

rates_changed = Signal()  # currencies: list[str]

CACHE_KEY = "core:exchange-rates:v1"
CACHE_SECONDS = 300
COOKIE = "currency"


def base_currency() -> str:
    return settings.MONEY_BASE_CURRENCY


def rates() -> dict[str, Decimal]:
    """Units of each currency per one unit of the base currency (the base is 1)."""
    found = cache_outage.attempt(lambda: cache.get(CACHE_KEY), fallback=None)
    if found is None:
        from core.models import ExchangeRate

        found = {code: rate for code, rate in ExchangeRate.objects.values_list("currency", "rate")}
        cache_outage.attempt(lambda: cache.set(CACHE_KEY, found, CACHE_SECONDS), fallback=None)
    return {**found, base_currency(): Decimal(1)}


def currencies() -> list[str]:
    """The currencies prices can be shown in: the base and every one with a rate."""
    return sorted(rates())


def to_base(amount: Decimal | None, currency: str) -> Decimal | None:
    """`amount` of `currency` in the base currency, unrounded; None without a rate."""
    rate = rates().get((currency or "").upper())
    if amount is None or rate is None:
        return None
    return Decimal(amount) / rate


def convert(
    amount: Decimal | None, currency: str, to: str, *, table: dict[str, Decimal] | None = None
) -> Money | None:
    """`amount` of `currency` in `to`, rounded to `to`'s minor units; None without both rates.
    `table`: the rates() a caller converting many amounts read once."""
    table = rates() if table is None else table
    source, target = table.get((currency or "").upper()), table.get((to or "").upper())
    if amount is None or source is None or target is None:
        return None
    return Money(Decimal(amount) / source * target, to)


def _locale_currency(tag: str | None) -> str | None:
    if not tag:
        return None
    try:
        territory = Locale.parse(tag.replace("-", "_")).territory
    except (ValueError, UnknownLocaleError):
        return None
    if not territory:
        return None
    found = get_territory_currencies(territory, tender=True)
    return found[0] if found else None


def viewer_currency(request=None, asked: str | None = None) -> str:
    """The currency approximate prices are shown in, the first of these that has a rate:
    the one asked for (?currency=), the signed-in user's own (their account setting), the
    `currency` cookie a visitor chose, the region of their language (de-AT → EUR), the base."""
    known = rates()
    user = getattr(request, "user", None) if request is not None else None
    candidates = [
        asked,
        getattr(user, "currency", None) if user is not None and user.is_authenticated else None,
        request.COOKIES.get(COOKIE) if request is not None else None,
        _locale_currency(request.headers.get("Accept-Language", "").split(",")[0].split(";")[0])
        if request is not None
        else None,
        _locale_currency(translation.get_language()),
    ]
    for candidate in candidates:
        code = normalize_currency(candidate or "")
        if code in known:
            return code
    return base_currency()


def exchange_rates_saved(currencies: list[str]) -> None:
    """After staff changed rates (in the current transaction): forget the cached table now and,
    once committed, tell the apps that keep converted amounts."""
    forget = lambda: cache.delete(CACHE_KEY)  # noqa: E731
    cache_outage.attempt(forget, fallback=None)

    def announce() -> None:
        cache_outage.attempt(forget, fallback=None)
        rates_changed.send(sender=None, currencies=sorted({c.upper() for c in currencies}))

    transaction.on_commit(announce)
