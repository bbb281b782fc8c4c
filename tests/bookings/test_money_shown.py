"""One price, one wording: a booking priced in USD, EUR or JPY reads the same on the mentor's
public page, the checkout, the receipt page, the receipt PDF and the confirmation mail, and the
receipt API gives its money as {amount, currency} objects."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from bookings.models import Booking, BookingStatus
from payments.models import Payment
from tests.bookings.conftest import api_as
from tests.bookings.factories import BOOKINGS_URL, at, bookable_mentor, slot_id_for
from tests.factories import UserFactory
from tests.mentors.factories import ServiceFactory
from tests.payments.conftest import TEST_CARD

pytestmark = pytest.mark.django_db

PRICES = [
    # currency, price as stored, as people read it, as the API writes it
    ("USD", "75.00", "$75.00", "75.00"),
    ("EUR", "75.00", "€75.00", "75.00"),
    ("JPY", "5000.00", "¥5,000", "5000"),
]


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


@pytest.mark.parametrize(("currency", "price", "shown", "api_amount"), PRICES)
def test_one_booking_shows_one_price_on_every_page_mail_and_pdf(
    clock, client, django_capture_on_commit_callbacks, currency, price, shown, api_amount
):
    mentor = bookable_mentor(currency=currency, hourly_rate=Decimal(price))
    service = ServiceFactory(
        mentor=mentor, title="Mock interview", duration_minutes=60, price=Decimal(price), currency=currency
    )
    learner = UserFactory(preferred_language="en", timezone="UTC")
    client.force_login(learner)

    profile = client.get(reverse("mentors:profile", args=[mentor.pk])).content.decode()
    new = reverse("bookings:new") + f"?slot={slot_id_for(mentor, at(1, 9))}"
    to_checkout = client.post(
        new, {"service": str(service.pk), "topic": "Interviews", "payment_method": "card"}
    )
    checkout = client.get(to_checkout["Location"]).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after commit
        client.post(to_checkout["Location"], {"card_number": TEST_CARD, "expiry": "12/40", "cvc": "123"})
    booking = Booking.objects.get()
    payment = Payment.objects.get(purpose="booking", object_id=str(booking.pk))
    receipt = client.get(reverse("payments:receipt", args=[payment.pk])).content.decode()
    pdf = client.get(reverse("payments:receipt-pdf", args=[payment.pk]))
    confirmation = [m for m in mail.outbox if m.to == [learner.email] and "is confirmed" in m.subject]

    assert booking.status == BookingStatus.CONFIRMED
    assert f"60 minutes · {shown}" in profile
    assert f'data-testid="checkout-total">{shown}<' in checkout
    assert f'data-testid="receipt-net">{shown}<' in receipt
    assert shown in _pdf_text(pdf.content)
    assert len(confirmation) == 1 and f"Paid: {shown}" in confirmation[0].body

    body = api_as(learner).get(f"{BOOKINGS_URL}/{booking.pk}/receipt").json()
    money = {"amount": api_amount, "currency": currency}
    assert body["lines"][0] == {"kind": "price", "label": payment.description, "amount": money}
    assert (body["total_paid"], body["net"]) == (money, money)
    assert body["total_refunded"] == {"amount": "0" if currency == "JPY" else "0.00", "currency": currency}
