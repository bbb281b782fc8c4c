"""Points, levels, streaks, achievements and certificates (API.md §6)."""

from django.urls import path

from learning.api import rewards

urlpatterns = [
    path("achievements/me", rewards.AchievementsMeView.as_view(), name="achievements-me"),
    path("certificates/me", rewards.CertificatesMeView.as_view(), name="certificates-me"),
    path(
        "certificates/verify/<str:code>", rewards.CertificateVerifyView.as_view(), name="certificate-verify"
    ),
]
