"""Admin of rewards. Ledger lines, standings, awards and certificates are written by services
only (read-only here); achievements are data staff edit. Certificates are revoked through
an action that calls the revoke service (audited)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm

from core.admin import LabelledAdminMixin, ReadOnlyAdminMixin
from core.errors import DomainError
from learning.models import Achievement, AchievementAward, Certificate, LearnerStanding, PointsEntry
from learning.services.certificates import certificate_revoke


@admin.register(Achievement)
class AchievementAdmin(LabelledAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "rarity", "metric", "threshold", "is_active", "sort_order")
    list_filter = ("rarity", "metric", "is_active")
    list_editable = ("is_active", "sort_order")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}

    def has_delete_permission(self, request, obj=None) -> bool:
        # An achievement someone earned stays (their credential names it): deactivate it instead.
        return obj is None or not obj.awards.exists()


@admin.register(AchievementAward)
class AchievementAwardAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("earned_at", "user", "achievement")
    list_filter = ("achievement__rarity", "achievement")
    search_fields = ("user__email", "achievement__name")
    list_select_related = ("user", "achievement")
    date_hierarchy = "earned_at"


@admin.register(PointsEntry)
class PointsEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "user", "source", "amount", "balance_after", "description")
    list_filter = ("source",)
    search_fields = ("user__email", "reference", "description")
    list_select_related = ("user",)
    date_hierarchy = "created_at"


@admin.register(LearnerStanding)
class LearnerStandingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "total_points", "current_streak_days", "longest_streak_days", "last_active_on")
    search_fields = ("user__email",)
    list_select_related = ("user",)


class RevokeActionForm(ActionForm):
    reason = forms.CharField(required=False, max_length=300, label="Reason (to revoke)")


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("verification_code", "holder_name", "opportunity_title", "issued_at", "revoked_at")
    list_filter = ("opportunity_type", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("verification_code", "holder_name", "user__email", "opportunity_title")
    list_select_related = ("user",)
    date_hierarchy = "issued_at"
    action_form = RevokeActionForm
    actions = ["revoke"]

    @admin.action(description="Revoke the selected certificates (give a reason)", permissions=["view"])
    def revoke(self, request, queryset):
        reason = (request.POST.get("reason") or "").strip()
        if not reason:
            self.message_user(request, "Give a reason to revoke a certificate.", level=messages.ERROR)
            return
        done = 0
        for certificate in queryset:
            try:
                certificate_revoke(
                    certificate_id=certificate.pk, actor=request.user, reason=reason, request=request
                )
                done += 1
            except DomainError as error:
                self.message_user(request, f"{certificate}: {error.message}", level=messages.WARNING)
        if done:
            self.message_user(request, f"Revoked {done} certificate(s).", level=messages.SUCCESS)
