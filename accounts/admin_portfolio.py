"""Admin of resumes and portfolios: staff look (a resume never changes), and can unpublish a
portfolio that breaks the rules through the same service the owner uses (audit-logged)."""

from __future__ import annotations

from django.contrib import admin, messages

from accounts.models import Portfolio, PortfolioProject, Resume
from accounts.portfolio.services import portfolio_set_published
from core.admin import ReadOnlyAdminMixin


@admin.register(Resume)
class ResumeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "version", "generated_at", "pdf_size"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
    exclude = ["pdf"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").defer("pdf")


class PortfolioProjectInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PortfolioProject
    fields = ["order", "title", "link", "image"]
    extra = 0


@admin.register(Portfolio)
class PortfolioAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["custom_url", "user", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["custom_url", "user__email", "user__username"]
    raw_id_fields = ["user"]
    inlines = [PortfolioProjectInline]
    actions = ["unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    @admin.action(description="Unpublish the selected portfolios")
    def unpublish(self, request, queryset):
        for portfolio in queryset:
            portfolio_set_published(
                user=portfolio.user, is_published=False, actor=request.user, request=request
            )
        messages.success(request, f"{queryset.count()} portfolio(s) unpublished.")
