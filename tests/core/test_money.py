"""core.money: rounding to each currency's minor units, wording in the reader's locale, the
`money` filter, and the API's MoneyOut / MoneyIn."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from rest_framework import serializers

from core.money import Money, MoneyOut, format_money, money_out, viewing
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "currency", "rounded"),
    [
        ("75", "USD", "75.00"),
        ("10.005", "USD", "10.01"),  # half-up, to the cent
        ("10.004", "usd", "10.00"),
        ("5000.00", "JPY", "5000"),  # the yen has no minor unit
        ("5000.5", "JPY", "5001"),
        ("0.125", "EUR", "0.13"),
    ],
)
def test_money_rounds_to_the_currencys_minor_units(amount, currency, rounded):
    value = Money(Decimal(amount), currency)

    assert value.as_dict() == {"amount": rounded, "currency": currency.upper()}


def test_a_refund_line_keeps_its_sign():
    assert money_out(Decimal("-60"), "USD") == {"amount": "-60.00", "currency": "USD"}


@pytest.mark.parametrize(
    ("language", "usd", "eur", "jpy"),
    [
        ("en", "$75.00", "€75.00", "¥5,000"),
        ("de", f"75,00{NBSP}$", f"75,00{NBSP}€", f"5.000{NBSP}¥"),
    ],
)
def test_money_is_worded_in_the_readers_language(db, language, usd, eur, jpy):
    reader = UserFactory(preferred_language=language)

    worded = [
        format_money(Decimal("75"), "USD", user=reader),
        format_money(Money(Decimal("75"), "EUR"), user=reader),
        format_money(Decimal("5000"), "JPY", user=reader),
    ]

    assert worded == [usd, eur, jpy]


def test_without_a_reader_the_active_language_applies():
    with translation.override("de"):
        assert format_money(Decimal("75"), "EUR") == f"75,00{NBSP}€"
    assert format_money(Decimal("75"), "EUR") == "€75.00"  # settings.LANGUAGE_CODE, "en"


def test_the_filter_words_a_price_for_the_pages_viewer(db):
    template = Template(
        "{% load money %}{{ price|money:currency }} | {{ value|money }} | [{{ none|money:'USD' }}]"
    )
    request = RequestFactory().get("/")
    request.user = UserFactory(preferred_language="fr")
    context = Context({"price": Decimal("1234.5"), "currency": "EUR", "value": Money(Decimal("5000"), "JPY")})

    with viewing(request):
        page = template.render(context)

    # French groups with a (narrow) no-break space; one the PDF's fonts can draw stands instead.
    assert page == f"1{NBSP}234,50{NBSP}€ | 5{NBSP}000{NBSP}JPY | []"


def test_money_out_reads_an_amount_and_the_currency_beside_it():
    row = {"fee_amount": Decimal("11.25"), "total": Money(Decimal("5000"), "JPY"), "currency": "USD"}

    class RowOut(serializers.Serializer):
        fee = MoneyOut(amount="fee_amount")
        total = MoneyOut()
        missing = MoneyOut(allow_null=True)

    assert RowOut(row).data == {
        "fee": {"amount": "11.25", "currency": "USD"},
        "total": {"amount": "5000", "currency": "JPY"},
        "missing": None,
    }


@pytest.mark.parametrize(
    ("rate", "problem"),
    [
        ({"amount": "abc", "currency": "USD"}, "decimal amount"),
        ({"amount": "-5", "currency": "USD"}, "decimal amount"),
        ({"amount": "NaN", "currency": "USD"}, "decimal amount"),
        ({"amount": "100000000", "currency": "USD"}, "decimal amount"),
        ({"amount": "10.555", "currency": "USD"}, "USD amounts have at most 2 decimals"),
        ({"amount": "5000.5", "currency": "JPY"}, "JPY amounts have at most 0 decimals"),
        ({"amount": "75.00", "currency": "ZZZ"}, "ISO 4217"),
        ({"amount": "75.00", "currency": "XAU"}, "ISO 4217"),  # gold is not a currency in use
        ({"amount": "75.00", "price": "1"}, 'Use {"amount"'),
        (True, 'Use {"amount"'),
    ],
)
def test_money_in_refuses_a_bad_amount_or_currency_naming_the_field(db, rate, problem):
    mentor = MentorFactory(hourly_rate=Decimal("50.00"))

    response = client_for(mentor.user).patch("/api/v1/mentors/me", {"hourly_rate": rate}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "VALIDATION_ERROR"
    assert problem in " ".join(body["details"]["hourly_rate"])
    mentor.refresh_from_db()
    assert mentor.hourly_rate == Decimal("50.00")


def test_money_in_takes_a_yen_price_in_whole_yen(db):
    mentor = MentorFactory(hourly_rate=Decimal("50.00"))

    response = client_for(mentor.user).patch(
        "/api/v1/mentors/me", {"hourly_rate": {"amount": "5000", "currency": "jpy"}}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["hourly_rate"] == {"amount": "5000", "currency": "JPY"}
