"""Input and output shapes of API.md §4. Money leaves as {"amount": "75.00", "currency": "USD"}."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.money import MoneyIn, MoneyOut, flatten_money
from payments import registry


def _get(obj, name: str):
    return obj[name] if isinstance(obj, dict) else getattr(obj, name)


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


# --- payments -----------------------------------------------------------------------------------


class PaymentCreateIn(serializers.Serializer):
    booking_id = serializers.UUIDField(required=False)
    enrollment_id = serializers.UUIDField(required=False)
    package_purchase_id = serializers.UUIDField(required=False)
    credit_purchase_id = serializers.UUIDField(required=False)
    flow = serializers.ChoiceField(choices=["elements", "checkout"], default="elements")
    amount = MoneyIn(
        required=False, help_text="Optional; checked against the server's price (400 if different)"
    )
    payment_method = serializers.CharField(
        required=False,
        max_length=255,
        help_text="A saved or test PaymentMethod id (pm_...) to confirm at once",
    )

    def validate(self, attrs):
        flatten_money(attrs, "amount", currency_key=None)
        fields = registry.request_fields()
        given = [field for field in fields if attrs.get(field)]
        if len(given) != 1:
            raise serializers.ValidationError(
                {"non_field_errors": [f"Send exactly one of {', '.join(fields)}."]}
            )
        attrs["purpose"] = registry.kind_for_request_field(given[0])
        attrs["object_id"] = str(attrs[given[0]])
        return attrs


class PaymentCreatedOut(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    purpose = serializers.CharField()
    amount = MoneyOut()
    platform_fee = MoneyOut()
    mentor_payout = MoneyOut()
    payment_intent_id = serializers.CharField(source="intent_id", allow_null=True)
    client_secret = serializers.SerializerMethodField()
    checkout_url = serializers.SerializerMethodField()
    publishable_key = serializers.SerializerMethodField()
    expires_at = serializers.DateTimeField()

    def get_client_secret(self, payment) -> str | None:
        return None if self.context.get("flow") == "checkout" else payment.client_secret or None

    def get_checkout_url(self, payment) -> str:
        return _absolute(reverse("payments:checkout", args=[payment.pk]))

    def get_publishable_key(self, payment) -> str:
        return settings.STRIPE_PUBLISHABLE_KEY if payment.gateway == "stripe" else ""


class PaymentConfirmOut(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    amount = MoneyOut()
    platform_fee = MoneyOut()
    mentor_payout = MoneyOut()


class BookingRefOut(serializers.Serializer):
    id = serializers.CharField()
    mentor_name = serializers.CharField(allow_null=True)


class PaymentListOut(serializers.Serializer):
    id = serializers.UUIDField()
    purpose = serializers.CharField()
    amount = MoneyOut()
    status = serializers.CharField()
    description = serializers.CharField()
    booking = serializers.SerializerMethodField()
    receipt_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(BookingRefOut(allow_null=True))
    def get_booking(self, payment):
        if not registry.is_session(payment.purpose):
            return None
        mentor = payment.mentor.user.display_name if payment.mentor_id else None
        return {"id": payment.object_id, "mentor_name": mentor}

    def get_receipt_url(self, payment) -> str | None:
        if not payment.receipt_number:
            return None
        return _absolute(reverse("payments:receipt", args=[payment.pk]))


class RefundOut(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    amount = MoneyOut()
    platform_fee = MoneyOut(amount="fee_amount")
    mentor_payout = MoneyOut(amount="payout_amount")
    reason = serializers.CharField()
    estimated_refund_date = serializers.DateField()
    created_at = serializers.DateTimeField()
    processed_at = serializers.DateTimeField(allow_null=True)


class PaymentDetailOut(PaymentListOut):
    platform_fee = MoneyOut()
    mentor_payout = MoneyOut()
    amount_refunded = MoneyOut()
    object_id = serializers.CharField()
    payment_intent_id = serializers.CharField(source="intent_id", allow_null=True)
    gateway = serializers.CharField()
    gateway_status = serializers.CharField(help_text="The PaymentIntent's status at the gateway")
    receipt_number = serializers.CharField(allow_null=True)
    paid_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField()
    failure_code = serializers.CharField()
    failure_message = serializers.CharField()
    refunds = RefundOut(many=True)
    pdf_url = serializers.SerializerMethodField()

    def get_pdf_url(self, payment) -> str | None:
        if not payment.receipt_number:
            return None
        return _absolute(reverse("payments:receipt-pdf", args=[payment.pk]))


class RefundIn(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    amount = MoneyIn(required=False, help_text="Staff only: part of what is left. Default: everything left.")

    def validate(self, attrs):
        return flatten_money(attrs, "amount", currency_key=None)


class RefundCreatedOut(serializers.Serializer):
    refund = RefundOut()


class WebhookOut(serializers.Serializer):
    received = serializers.BooleanField()


# --- credits ------------------------------------------------------------------------------------


class WalletOut(serializers.Serializer):
    balance = serializers.IntegerField()
    updated_at = serializers.DateTimeField(allow_null=True)
    lifetime_purchased = serializers.IntegerField()
    lifetime_spent = serializers.IntegerField()
    lifetime_earned = serializers.IntegerField()


class CreditEntryOut(serializers.Serializer):
    id = serializers.UUIDField()
    type = serializers.CharField()
    amount = serializers.IntegerField(help_text="Signed: credits in are positive")
    description = serializers.CharField()
    booking_id = serializers.SerializerMethodField()
    balance_after = serializers.IntegerField()
    created_at = serializers.DateTimeField()

    def get_booking_id(self, entry) -> str | None:
        return entry.object_id if registry.is_session(entry.purpose) else None


class CreditPurchaseIn(serializers.Serializer):
    credits = serializers.IntegerField(min_value=1, max_value=1000)
    payment_method = serializers.CharField(
        required=False,
        max_length=255,
        default="card",
        help_text="`card` (confirm in the browser) or a PaymentMethod id (pm_...) to charge at once",
    )


class CreditPurchaseOut(serializers.Serializer):
    id = serializers.UUIDField()
    credits = serializers.IntegerField()
    price = MoneyOut()
    status = serializers.CharField()


class EmbeddedPaymentOut(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    amount = MoneyOut()
    client_secret = serializers.CharField(allow_blank=True)
    checkout_url = serializers.SerializerMethodField()
    expires_at = serializers.DateTimeField()

    def get_checkout_url(self, payment) -> str:
        return _absolute(reverse("payments:checkout", args=[payment.pk]))


class CreditPurchaseCreatedOut(serializers.Serializer):
    purchase = CreditPurchaseOut()
    payment = EmbeddedPaymentOut()
    new_balance = serializers.IntegerField(allow_null=True, help_text="Set once the payment succeeded")


class CreditTransferIn(serializers.Serializer):
    booking_id = serializers.UUIDField()
    amount = serializers.IntegerField(
        required=False, min_value=1, help_text="Default: the booking's credit_price"
    )


class CreditTransferOut(serializers.Serializer):
    new_balance = serializers.IntegerField()
    transaction = CreditEntryOut()


# --- packages -----------------------------------------------------------------------------------


class PackageIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    session_count = serializers.IntegerField(min_value=1, max_value=100)
    price = MoneyIn()
    duration_minutes = serializers.IntegerField(min_value=15, max_value=480)
    validity_days = serializers.IntegerField(min_value=1, max_value=3650, default=90)
    is_active = serializers.BooleanField(required=False, default=True)

    def validate(self, attrs):
        # The price is in the mentor's currency, whatever the client named.
        return flatten_money(attrs, "price", currency_key=None)


class PackagePatchIn(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    session_count = serializers.IntegerField(min_value=1, max_value=100, required=False)
    price = MoneyIn(required=False)
    duration_minutes = serializers.IntegerField(min_value=15, max_value=480, required=False)
    validity_days = serializers.IntegerField(min_value=1, max_value=3650, required=False)
    is_active = serializers.BooleanField(required=False)

    def validate(self, attrs):
        # The price is in the mentor's currency, whatever the client named.
        return flatten_money(attrs, "price", currency_key=None)


class MentorRefOut(serializers.Serializer):
    id = serializers.UUIDField()
    full_name = serializers.CharField(source="user.display_name")
    avatar_url = serializers.CharField(source="user.avatar_url")


class PackageOut(serializers.Serializer):
    id = serializers.UUIDField()
    mentor_id = serializers.UUIDField()
    mentor = MentorRefOut()
    name = serializers.CharField()
    description = serializers.CharField()
    session_count = serializers.IntegerField()
    price = MoneyOut()
    price_per_session = MoneyOut()
    duration_minutes = serializers.IntegerField()
    validity_days = serializers.IntegerField()
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class PackagePurchaseOut(serializers.Serializer):
    id = serializers.UUIDField()
    package = serializers.SerializerMethodField()
    mentor = MentorRefOut()
    sessions_total = serializers.IntegerField()
    sessions_remaining = serializers.IntegerField()
    duration_minutes = serializers.IntegerField()
    price = MoneyOut()
    status = serializers.CharField()
    expires_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}},
        }
    )
    def get_package(self, purchase):
        return {"id": str(purchase.package_id), "name": purchase.name}


class PackagePurchaseCreatedOut(serializers.Serializer):
    package_purchase = PackagePurchaseOut()
    payment = EmbeddedPaymentOut()


# --- earnings and payouts -----------------------------------------------------------------------


class ServiceEarningsOut(serializers.Serializer):
    purpose = serializers.CharField()
    service = serializers.CharField()
    count = serializers.IntegerField()
    total = MoneyOut()


class MonthEarningsOut(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    total = MoneyOut()


class DayEarningsOut(serializers.Serializer):
    date = serializers.DateField()
    total = MoneyOut()


class CurrencyEarningsOut(serializers.Serializer):
    currency = serializers.CharField()
    total_earnings = MoneyOut()
    lifetime_earnings = MoneyOut()
    this_month = MoneyOut()
    pending_payout = MoneyOut()
    available_balance = MoneyOut()
    total_bookings = serializers.IntegerField()
    completed_sessions = serializers.IntegerField()
    average_session_value = MoneyOut()
    by_service = serializers.SerializerMethodField()
    by_month = serializers.SerializerMethodField()
    daily = serializers.SerializerMethodField()

    def _rows(self, rows, currency, serializer):
        return serializer([{**row, "currency": currency} for row in rows], many=True).data

    @extend_schema_field(ServiceEarningsOut(many=True))
    def get_by_service(self, row):
        return self._rows(_get(row, "by_service"), _get(row, "currency"), ServiceEarningsOut)

    @extend_schema_field(MonthEarningsOut(many=True))
    def get_by_month(self, row):
        return self._rows(_get(row, "by_month"), _get(row, "currency"), MonthEarningsOut)

    @extend_schema_field(DayEarningsOut(many=True))
    def get_daily(self, row):
        return self._rows(_get(row, "daily"), _get(row, "currency"), DayEarningsOut)


class EarningsOut(CurrencyEarningsOut):
    """The mentor's own currency at the top level; every currency in `by_currency`."""

    start_date = serializers.DateField()
    end_date = serializers.DateField()
    by_currency = CurrencyEarningsOut(many=True)


class PayoutOut(serializers.Serializer):
    id = serializers.UUIDField()
    amount = MoneyOut()
    status = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    arrival_date = serializers.DateField(allow_null=True)
    bookings_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class ConnectAccountOut(serializers.Serializer):
    account_id = serializers.CharField(allow_null=True)
    payouts_enabled = serializers.BooleanField()
    details_submitted = serializers.BooleanField()
    requirements_due = serializers.ListField(child=serializers.CharField())
    default_currency = serializers.CharField()


class OnboardingLinkOut(serializers.Serializer):
    url = serializers.URLField()
    expires_at = serializers.DateTimeField()
