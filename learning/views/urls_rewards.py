"""Achievements, level and streak; certificates; the public verification page; badge images
and the issuer's public key."""

from django.urls import path

from learning.views import rewards

urlpatterns = [
    path("learning/achievements", rewards.achievements, name="achievements"),
    path("learning/achievements/streak-reminders", rewards.streak_reminders, name="streak-reminders"),
    path("achievements/<slug:slug>/icon.png", rewards.achievement_icon, name="achievement-icon"),
    path(
        "achievements/awards/<uuid:award_id>/credential.json",
        rewards.award_credential,
        name="award-credential",
    ),
    path("achievements/awards/<uuid:award_id>/badge.png", rewards.award_badge, name="award-badge"),
    path("learning/certificates", rewards.certificate_list, name="certificates"),
    path("certificates/badge.png", rewards.certificate_image, name="certificate-image"),
    path("certificates/verify", rewards.verify, name="certificate-verify"),
    path("certificates/verify/<str:code>", rewards.verify_code, name="certificate-verify-code"),
    path(
        "certificates/<uuid:certificate_id>/certificate.pdf", rewards.certificate_pdf, name="certificate-pdf"
    ),
    path(
        "certificates/<uuid:certificate_id>/credential.json",
        rewards.certificate_credential,
        name="certificate-credential",
    ),
    path("certificates/<uuid:certificate_id>/badge.png", rewards.certificate_badge, name="certificate-badge"),
    path("credentials/issuer", rewards.credential_issuer, name="credential-issuer"),
    path("credentials/jwks.json", rewards.credential_jwks, name="credential-jwks"),
]
