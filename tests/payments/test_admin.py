"""Staff refund from the admin through the refund service; money rows are read-only there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.money import format_money
from payments import services
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.login(email=admin.email, password=DEFAULT_PASSWORD)
    return client


def test_the_refund_action_refunds_through_the_service(admin_client, learner):
    purchase = services.credit_purchase_create(user=learner, credits=4)
    payment = services.payment_create(
        payer=learner, purpose="credit_purchase", object_id=str(purchase.pk), payment_method="pm_card_visa"
    )

    response = admin_client.post(
        reverse("admin:payments_payment_changelist"),
        {"action": "refund_in_full", "_selected_action": [str(payment.pk)]},
        follow=True,
    )

    assert b"Refund requested for 1 payment(s)." in response.content
    payment.refresh_from_db()
    assert payment.status == "refunded"
    assert services.wallet_get(user=learner).balance == 0


def test_the_credit_ledger_cannot_be_edited_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:payments_creditentry_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:payments_creditentry_add")).status_code == 403
    assert admin_client.get(reverse("admin:payments_payment_add")).status_code == 403


def test_the_payments_list_words_each_amount_as_every_page_does(admin_client, learner):
    purchase = services.credit_purchase_create(user=learner, credits=4)
    payment = services.payment_create(payer=learner, purpose="credit_purchase", object_id=str(purchase.pk))

    page = admin_client.get(reverse("admin:payments_payment_changelist")).content.decode()

    assert format_money(payment.amount, payment.currency) in page
    assert f"{payment.amount} {payment.currency}" not in page
