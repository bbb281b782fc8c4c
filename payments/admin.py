"""Admin of payments. Money rows are read-only here; refunds go through the refund service."""

from __future__ import annotations

from django.contrib import admin, messages

from core.admin import ReadOnlyAdminMixin, money_column
from core.errors import DomainError
from payments import services
from payments.models import (
    ConnectAccount,
    CreditEntry,
    CreditWallet,
    EarningEntry,
    Package,
    PackagePurchase,
    Payment,
    Payout,
    Refund,
)


class RefundInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Refund
    extra = 0
    can_delete = False
    fields = (
        "amount",
        "fee_amount",
        "payout_amount",
        "status",
        "reason",
        "requested_by",
        "created_at",
        "processed_at",
    )
    readonly_fields = fields


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "payer", "purpose", money_column("amount"), "status", "receipt_number")
    list_filter = ("status", "purpose", "currency", "gateway")
    search_fields = ("id", "payer__email", "intent_id", "receipt_number", "object_id")
    list_select_related = ("payer",)
    date_hierarchy = "created_at"
    inlines = [RefundInline]
    actions = ["refund_in_full"]

    @admin.action(description="Refund what is left of the selected payments", permissions=["view"])
    def refund_in_full(self, request, queryset):
        done = 0
        for payment in queryset:
            try:
                services.refund_request(
                    payment_id=payment.pk,
                    user=request.user,
                    reason="Refunded by staff in the admin",
                    request=request,
                )
                done += 1
            except DomainError as error:
                self.message_user(request, f"{payment}: {error.message}", level=messages.WARNING)
        if done:
            self.message_user(request, f"Refund requested for {done} payment(s).", level=messages.SUCCESS)


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "payment", money_column("amount"), "status", "requested_by")
    list_filter = ("status", "currency")
    search_fields = ("id", "payment__id", "gateway_refund_id")
    list_select_related = ("payment", "requested_by")


@admin.register(CreditWallet)
class CreditWalletAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "user",
        "balance",
        "lifetime_purchased",
        "lifetime_spent",
        "lifetime_earned",
        "updated_at",
    )
    search_fields = ("user__email",)
    list_select_related = ("user",)


@admin.register(CreditEntry)
class CreditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "wallet", "type", "amount", "balance_after", "description")
    list_filter = ("type",)
    search_fields = ("wallet__user__email", "reference", "object_id")
    list_select_related = ("wallet__user",)


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin):
    list_display = ("name", "mentor", "session_count", money_column("price"), "is_active")
    list_filter = ("is_active", "currency")
    search_fields = ("name", "mentor__user__email")
    list_select_related = ("mentor__user",)
    readonly_fields = ("currency",)


@admin.register(PackagePurchase)
class PackagePurchaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "learner",
        "name",
        "sessions_remaining",
        "sessions_total",
        "status",
        "expires_at",
    )
    list_filter = ("status",)
    search_fields = ("learner__email", "name")
    list_select_related = ("learner",)


@admin.register(EarningEntry)
class EarningEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "mentor", money_column("amount"), "status", "payout")
    list_filter = ("status", "currency")
    list_select_related = ("mentor__user", "payout")


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("period_start", "period_end", "mentor", money_column("amount"), "status", "arrival_date")
    list_filter = ("status", "currency")
    search_fields = ("mentor__user__email", "transfer_id")
    list_select_related = ("mentor__user",)


@admin.register(ConnectAccount)
class ConnectAccountAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("mentor", "account_id", "payouts_enabled", "details_submitted", "updated_at")
    list_filter = ("payouts_enabled",)
    list_select_related = ("mentor__user",)
