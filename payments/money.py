"""Payments' money arithmetic (API.md §4): the platform fee split and the gateway's minor units.
The money type, its rounding per currency and its wording live in core.money."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from core.money import round_money

CENT = Decimal("0.01")
# Stripe counts these currencies in whole units (no minor unit).
ZERO_DECIMAL_CURRENCIES = frozenset(
    {
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    }
)


def cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def fee_percent() -> Decimal:
    return Decimal(str(settings.PAYMENTS_PLATFORM_FEE_PERCENT))


def fee_split(amount: Decimal, currency: str) -> tuple[Decimal, Decimal]:
    """(platform fee, mentor payout): 75.00 USD → (11.25, 63.75); 333 JPY → (50, 283), since a
    yen has no minor unit. The payout is the remainder, so the two always add up to the amount."""
    fee = round_money(amount * fee_percent() / 100, currency)
    return fee, cents(amount) - fee


def refund_split(
    *,
    amount: Decimal,
    currency: str,
    fee: Decimal,
    refunded_before: Decimal,
    fee_refunded_before: Decimal,
    refund: Decimal,
) -> tuple[Decimal, Decimal]:
    """(fee part, payout part) of a refund, in proportion to the payment.

    Computed on the running total, not per refund: several partial refunds then add up to
    exactly the fee and payout of a full one, with no cent lost to rounding.
    """
    total_after = refunded_before + refund
    if total_after == amount:
        fee_after = fee
    else:
        fee_after = round_money(fee * total_after / amount, currency)
    fee_part = fee_after - fee_refunded_before
    return fee_part, refund - fee_part


def to_minor(amount: Decimal, currency: str) -> int:
    if currency.upper() in ZERO_DECIMAL_CURRENCIES:
        return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return int((cents(amount) * 100).to_integral_value())


def from_minor(value: int, currency: str) -> Decimal:
    if currency.upper() in ZERO_DECIMAL_CURRENCIES:
        return Decimal(value).quantize(CENT)
    return (Decimal(value) / 100).quantize(CENT)
