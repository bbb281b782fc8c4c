from django.urls import include, path

from accounts.api.views import auth, me, staff, utils

urlpatterns = [
    path("auth/register", auth.RegisterView.as_view(), name="auth-register"),
    path("auth/login", auth.LoginView.as_view(), name="auth-login"),
    path("auth/refresh", auth.RefreshView.as_view(), name="auth-refresh"),
    path("auth/logout", auth.LogoutView.as_view(), name="auth-logout"),
    path("auth/verify-email", auth.VerifyEmailView.as_view(), name="auth-verify-email"),
    path("auth/resend-verification", auth.ResendVerificationView.as_view(), name="auth-resend-verification"),
    path("auth/password/reset", auth.PasswordResetView.as_view(), name="auth-password-reset"),
    path(
        "auth/password/reset/confirm",
        auth.PasswordResetConfirmView.as_view(),
        name="auth-password-reset-confirm",
    ),
    path("auth/password/change", auth.PasswordChangeView.as_view(), name="auth-password-change"),
    path("auth/social/<str:provider>", auth.SocialLoginView.as_view(), name="auth-social"),
    path("users/me", me.MeView.as_view(), name="users-me"),
    path("users/me/avatar", me.MeAvatarView.as_view(), name="users-me-avatar"),
    path("users/me/switch-mode", me.SwitchModeView.as_view(), name="users-me-switch-mode"),
    path("users/me/skills", me.MySkillsView.as_view(), name="users-me-skills"),
    path("users/me/skills/<uuid:id>", me.MySkillDetailView.as_view(), name="users-me-skill"),
    path("learners/me", me.LearnerMeView.as_view(), name="learners-me"),
    path("utils/countries", utils.CountriesView.as_view(), name="utils-countries"),
    path("utils/languages", utils.LanguagesView.as_view(), name="utils-languages"),
    path("utils/proficiency-levels", utils.ProficiencyLevelsView.as_view(), name="utils-proficiency-levels"),
    path("utils/phone-codes", utils.PhoneCodesView.as_view(), name="utils-phone-codes"),
    path("utils/currencies", utils.CurrenciesView.as_view(), name="utils-currencies"),
    path("staff/users", staff.StaffUserListView.as_view(), name="staff-users"),
    path("staff/users/purge-deleted", staff.StaffPurgeDeletedView.as_view(), name="staff-users-purge"),
    path("staff/users/<uuid:id>", staff.StaffUserDetailView.as_view(), name="staff-user"),
    path("staff/users/<uuid:id>/avatar", staff.StaffUserAvatarView.as_view(), name="staff-user-avatar"),
    path("staff/users/<uuid:id>/restore", staff.StaffUserRestoreView.as_view(), name="staff-user-restore"),
    path("staff/audit-logs", staff.AuditLogListView.as_view(), name="staff-audit-logs"),
    # issue 18: the onboarding interview and AI profile; resumes, portfolio and sharing
    path("", include("accounts.api.urls_profiling")),
    path("", include("accounts.api.urls_portfolio")),
]
