from django.urls import include, path

from accounts import views

app_name = "accounts"

# Fixed paths come before the <key> patterns they would otherwise match.
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("account/", views.account, name="account"),
    path("account/learner/", views.learner_profile, name="learner-profile"),
    path("account/avatar/", views.avatar_upload, name="avatar-upload"),
    path("account/avatar/remove/", views.avatar_remove, name="avatar-remove"),
    path("account/skills/", views.skill_add, name="skill-add"),
    path("account/skills/<uuid:skill_id>/remove/", views.skill_remove, name="skill-remove"),
    path("account/delete/", views.account_delete, name="account-delete"),
    path("verify-email/sent/", views.verification_sent, name="verification-sent"),
    path("verify-email/resend/", views.verification_resend, name="verification-resend"),
    path("verify-email/<str:key>/", views.verify_email, name="verify-email"),
    path("password/reset/", views.password_reset, name="password-reset"),
    path("password/reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path("password/reset/<str:key>/", views.password_reset_confirm, name="password-reset-confirm"),
    path("password/change/", views.password_change, name="password-change"),
    # issue 18: the interview and profile pages; resumes, portfolio editor and public portfolio
    path("", include("accounts.views_profiling.urls")),
    path("", include("accounts.views_portfolio.urls")),
]
