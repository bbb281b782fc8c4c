"""The payments pages: checkout with a test card, wallet, history and receipts, packages,
earnings with its chart, payout setup."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import responses
from django.urls import reverse

from payments import services
from payments.models import CreditPurchase, Package, Payment
from tests.factories import DEFAULT_PASSWORD
from tests.mentors.factories import MentorFactory
from tests.payments.conftest import AUTH_CARD, DECLINED_CARD, TEST_CARD, StandInBookings
from tests.payments.factories import PackageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client, learner):
    client.login(email=learner.email, password=DEFAULT_PASSWORD)
    return client


def _card(number: str) -> dict:
    return {"card_number": number, "expiry": "12/40", "cvc": "123"}


def _start_credit_purchase(browser, credits=10):
    response = browser.post(reverse("payments:wallet"), {"credits": credits})
    payment = Payment.objects.get(purpose="credit_purchase")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("payments:checkout", args=[payment.pk]))
    return payment


def test_buying_credits_on_the_site_shows_the_new_balance(browser):
    payment = _start_credit_purchase(browser)
    checkout_url = reverse("payments:checkout", args=[payment.pk])

    page = browser.get(checkout_url)
    assert b'<label class="field__label" for="id_card_number">Card number' in page.content
    assert b"4242 4242 4242 4242" in page.content

    paid = browser.post(
        checkout_url + "?next=/wallet/", {**_card(TEST_CARD), "next": "/wallet/"}, follow=True
    )

    assert paid.redirect_chain[-1][0] == "/wallet/"
    assert b'data-testid="credit-balance">10<' in paid.content
    assert b"Payment received" in paid.content


def test_a_declined_card_shows_the_reason_and_lets_the_learner_try_again(browser):
    payment = _start_credit_purchase(browser)
    checkout_url = reverse("payments:checkout", args=[payment.pk])

    declined = browser.post(checkout_url, _card(DECLINED_CARD))

    assert declined.status_code == 200
    assert b"Your card was declined." in declined.content
    assert b'role="alert"' in declined.content
    retried = browser.post(checkout_url, _card(TEST_CARD))
    assert retried.status_code == 302
    assert CreditPurchase.objects.get().status == "paid"


def test_a_card_asking_for_authentication_goes_through_the_bank_page(browser):
    payment = _start_credit_purchase(browser)

    asked = browser.post(reverse("payments:checkout", args=[payment.pk]), _card(AUTH_CARD))
    assert "/payments/offline/authenticate/" in asked["Location"]
    bank = browser.get(asked["Location"])
    assert b"Complete authentication" in bank.content
    browser.post(asked["Location"], {"decision": "approve"})

    payment.refresh_from_db()
    assert payment.status == "succeeded"


def test_an_invalid_card_number_is_shown_on_its_field(browser):
    payment = _start_credit_purchase(browser)

    response = browser.post(reverse("payments:checkout", args=[payment.pk]), _card("1234567812345678"))

    assert b"Your card number is invalid." in response.content
    assert b'aria-invalid="true"' in response.content
    payment.refresh_from_db()
    assert payment.status == "requires_payment"


def test_history_links_the_html_and_pdf_receipts(browser, learner):
    payment = _start_credit_purchase(browser, credits=3)
    browser.post(reverse("payments:checkout", args=[payment.pk]), _card(TEST_CARD))
    payment.refresh_from_db()

    history = browser.get(reverse("payments:history"))
    receipt = browser.get(reverse("payments:receipt", args=[payment.pk]))
    pdf = browser.get(reverse("payments:receipt-pdf", args=[payment.pk]))

    assert f"Receipt {payment.receipt_number}".encode() in history.content
    assert b"Platform fee (included)" in receipt.content
    assert b'data-testid="receipt-net">$3.00<' in receipt.content
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert payment.receipt_number in pdf["Content-Disposition"]
    # One person's receipt: no shared cache keeps it for another.
    assert pdf["Cache-Control"] == "private, no-store"


def test_someone_elses_receipt_is_not_found(client, bookings):
    other = MentorFactory().user
    purchase = services.credit_purchase_create(user=other, credits=1)
    payment = services.payment_create(
        payer=other, purpose="credit_purchase", object_id=str(purchase.pk), payment_method="pm_card_visa"
    )
    learner = MentorFactory().user
    client.login(email=learner.email, password=DEFAULT_PASSWORD)

    assert client.get(reverse("payments:receipt", args=[payment.pk])).status_code == 404
    assert client.get(reverse("payments:receipt-pdf", args=[payment.pk])).status_code == 404
    assert client.get(reverse("payments:checkout", args=[payment.pk])).status_code == 404


def test_learners_see_packages_and_buying_one_leads_to_checkout(browser):
    package = PackageFactory(name="Exam prep", price=Decimal("120.00"), session_count=4)

    listing = browser.get(reverse("payments:packages"))
    bought = browser.post(reverse("payments:package-buy", args=[package.pk]))

    assert b"Exam prep" in listing.content
    assert b"$30.00 per session" in listing.content
    payment = Payment.objects.get(purpose="package_purchase")
    assert bought["Location"].startswith(reverse("payments:checkout", args=[payment.pk]))


def test_a_mentor_creates_and_pauses_a_package_in_the_editor(client):
    mentor = MentorFactory(currency="EUR")
    client.login(email=mentor.user.email, password=DEFAULT_PASSWORD)

    created = client.post(
        reverse("payments:mentor-packages"),
        {
            "name": "Starter",
            "session_count": 3,
            "price": "90.00",
            "duration_minutes": 60,
            "validity_days": 60,
            "is_active": "on",
        },
    )
    package = Package.objects.get()
    edited = client.post(
        reverse("payments:package-edit", args=[package.pk]),
        {
            "name": "Starter",
            "session_count": 3,
            "price": "90.00",
            "duration_minutes": 60,
            "validity_days": 60,
        },
    )

    assert created.status_code == edited.status_code == 302
    package.refresh_from_db()
    assert (package.currency, package.is_active) == ("EUR", False)
    page = client.get(reverse("payments:mentor-packages"))
    assert b"Paused" in page.content
    assert b'<label class="field__label" for="id_session_count">Number of sessions' in page.content


def test_the_earnings_page_draws_a_chart_and_offers_payout_setup(client, bookings, learner):
    mentor = MentorFactory()
    booking_id = bookings.add(learner=learner, mentor=mentor)
    payment = services.payment_create(
        payer=learner, purpose=StandInBookings.kind, object_id=booking_id, payment_method="pm_card_visa"
    )
    services.earnings_release(purpose=StandInBookings.kind, object_id=payment.object_id)
    client.login(email=mentor.user.email, password=DEFAULT_PASSWORD)

    page = client.get(reverse("payments:earnings"))

    assert b'<svg class="chart" role="img"' in page.content
    assert b'data-testid="available-USD">$63.75<' in page.content
    assert b"Set up payouts" in page.content
    started = client.post(reverse("payments:onboarding-start"))
    assert "/payments/offline/onboarding/acct_" in started["Location"]
    client.post(started["Location"].replace("http://testserver", ""))
    after = client.get(reverse("payments:earnings"))
    assert b'data-testid="payout-status">Payouts enabled' in after.content


def test_learners_have_no_earnings_page(browser):
    assert browser.get(reverse("payments:earnings")).status_code == 404


def test_the_wallet_is_in_the_main_navigation(browser):
    page = browser.get(reverse("payments:wallet"))

    assert b'<a href="/wallet/" aria-current="page">Wallet</a>' in page.content


def test_in_stripe_mode_checkout_uses_stripe_elements_from_stripes_own_address(browser, learner, settings):
    settings.PAYMENTS_GATEWAY = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_" + "E" * 24
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_" + "E" * 24
    recorded = json.loads((Path(__file__).parent / "recorded" / "payment_intent_created.json").read_text())
    with responses.RequestsMock() as stripe_api:
        stripe_api.post("https://api.stripe.com/v1/payment_intents", json=recorded)
        payment = _start_credit_purchase(browser, credits=75)

    page = browser.get(reverse("payments:checkout", args=[payment.pk]))

    assert b'<script src="https://js.stripe.com/v3/"></script>' in page.content
    assert b'data-publishable-key="pk_test_EEEE' in page.content
    assert recorded["client_secret"].encode() in page.content
    assert b"card_number" not in page.content
