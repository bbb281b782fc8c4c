"""Django admin of the mentors app. The review queue opens on pending applications; its Approve
and Reject actions call mentors.services (the staff API's path too), so every decision is
locked, audited once and notified once. Busy time is read-only: only bookings write it."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.helpers import ActionForm
from django.db import models
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin import LabelledInlineMixin, ReadOnlyAdminMixin, money_column
from core.errors import DomainError
from mentors import feeds, services
from mentors.models import (
    BusyInterval,
    CalendarFeed,
    Category,
    MentorProfile,
    MentorStatus,
    MentorTier,
    Schedule,
    ScheduleEntry,
    Service,
    Subject,
)


class StatusFilter(admin.SimpleListFilter):
    """Status, defaulting to pending approval: the list staff open is the review queue."""

    title = _("status")
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*MentorStatus.choices, (self.ALL, _("All"))]

    def current(self) -> str:
        return self.value() or MentorStatus.PENDING_APPROVAL

    def choices(self, changelist):
        # No "All" link without a parameter: that would mean "pending" here, so "All" is explicit.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.current() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.current() == self.ALL:
            return queryset
        return queryset.filter(status=self.current())


class MentorActionForm(ActionForm):
    mentor_tier = forms.ChoiceField(
        label=_("Tier (for approve)"),
        choices=[("", _("keep")), *MentorTier.choices],
        required=False,
    )


class RejectForm(forms.Form):
    rejection_reason = forms.CharField(
        label=_("Reason the applicants will read"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        max_length=2000,
    )


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "full_name", "status", "title", "submitted_at", "mentor_tier", "is_verified"]
    list_filter = [StatusFilter, "mentor_tier", "is_verified", "is_accepting_bookings"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name", "title", "headline"]
    ordering = ["submitted_at", "created_at"]
    raw_id_fields = ["user"]
    filter_horizontal = ["categories", "subjects", "skills"]
    action_form = MentorActionForm
    # Links typed without a scheme are taken as https (Django 6's default, without its warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["approve_selected", "reject_selected"]
    # The lifecycle moves only through the actions (services): never by editing these fields.
    readonly_fields = [
        "status",
        "rejection_reason",
        "is_verified",
        "submitted_at",
        "approved_at",
        "average_rating",
        "total_reviews",
        "total_sessions_completed",
        "created_at",
        "updated_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["public_profile_preview", *super().get_readonly_fields(request, obj)]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "mentor_tiers": MentorTier.choices}
        return super().change_view(request, object_id, form_url, extra_context)

    def view_on_site(self, mentor: MentorProfile) -> str | None:
        """The public profile, once there is one (an approved mentor taking bookings)."""
        if MentorProfile.objects.bookable().filter(pk=mentor.pk).exists():
            return reverse("mentors:profile", args=[mentor.pk])
        return None

    @admin.display(description=_("public profile preview"))
    def public_profile_preview(self, mentor: MentorProfile):
        """What the directory card and profile will show, for staff deciding an application."""
        if mentor.pk is None:
            return "-"
        return render_to_string("admin/mentors/mentorprofile/preview.html", {"mentor": mentor})

    @admin.display(description=_("name"), ordering="user__full_name")
    def full_name(self, mentor: MentorProfile) -> str:
        return mentor.user.full_name

    def _decide(self, request, queryset, decide, done: str) -> None:
        decided, refused = 0, []
        for mentor in queryset:
            try:
                decide(mentor)
                decided += 1
            except DomainError as error:
                refused.append(f"{mentor.user}: {error.message}")
        if decided:
            self.message_user(request, done % {"count": decided}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description=_("Approve selected applications"))
    def approve_selected(self, request, queryset):
        tier = request.POST.get("mentor_tier") or None
        self._decide(
            request,
            queryset,
            lambda mentor: services.mentor_approve(
                mentor=mentor, actor=request.user, tier=tier, request=request
            ),
            _("Approved %(count)d application(s)."),
        )

    @admin.action(description=_("Reject selected applications (asks for the reason)"))
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["rejection_reason"]
            self._decide(
                request,
                queryset,
                lambda mentor: services.mentor_reject(
                    mentor=mentor, actor=request.user, reason=reason, request=request
                ),
                _("Rejected %(count)d application(s)."),
            )
            return None  # back to the list
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject applications"),
            "opts": self.model._meta,
            "form": form,
            "mentors": queryset.select_related("user"),
            "action": "reject_selected",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/mentors/mentorprofile/reject_form.html", context)


class SubcategoryInline(LabelledInlineMixin, admin.TabularInline):
    model = Category
    fk_name = "parent"
    fields = ["name", "slug", "description", "icon", "sort_order", "is_active"]
    extra = 0
    verbose_name = _("subcategory")
    verbose_name_plural = _("subcategories")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "sort_order", "is_active"]
    list_filter = ["is_active", ("parent", admin.EmptyFieldListFilter)]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SubcategoryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "subcategory", "is_active"]
    list_filter = ["is_active", "category"]
    list_select_related = ["category", "subcategory__parent"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["title", "mentor", "duration_minutes", money_column("price"), "is_active"]
    list_filter = ["is_active", "duration_minutes"]
    list_select_related = ["mentor__user"]
    search_fields = ["title", "mentor__user__email", "mentor__user__full_name"]
    raw_id_fields = ["mentor"]


class ScheduleEntryInline(LabelledInlineMixin, admin.TabularInline):
    model = ScheduleEntry
    fields = [
        "kind",
        "day_of_week",
        "day_of_month",
        "date",
        "start_time",
        "end_time",
        "slot_duration_minutes",
        "reason",
    ]
    extra = 0


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["mentor", "type", "timezone", "is_active", "min_notice_hours", "max_advance_days"]
    list_filter = ["type", "is_active"]
    list_select_related = ["mentor__user"]
    search_fields = ["mentor__user__email", "mentor__user__full_name"]
    raw_id_fields = ["mentor"]
    inlines = [ScheduleEntryInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Staff edited the mentor's hours: the directory's stored next open slot follows.
        services.free_time_changed_on_commit(form.instance.mentor_id)


@admin.register(BusyInterval)
class BusyIntervalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: bookings take and release a mentor's time, and feed refreshes import it,
    through mentors.services."""

    list_display = ["mentor", "start_at", "end_at", "source", "reference", "is_live"]
    list_filter = ["source", "is_live"]
    list_select_related = ["mentor__user"]
    search_fields = ["reference", "mentor__user__email"]
    date_hierarchy = "start_at"


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Mentors' external calendars. The URL is the mentor's secret: staff see its host only.
    Syncs happen through the service (the beat job, or the action here), never by editing."""

    list_display = [
        "__str__",
        "mentor",
        "host",
        "is_active",
        "last_success_at",
        "last_error_at",
        "consecutive_failures",
        "events_count",
    ]
    list_filter = ["is_active", ("last_error_at", admin.EmptyFieldListFilter)]
    list_select_related = ["mentor__user"]
    search_fields = ["name", "mentor__user__email", "mentor__user__full_name"]
    fields = [
        "mentor",
        "name",
        "host",
        "is_active",
        "last_fetched_at",
        "last_success_at",
        "last_error",
        "last_error_at",
        "consecutive_failures",
        "error_notified_at",
        "events_count",
        "expanded_until",
        "created_at",
    ]
    readonly_fields = [name for name in fields if name not in {"name", "is_active"}]
    actions = ["refresh_now"]

    def has_add_permission(self, request):
        return False  # a mentor adds their own calendar; its address is theirs to give

    @admin.display(description=_("address"))
    def host(self, feed: CalendarFeed) -> str:
        return feeds.mask_url(feed.url)

    @admin.action(description=_("Read the selected calendars again now"))
    def refresh_now(self, request, queryset):
        worked, failed = 0, []
        for feed in queryset:
            refreshed = services.calendar_feed_refresh(feed_id=feed.pk)
            if refreshed is None:
                continue
            if refreshed.last_error:
                failed.append(f"{refreshed}: {refreshed.last_error}")
            else:
                worked += 1
        if worked:
            self.message_user(request, _("Read %(count)d calendar(s).") % {"count": worked}, messages.SUCCESS)
        for line in failed:
            self.message_user(request, line, messages.WARNING)
