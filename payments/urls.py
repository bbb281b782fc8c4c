"""Site pages of payments."""

from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("payments/", views.history, name="history"),
    path("payments/<uuid:payment_id>/checkout/", views.checkout, name="checkout"),
    path("payments/<uuid:payment_id>/return/", views.checkout_return, name="checkout-return"),
    path("payments/<uuid:payment_id>/receipt/", views.receipt, name="receipt"),
    path("payments/<uuid:payment_id>/receipt.pdf", views.receipt_download, name="receipt-pdf"),
    path(
        "payments/offline/authenticate/<str:client_secret>/",
        views.offline_authenticate,
        name="offline-authenticate",
    ),
    path(
        "payments/offline/onboarding/<str:account_id>/", views.offline_onboarding, name="offline-onboarding"
    ),
    path("wallet/", views.wallet, name="wallet"),
    path("packages/", views.packages, name="packages"),
    path("packages/mine/", views.mentor_packages, name="mentor-packages"),
    path("packages/<uuid:package_id>/buy/", views.package_buy, name="package-buy"),
    path("packages/<uuid:package_id>/edit/", views.package_edit, name="package-edit"),
    path("earnings/", views.earnings, name="earnings"),
    path("earnings/onboarding/", views.onboarding_start, name="onboarding-start"),
]
