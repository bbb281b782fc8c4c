from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User


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


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = MentoraUserChangeForm
    add_form = MentoraUserCreationForm
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
    readonly_fields = ["id", "date_joined", "last_login", "updated_at", "deleted_at"]
    fieldsets = (
        (None, {"fields": ("id", "email", "username", "password")}),
        (
            _("Person"),
            {
                "fields": (
                    "full_name",
                    "first_name",
                    "last_name",
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
