"""API rows of API.md §6 for points, levels, streaks, achievements and certificates: each view
parses, calls one selector or service, and renders."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ListView, parsed
from core.errors import ValidationFailed
from core.schema import ERRORS
from core.throttling import WindowRateThrottle, throttles
from learning import selectors_rewards as selectors
from learning.services.certificates import normalise_code

CODE_SHAPE = re.compile(r"^[A-Z][A-Z0-9]{1,19}-\d{4}-[A-Z0-9]{6}$")


class CertificateVerifyThrottle(WindowRateThrottle):
    """Certificate lookups per client address (the page and the API share the counter)."""

    scope = "certificate_verify"

    def get_rate(self, request) -> str:
        return settings.LEARNING_CERTIFICATE_VERIFY_RATE


def _absolute(context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request else settings.SITE_URL + path


# --- serializers ----------------------------------------------------------------------------------


class AchievementOut(serializers.Serializer):
    id = serializers.UUIDField(source="achievement.id")
    name = serializers.CharField(source="achievement.name")
    description = serializers.CharField(source="achievement.description")
    icon_url = serializers.SerializerMethodField()
    rarity = serializers.ChoiceField(
        source="achievement.rarity", choices=["common", "rare", "epic", "legendary"]
    )
    earned_at = serializers.DateTimeField(allow_null=True)
    credential_url = serializers.SerializerMethodField(
        help_text="The Open Badges 3.0 credential (JSON) of an earned achievement"
    )
    badge_url = serializers.SerializerMethodField(help_text="The badge PNG with the credential baked in")

    def get_icon_url(self, row) -> str:
        return _absolute(self.context, reverse("learning:achievement-icon", args=[row.achievement.slug]))

    def get_credential_url(self, row) -> str | None:
        if row.award is None:
            return None
        return _absolute(self.context, reverse("learning:award-credential", args=[row.award.pk]))

    def get_badge_url(self, row) -> str | None:
        if row.award is None:
            return None
        return _absolute(self.context, reverse("learning:award-badge", args=[row.award.pk]))


class AchievementsMeOut(serializers.Serializer):
    achievements = AchievementOut(many=True)
    total_points = serializers.IntegerField()
    level = serializers.IntegerField()
    next_level_points = serializers.IntegerField(
        allow_null=True, help_text="The points at which the next level starts; null at the top level"
    )
    current_streak_days = serializers.IntegerField()
    longest_streak_days = serializers.IntegerField()


class AchievementsMeIn(serializers.Serializer):
    include_locked = serializers.BooleanField(required=False, default=False)


class CertificateOut(serializers.Serializer):
    id = serializers.UUIDField()
    opportunity_title = serializers.CharField()
    issued_at = serializers.DateTimeField()
    certificate_url = serializers.SerializerMethodField(help_text="The certificate as a PDF")
    verification_code = serializers.CharField()
    verification_url = serializers.SerializerMethodField(help_text="The public page that confirms it")
    credential_url = serializers.SerializerMethodField(help_text="The Open Badges 3.0 credential (JSON)")
    badge_url = serializers.SerializerMethodField(help_text="The badge PNG with the credential baked in")
    revoked = serializers.SerializerMethodField()

    def get_certificate_url(self, certificate) -> str:
        return _absolute(self.context, reverse("learning:certificate-pdf", args=[certificate.pk]))

    def get_verification_url(self, certificate) -> str:
        path = reverse("learning:certificate-verify-code", args=[certificate.verification_code])
        return _absolute(self.context, path)

    def get_credential_url(self, certificate) -> str:
        return _absolute(self.context, reverse("learning:certificate-credential", args=[certificate.pk]))

    def get_badge_url(self, certificate) -> str:
        return _absolute(self.context, reverse("learning:certificate-badge", args=[certificate.pk]))

    def get_revoked(self, certificate) -> bool:
        return certificate.is_revoked


class CertificateVerifyOut(serializers.Serializer):
    valid = serializers.BooleanField()
    verification_code = serializers.CharField()
    holder_name = serializers.CharField(allow_null=True)
    opportunity_title = serializers.CharField(allow_null=True)
    issued_at = serializers.DateTimeField(allow_null=True)
    revoked = serializers.BooleanField(help_text="True when staff withdrew the certificate")


# --- views ----------------------------------------------------------------------------------------


class AchievementsMeView(APIView):
    @extend_schema(
        tags=["learning"],
        summary="Your achievements, points, level and streak",
        parameters=[AchievementsMeIn],
        responses={200: AchievementsMeOut, **ERRORS(400, 401)},
    )
    def get(self, request):
        include_locked = parsed(AchievementsMeIn, request.query_params)["include_locked"]
        standing = selectors.standing_for(user=request.user)
        body = {
            "achievements": selectors.achievements_for(user=request.user, include_locked=include_locked),
            "total_points": standing.total_points,
            "level": standing.level,
            "next_level_points": standing.next_level_points,
            "current_streak_days": standing.current_streak_days,
            "longest_streak_days": standing.longest_streak_days,
        }
        return Response(AchievementsMeOut(body, context={"request": request}).data)


class CertificatesMeView(ListView):
    serializer_class = CertificateOut

    @extend_schema(
        tags=["learning"],
        summary="Your certificates",
        responses={200: CertificateOut(many=True), **ERRORS(400, 401)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self):
        return selectors.certificates_for(user=self.request.user)


class CertificateVerifyView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = throttles(CertificateVerifyThrottle)

    @extend_schema(
        tags=["learning"],
        summary="Check a certificate's verification code",
        auth=[],
        parameters=[
            OpenApiParameter(
                "code", str, OpenApiParameter.PATH, description="PREFIX-YEAR-CODE, e.g. MENTORA-2026-K7QX2M"
            )
        ],
        responses={200: CertificateVerifyOut, **ERRORS(400, 429)},
    )
    def get(self, request, code: str):
        code = normalise_code(code)
        if not CODE_SHAPE.match(code):
            raise ValidationFailed.for_field("code", "A code looks like MENTORA-2026-K7QX2M.")
        certificate = selectors.certificate_by_code(code)
        found = certificate is not None
        body = {
            "valid": found and not certificate.is_revoked,
            "verification_code": certificate.verification_code if found else code,
            "holder_name": certificate.holder_name if found else None,
            "opportunity_title": certificate.opportunity_title if found else None,
            "issued_at": certificate.issued_at if found else None,
            "revoked": found and certificate.is_revoked,
        }
        return Response(CertificateVerifyOut(body).data)
