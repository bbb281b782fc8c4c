"""Django admin for accounts. Actions and edits of staff-controlled flags call the same services
as the staff API, so each writes its audit entry; the audit log itself is read-only here."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import AuditEntry, LearnerProfile, Skill, User, UserSkill
from core.admin import LabelledInlineMixin, ReadOnlyAdminMixin
from core.errors import DomainError

# Flags whose change is a staff action (audit-logged through accounts.services.user_staff_update).
STAFF_FLAGS = ("is_staff", "is_active", "membership", "persona")


class MentoraUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "username", "full_name")


class MentoraUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [("learner", _("Learner only")), ("mentor", _("Mentor")), ("staff", _("Staff"))]

    def queryset(self, request, queryset):
        match self.value():
            case "learner":
                return queryset.filter(is_mentor=False, is_staff=False)
            case "mentor":
                return queryset.filter(is_mentor=True)
            case "staff":
                return queryset.filter(is_staff=True)
        return queryset


class DeletedFilter(admin.SimpleListFilter):
    title = _("soft-deleted")
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("yes", _("Deleted")), ("no", _("Live"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        return queryset


class UserActionForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason (for soft delete)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"size": 40}),
    )


class LearnerProfileInline(admin.StackedInline):
    model = LearnerProfile
    can_delete = False
    readonly_fields = ["total_sessions", "updated_at"]
    extra = 0


class UserSkillInline(LabelledInlineMixin, admin.TabularInline):
    model = UserSkill
    autocomplete_fields = ["skill"]
    readonly_fields = ["created_at"]
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = MentoraUserChangeForm
    add_form = MentoraUserCreationForm
    action_form = UserActionForm
    actions = ["soft_delete_selected", "restore_selected", "purge_selected", "reset_avatar_selected"]
    inlines = [LearnerProfileInline, UserSkillInline]
    ordering = ["-date_joined"]
    list_display = [
        "email",
        "full_name",
        "username",
        "role_list",
        "persona",
        "is_verified",
        "is_active",
        "date_joined",
    ]
    list_filter = [RoleFilter, "persona", "membership", "is_verified", "is_active", "is_staff", DeletedFilter]
    search_fields = ["email", "username", "full_name"]
    readonly_fields = [
        "id",
        "date_joined",
        "last_login",
        "updated_at",
        "deleted_at",
        "purged_at",
        "avatar_uploaded_at",
    ]
    fieldsets = (
        (None, {"fields": ("id", "email", "username", "password")}),
        (
            _("Person"),
            {
                "fields": (
                    "full_name",
                    "first_name",
                    "last_name",
                    "bio",
                    "phone",
                    "avatar",
                    "avatar_uploaded_at",
                    "location_city",
                    "location_country",
                    "location_lat",
                    "location_lng",
                    "persona",
                    "timezone",
                    "currency",
                    "preferred_language",
                )
            },
        ),
        (
            _("Roles and state"),
            {
                "fields": (
                    "is_mentor",
                    "active_mode",
                    "membership",
                    "intended_role",
                    "is_verified",
                    "onboarding_completed",
                    "is_active",
                    "deleted_at",
                    "purged_at",
                )
            },
        ),
        (_("Staff"), {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("date_joined", "last_login", "updated_at")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "username", "full_name", "password1", "password2")},
        ),
    )

    @admin.display(description=_("roles"))
    def role_list(self, obj: User) -> str:
        return ", ".join(obj.roles)

    # Accounts are never hard-deleted: payments and ledger rows point at them. Soft delete and
    # purge (anonymise) are the actions below.
    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        flags = {
            name: form.cleaned_data[name] for name in STAFF_FLAGS if change and name in form.changed_data
        }
        if flags:
            stored = User.objects.get(pk=obj.pk)
            for name in flags:
                setattr(obj, name, getattr(stored, name))
        super().save_model(request, obj, form, change)
        if flags:
            try:
                services.user_staff_update(actor=request.user, user=obj, request=request, **flags)
            except DomainError as error:
                self.message_user(request, f"Roles and flags not changed: {error.message}", messages.ERROR)

    def _each(self, request, queryset, verb: str, call) -> None:
        done, problems = 0, []
        for user in queryset:
            try:
                call(user)
            except DomainError as error:
                problems.append(f"{user.email}: {error.message}")
            else:
                done += 1
        if done:
            self.message_user(request, f"{verb}: {done} account(s).", messages.SUCCESS)
        for problem in problems:
            self.message_user(request, problem, messages.ERROR)

    @admin.action(description=_("Soft-delete selected accounts (give a reason)"))
    def soft_delete_selected(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(request, "Give a reason to soft-delete accounts.", messages.ERROR)
            return
        self._each(
            request,
            queryset,
            "Soft-deleted",
            lambda user: services.user_staff_delete(
                actor=request.user, user=user, reason=reason, request=request
            ),
        )

    @admin.action(description=_("Restore selected soft-deleted accounts"))
    def restore_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            "Restored",
            lambda user: services.user_restore(actor=request.user, user=user, request=request),
        )

    @admin.action(description=_("Purge selected accounts deleted 30+ days ago"))
    def purge_selected(self, request, queryset):
        purged = services.users_purge_deleted(
            actor=request.user, user_ids=list(queryset.values_list("pk", flat=True)), request=request
        )
        self.message_user(
            request,
            f"Purged (anonymised): {len(purged)} account(s). Accounts deleted less than "
            f"{services.MIN_PURGE_AGE_DAYS} days ago, or not deleted, were left alone.",
            messages.SUCCESS,
        )

    @admin.action(description=_("Reset selected accounts' pictures to the default"))
    def reset_avatar_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            "Picture reset",
            lambda user: services.avatar_reset(user=user, actor=request.user, request=request),
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the log is evidence, so nobody edits or removes entries here."""

    list_display = ["created_at", "action", "actor", "target_type", "target_id", "ip_address"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "target_id", "actor__email", "ip_address"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]
    readonly_fields = [
        "id",
        "created_at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "details",
        "ip_address",
        "user_agent",
    ]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "normalized_name", "created_at"]
    search_fields = ["name", "normalized_name"]
    readonly_fields = ["normalized_name", "created_at"]

    def save_model(self, request, obj, form, change):
        obj.normalized_name = services.normalize_skill_name(obj.name)
        super().save_model(request, obj, form, change)


# issue 18: the onboarding interviews and AI profiles (read-only), resumes and portfolios, each
# with an admin module of its own.
from accounts import admin_portfolio, admin_profiling  # noqa: E402, F401
