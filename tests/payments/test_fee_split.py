"""The platform fee and the mentor's payout are rounded in the payment's own currency."""

from decimal import Decimal

import pytest

from payments.money import fee_split, refund_split


@pytest.mark.parametrize(
    ("amount", "currency", "fee", "payout"),
    [
        ("75.00", "USD", "11.25", "63.75"),
        ("19.99", "EUR", "3.00", "16.99"),
        ("5000", "JPY", "750", "4250"),
        ("333", "JPY", "50", "283"),
    ],
)
def test_the_fee_is_rounded_to_the_currencys_minor_unit_and_the_payout_is_the_rest(
    amount, currency, fee, payout
):
    got_fee, got_payout = fee_split(Decimal(amount), currency)
    assert (got_fee, got_payout) == (Decimal(fee), Decimal(payout))
    assert got_fee + got_payout == Decimal(amount)


def test_partial_yen_refunds_split_in_whole_yen_and_add_up_to_a_full_refund():
    amount, fee = Decimal("333"), Decimal("50")
    refunded = fee_refunded = Decimal(0)
    parts = []
    for refund in (Decimal("100"), Decimal("100"), Decimal("133")):
        fee_part, payout_part = refund_split(
            amount=amount,
            currency="JPY",
            fee=fee,
            refunded_before=refunded,
            fee_refunded_before=fee_refunded,
            refund=refund,
        )
        parts.append(fee_part)
        assert fee_part == fee_part.to_integral_value() and fee_part + payout_part == refund
        refunded += refund
        fee_refunded += fee_part
    assert fee_refunded == fee
