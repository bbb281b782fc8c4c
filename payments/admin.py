"""Admin of payments. Money rows are read-only here; refunds go through the refund service."""

from __future__ import annotations

from django.contrib import admin, messages

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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services: staff look, never type money in by hand."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RefundInline(admin.TabularInline):
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

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "payer", "purpose", "amount", "currency", "status", "receipt_number")
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
class RefundAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "payment", "amount", "currency", "status", "requested_by")
    list_filter = ("status", "currency")
    search_fields = ("id", "payment__id", "gateway_refund_id")
    list_select_related = ("payment", "requested_by")


@admin.register(CreditWallet)
class CreditWalletAdmin(ReadOnlyAdmin):
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
class CreditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "wallet", "type", "amount", "balance_after", "description")
    list_filter = ("type",)
    search_fields = ("wallet__user__email", "reference", "object_id")
    list_select_related = ("wallet__user",)


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin):
    list_display = ("name", "mentor", "session_count", "price", "currency", "is_active")
    list_filter = ("is_active", "currency")
    search_fields = ("name", "mentor__user__email")
    list_select_related = ("mentor__user",)
    readonly_fields = ("currency",)


@admin.register(PackagePurchase)
class PackagePurchaseAdmin(ReadOnlyAdmin):
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
class EarningEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "mentor", "amount", "currency", "status", "payout")
    list_filter = ("status", "currency")
    list_select_related = ("mentor__user", "payout")


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    list_display = ("period_start", "period_end", "mentor", "amount", "currency", "status", "arrival_date")
    list_filter = ("status", "currency")
    search_fields = ("mentor__user__email", "transfer_id")
    list_select_related = ("mentor__user",)


@admin.register(ConnectAccount)
class ConnectAccountAdmin(ReadOnlyAdmin):
    list_display = ("mentor", "account_id", "payouts_enabled", "details_submitted", "updated_at")
    list_filter = ("payouts_enabled",)
    list_select_related = ("mentor__user",)
