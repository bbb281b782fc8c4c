"""Demo exchange rates (`manage.py seed_demo`): the currencies the demo mentors charge in and a
few viewers commonly use, so the directory shows approximate prices. Existing rates are kept."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core import exchange
from core.models import ExchangeRate

# Units per one US dollar (the default base currency), rounded; staff update them in the admin.
RATES = {
    "EUR": "0.92",
    "GBP": "0.79",
    "CAD": "1.36",
    "AUD": "1.52",
    "JPY": "150",
    "INR": "83.2",
    "BRL": "5.0",
    "KES": "129",
    "CHF": "0.88",
}


def seed(stdout) -> None:
    base = exchange.base_currency()
    added = []
    for code, rate in RATES.items():
        if code == base:
            continue
        _, created = ExchangeRate.objects.get_or_create(
            currency=code, defaults={"rate": Decimal(rate), "as_of": date.today()}
        )
        if created:
            added.append(code)
    if added:
        exchange.exchange_rates_saved(added)
    stdout.write(f"  {len(added)} demo exchange rates added (base {base})")
