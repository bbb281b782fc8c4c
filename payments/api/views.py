"""API views of API.md §4: each parses, calls one service or selector, and renders."""

from __future__ import annotations

from dataclasses import asdict

from django.conf import settings
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ListView
from core.errors import Forbidden, PaymentRequired, ValidationFailed
from core.idempotency import IDEMPOTENCY_HEADER, idempotent
from core.schema import ERRORS
from core.throttling import PaymentsRateThrottle, throttles
from mentors.permissions import IsMentor
from payments import registry, selectors, services
from payments.api import filters
from payments.api import serializers as s
from payments.errors import PackageNotFound
from payments.models import PaymentStatus
from payments.registry import PayableKind
from payments.webhooks import InvalidWebhook, handle_webhook_request

# --- payments -----------------------------------------------------------------------------------


class PaymentListCreateView(ListView):
    serializer_class = s.PaymentListOut
    filterset_class = filters.PaymentFilters

    def get_throttles(self):
        if self.request.method == "POST":
            return [throttle() for throttle in throttles(PaymentsRateThrottle)]
        return super().get_throttles()

    @extend_schema(
        tags=["payments"],
        summary="Payment history",
        responses={200: s.PaymentListOut(many=True), **ERRORS(400, 401)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, **filters):
        return selectors.payment_list_for_user(user=self.request.user, **filters)

    @extend_schema(
        tags=["payments"],
        summary="Create (or re-create once expired) the payment of one item",
        parameters=[IDEMPOTENCY_HEADER],
        request=s.PaymentCreateIn,
        responses={201: s.PaymentCreatedOut, **ERRORS(400, 401, 402, 404, 409, 429, 503)},
    )
    @idempotent
    def post(self, request):
        data = s.PaymentCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        payment = services.payment_create(
            payer=request.user,
            purpose=data.validated_data["purpose"],
            object_id=data.validated_data["object_id"],
            amount=data.validated_data.get("amount"),
            payment_method=data.validated_data.get("payment_method"),
        )
        out = s.PaymentCreatedOut(payment, context={"flow": data.validated_data["flow"]})
        return Response(out.data, status=status.HTTP_201_CREATED)


class PaymentDetailView(APIView):
    @extend_schema(
        tags=["payments"],
        summary="One payment, with its fee split and refunds",
        responses={200: s.PaymentDetailOut, **ERRORS(401, 404)},
    )
    def get(self, request, payment_id):
        payment = selectors.payment_get_for_user(user=request.user, payment_id=payment_id)
        return Response(s.PaymentDetailOut(payment).data)


class PaymentConfirmView(APIView):
    @extend_schema(
        tags=["payments"],
        summary="Re-read the payment from the gateway and apply it (safe to repeat)",
        request=None,
        responses={200: s.PaymentConfirmOut, **ERRORS(401, 402, 404, 503)},
    )
    def post(self, request, payment_id):
        payment = selectors.payment_get_for_user(user=request.user, payment_id=payment_id)
        if payment.payer_id != request.user.pk:
            raise Forbidden("Only the payer confirms a payment.")
        payment = services.payment_confirm(payment=payment)
        if payment.status == PaymentStatus.FAILED:
            raise PaymentRequired(
                payment.failure_message or "The payment failed.",
                details={"status": payment.status, "decline_code": payment.failure_code},
            )
        return Response(s.PaymentConfirmOut(payment).data)


class PaymentRefundView(APIView):
    @extend_schema(
        tags=["payments"],
        summary="Refund a payment (partial refunds: staff only)",
        parameters=[IDEMPOTENCY_HEADER],
        request=s.RefundIn,
        responses={201: s.RefundCreatedOut, **ERRORS(400, 401, 403, 404, 409, 503)},
    )
    @idempotent
    def post(self, request, payment_id):
        data = s.RefundIn(data=request.data)
        data.is_valid(raise_exception=True)
        refund = services.refund_request(
            payment_id=payment_id,
            user=request.user,
            reason=data.validated_data["reason"],
            amount=data.validated_data.get("amount"),
            request=request,
        )
        return Response({"refund": s.RefundOut(refund).data}, status=status.HTTP_201_CREATED)


@method_decorator(csrf_exempt, name="dispatch")
class StripeWebhookView(APIView):
    """Stripe's (and the offline gateway's) events. The signature is the authentication."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    # Stripe sends bursts from a few addresses; a bad signature is refused before any write.
    throttle_classes: list = []

    @extend_schema(
        tags=["payments"],
        summary="Gateway webhook (Stripe-Signature checked)",
        request={"application/json": OpenApiTypes.OBJECT},
        responses={200: s.WebhookOut, **ERRORS(400)},
        auth=[],
    )
    def post(self, request):
        try:
            handle_webhook_request(request._request)
        except InvalidWebhook as error:
            raise ValidationFailed(
                "The webhook signature or body is invalid.", details={"reason": str(error)}
            ) from None
        return Response({"received": True})


# --- credits ------------------------------------------------------------------------------------


class WalletView(APIView):
    @extend_schema(
        tags=["credits"], summary="Your credit wallet", responses={200: s.WalletOut, **ERRORS(401)}
    )
    def get(self, request):
        return Response(s.WalletOut(selectors.wallet_for(user=request.user)).data)


class CreditTransactionsView(ListView):
    serializer_class = s.CreditEntryOut
    filterset_class = filters.CreditEntryFilters

    @extend_schema(
        tags=["credits"],
        summary="Your credit ledger",
        responses={200: s.CreditEntryOut(many=True), **ERRORS(400, 401)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, **filters):
        return selectors.credit_entries_for(user=self.request.user, **filters)


class CreditPurchaseView(APIView):
    throttle_classes = throttles(PaymentsRateThrottle)

    @extend_schema(
        tags=["credits"],
        summary="Buy credits",
        parameters=[IDEMPOTENCY_HEADER],
        request=s.CreditPurchaseIn,
        responses={201: s.CreditPurchaseCreatedOut, **ERRORS(400, 401, 402, 429, 503)},
    )
    @idempotent
    def post(self, request):
        data = s.CreditPurchaseIn(data=request.data)
        data.is_valid(raise_exception=True)
        purchase = services.credit_purchase_create(user=request.user, credits=data.validated_data["credits"])
        method = data.validated_data["payment_method"]
        payment = services.payment_create(
            payer=request.user,
            purpose=PayableKind.CREDIT_PURCHASE,
            object_id=str(purchase.pk),
            payment_method=None if method == "card" else method,
        )
        purchase.refresh_from_db()
        paid = payment.is_paid
        body = {
            "purchase": s.CreditPurchaseOut(purchase).data,
            "payment": s.EmbeddedPaymentOut(payment).data,
            "new_balance": selectors.wallet_for(user=request.user).balance if paid else None,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class CreditTransferView(APIView):
    throttle_classes = throttles(PaymentsRateThrottle)

    @extend_schema(
        tags=["credits"],
        summary="Pay a booking with credits",
        parameters=[IDEMPOTENCY_HEADER],
        request=s.CreditTransferIn,
        responses={201: s.CreditTransferOut, **ERRORS(400, 401, 402, 404, 409, 429)},
    )
    @idempotent
    def post(self, request):
        data = s.CreditTransferIn(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.credits_transfer(
            payer=request.user,
            purpose=registry.kind_for_request_field("booking_id"),
            object_id=str(data.validated_data["booking_id"]),
            credits=data.validated_data.get("amount"),
        )
        body = {"new_balance": entry.balance_after, "transaction": s.CreditEntryOut(entry).data}
        return Response(body, status=status.HTTP_201_CREATED)


# --- packages -----------------------------------------------------------------------------------


class PackageListCreateView(ListView):
    serializer_class = s.PackageOut
    filterset_class = filters.PackageFilters

    def get_permissions(self):
        if self.request.method == "GET":
            return [AllowAny()]
        return [permission() for permission in self.permission_classes] + [IsMentor()]

    @extend_schema(
        tags=["packages"],
        summary="Active packages (the owning mentor also sees inactive ones)",
        responses={200: s.PackageOut(many=True), **ERRORS(400)},
        auth=[{"jwtAuth": []}, {}],
    )
    def get(self, request):
        return super().get(request)

    def rows(self, **filters):
        return selectors.package_list(user=self.request.user, **filters)

    @extend_schema(
        tags=["packages"],
        summary="Create a package",
        parameters=[IDEMPOTENCY_HEADER],
        request=s.PackageIn,
        responses={201: s.PackageOut, **ERRORS(400, 401, 403)},
    )
    @idempotent
    def post(self, request):
        data = s.PackageIn(data=request.data)
        data.is_valid(raise_exception=True)
        package = services.package_create(mentor=request.mentor_profile, **data.validated_data)
        return Response(s.PackageOut(package).data, status=status.HTTP_201_CREATED)


class PackageDetailView(APIView):
    permission_classes = [IsMentor]

    @extend_schema(
        tags=["packages"],
        summary="Edit your package or set is_active=false (sold packages are unaffected)",
        request=s.PackagePatchIn,
        responses={200: s.PackageOut, **ERRORS(400, 401, 403, 404)},
    )
    def patch(self, request, package_id):
        package = selectors.package_get_for_mentor(user=request.user, package_id=package_id)
        if package is None:
            raise PackageNotFound()
        data = s.PackagePatchIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        package = services.package_update(package=package, **data.validated_data)
        return Response(s.PackageOut(package).data)


class PackagePurchaseView(APIView):
    throttle_classes = throttles(PaymentsRateThrottle)

    @extend_schema(
        tags=["packages"],
        summary="Buy a package",
        parameters=[IDEMPOTENCY_HEADER],
        request=None,
        responses={201: s.PackagePurchaseCreatedOut, **ERRORS(400, 401, 404, 409, 429, 503)},
    )
    @idempotent
    def post(self, request, package_id):
        purchase = services.package_purchase_create(learner=request.user, package_id=package_id)
        payment = services.payment_create(
            payer=request.user, purpose=PayableKind.PACKAGE_PURCHASE, object_id=str(purchase.pk)
        )
        purchase.refresh_from_db()
        body = {
            "package_purchase": s.PackagePurchaseOut(purchase).data,
            "payment": s.EmbeddedPaymentOut(payment).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class PackagePurchaseListView(ListView):
    serializer_class = s.PackagePurchaseOut
    filterset_class = filters.PackagePurchaseFilters

    @extend_schema(
        tags=["packages"],
        summary="Your packages",
        responses={200: s.PackagePurchaseOut(many=True), **ERRORS(400, 401)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, **filters):
        return selectors.package_purchases_for(user=self.request.user, **filters)


# --- earnings and payouts -----------------------------------------------------------------------


class EarningsView(APIView):
    permission_classes = [IsMentor]

    @extend_schema(
        tags=["earnings"],
        summary="Your earnings, per currency",
        parameters=[
            OpenApiParameter("period", str, enum=["week", "month", "year"]),
            OpenApiParameter("start_date", OpenApiTypes.DATE),
            OpenApiParameter("end_date", OpenApiTypes.DATE),
        ],
        responses={200: s.EarningsOut, **ERRORS(400, 401, 403)},
    )
    def get(self, request):
        params = request.query_params
        start, end = selectors.earnings_window(
            period=params.get("period"),
            today=selectors.mentor_today(request.mentor_profile),
            start_date=params.get("start_date"),
            end_date=params.get("end_date"),
        )
        rows = selectors.mentor_earnings(mentor=request.mentor_profile, start=start, end=end)
        first = rows[0]
        body = {
            **asdict(first),
            "average_session_value": first.average_session_value,
            "start_date": start,
            "end_date": end,
            "by_currency": rows,
        }
        return Response(s.EarningsOut(body).data)


class PayoutListView(ListView):
    permission_classes = [IsMentor]
    serializer_class = s.PayoutOut

    @extend_schema(
        tags=["earnings"],
        summary="Your payout history",
        responses={200: s.PayoutOut(many=True), **ERRORS(400, 401, 403)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self):
        return selectors.payouts_for(mentor=self.request.mentor_profile)


class PayoutAccountView(APIView):
    permission_classes = [IsMentor]

    @extend_schema(
        tags=["earnings"],
        summary="Your Stripe Connect account status",
        responses={200: s.ConnectAccountOut, **ERRORS(401, 403)},
    )
    def get(self, request):
        mentor = request.mentor_profile
        account = selectors.connect_account_for(mentor=mentor)
        body = {
            "account_id": account.account_id if account else None,
            "payouts_enabled": bool(account and account.payouts_enabled),
            "details_submitted": bool(account and account.details_submitted),
            "requirements_due": account.requirements_due if account else ["onboarding"],
            "default_currency": (account.default_currency if account else "") or mentor.currency,
        }
        return Response(s.ConnectAccountOut(body).data)


class OnboardingLinkView(APIView):
    permission_classes = [IsMentor]

    @extend_schema(
        tags=["earnings"],
        summary="A fresh Stripe Connect onboarding link (creates the account if needed)",
        request=None,
        responses={200: s.OnboardingLinkOut, **ERRORS(401, 403, 503)},
    )
    def post(self, request):
        back = settings.SITE_URL + reverse("payments:earnings")
        link = services.connect_onboarding_link(
            mentor=request.mentor_profile, refresh_url=back + "?onboarding=refresh", return_url=back
        )
        return Response(s.OnboardingLinkOut({"url": link.url, "expires_at": link.expires_at}).data)
