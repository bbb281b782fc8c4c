"""Routes of API.md §4."""

from django.urls import path

from payments.api import views

urlpatterns = [
    path("payments", views.PaymentListCreateView.as_view(), name="payments"),
    path("payments/webhooks/stripe", views.StripeWebhookView.as_view(), name="payments-webhook-stripe"),
    path("payments/<uuid:payment_id>", views.PaymentDetailView.as_view(), name="payment"),
    path("payments/<uuid:payment_id>/confirm", views.PaymentConfirmView.as_view(), name="payment-confirm"),
    path("payments/<uuid:payment_id>/refund", views.PaymentRefundView.as_view(), name="payment-refund"),
    path("credits/me", views.WalletView.as_view(), name="credits-me"),
    path("credits/me/transactions", views.CreditTransactionsView.as_view(), name="credits-me-transactions"),
    path("credits/me/purchases", views.CreditPurchaseView.as_view(), name="credits-me-purchases"),
    path("credits/me/transfers", views.CreditTransferView.as_view(), name="credits-me-transfers"),
    path("packages", views.PackageListCreateView.as_view(), name="packages"),
    path("packages/<uuid:package_id>", views.PackageDetailView.as_view(), name="package"),
    path("packages/<uuid:package_id>/purchase", views.PackagePurchaseView.as_view(), name="package-purchase"),
    path("package-purchases", views.PackagePurchaseListView.as_view(), name="package-purchases"),
    path("earnings/me", views.EarningsView.as_view(), name="earnings-me"),
    path("payouts", views.PayoutListView.as_view(), name="payouts"),
    path("payouts/account", views.PayoutAccountView.as_view(), name="payouts-account"),
    path(
        "payouts/account/onboarding-link", views.OnboardingLinkView.as_view(), name="payouts-onboarding-link"
    ),
]
