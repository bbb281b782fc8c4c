"""The /auth endpoints. Thin views: parse with an input serializer, call one service, render an
output serializer."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.api import serializers as s
from core.schema import ERRORS
from core.throttling import AuthRateThrottle, RegisterRateThrottle, throttles


class PublicAuthView(APIView):
    """Public /auth endpoints: no token needed (a stale one is ignored), 10/min per IP."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = throttles(AuthRateThrottle)


class RegisterView(PublicAuthView):
    throttle_classes = throttles(RegisterRateThrottle)

    @extend_schema(
        tags=["auth"],
        summary="Create an account",
        request=s.RegisterIn,
        responses={201: s.LoginOut, **ERRORS(400, 409, 429)},
    )
    def post(self, request):
        data = s.RegisterIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_register(**data.validated_data)
        body = {"user": s.UserOut(user, context={"request": request}).data, **services.tokens_for(user)}
        return Response(body, status=status.HTTP_201_CREATED)


class LoginView(PublicAuthView):
    @extend_schema(
        tags=["auth"],
        summary="Log in with e-mail or username",
        request=s.LoginIn,
        responses={200: s.LoginOut, **ERRORS(400, 401, 429)},
    )
    def post(self, request):
        data = s.LoginIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.auth_login(
            identifier=data.validated_data["identifier"],
            password=data.validated_data["password"],
            request=request._request,
        )
        return Response(
            {**services.tokens_for(user), "user": s.UserOut(user, context={"request": request}).data}
        )


class RefreshView(PublicAuthView):
    @extend_schema(
        tags=["auth"],
        summary="Rotate a refresh token",
        description="Returns a new access and refresh token; the old refresh token is blacklisted. "
        "Presenting a blacklisted token returns 401 and revokes every refresh token of the user.",
        request=s.RefreshIn,
        responses={200: s.RefreshOut, **ERRORS(400, 401, 429)},
    )
    def post(self, request):
        data = s.RefreshIn(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(services.auth_refresh(refresh=data.validated_data["refresh"]))


class LogoutView(APIView):
    throttle_classes = throttles(AuthRateThrottle)

    @extend_schema(
        tags=["auth"],
        summary="Log out (blacklist the refresh token)",
        request=s.RefreshIn,
        responses={204: None, **ERRORS(400, 401, 429)},
    )
    def post(self, request):
        data = s.RefreshIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.auth_logout(user=request.user, refresh=data.validated_data["refresh"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class VerifyEmailView(PublicAuthView):
    @extend_schema(
        tags=["auth"],
        summary="Verify the e-mail address with the mailed token",
        request=s.TokenIn,
        responses={200: s.UserOut, **ERRORS(400, 429)},
    )
    def post(self, request):
        data = s.TokenIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.email_verify(key=data.validated_data["token"], request=request._request)
        return Response(s.UserOut(user, context={"request": request}).data)


class ResendVerificationView(APIView):
    throttle_classes = throttles(AuthRateThrottle)

    @extend_schema(
        tags=["auth"],
        summary="Send a fresh verification mail",
        description="202; does nothing if the address is already verified.",
        request=None,
        responses={202: None, **ERRORS(401, 429)},
    )
    def post(self, request):
        services.email_verification_send(user=request.user)
        return Response(status=status.HTTP_202_ACCEPTED)


class PasswordResetView(PublicAuthView):
    @extend_schema(
        tags=["auth"],
        summary="Mail a password-reset link",
        description="Always 202, so the answer does not reveal which accounts exist.",
        request=s.EmailIn,
        responses={202: None, **ERRORS(400, 429)},
    )
    def post(self, request):
        data = s.EmailIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_request(email=data.validated_data["email"])
        return Response(status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(PublicAuthView):
    @extend_schema(
        tags=["auth"],
        summary="Set a new password with the mailed token",
        description="Every refresh token of the account is revoked.",
        request=s.PasswordResetConfirmIn,
        responses={204: None, **ERRORS(400, 429)},
    )
    def post(self, request):
        data = s.PasswordResetConfirmIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_confirm(
            key=data.validated_data["token"], new_password=data.validated_data["new_password"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeView(APIView):
    throttle_classes = throttles(AuthRateThrottle)

    @extend_schema(
        tags=["auth"],
        summary="Change the password",
        description="Refresh tokens of other sessions are revoked (pass `refresh` to keep this one).",
        request=s.PasswordChangeIn,
        responses={204: None, **ERRORS(400, 401, 429)},
    )
    def post(self, request):
        data = s.PasswordChangeIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_change(
            user=request.user,
            old_password=data.validated_data["old_password"],
            new_password=data.validated_data["new_password"],
            keep_refresh=data.validated_data.get("refresh"),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SocialLoginView(PublicAuthView):
    @extend_schema(
        tags=["auth"],
        summary="Sign in with Google, Apple or LinkedIn",
        description="Takes the ID token from the provider's sign-in SDK; allauth verifies it against the "
        "provider's published keys. The first sign-in makes a verified account, or links to the "
        "account with the same verified e-mail. 404 when the provider is not configured.",
        request=s.SocialLoginIn,
        responses={200: s.SocialLoginOut, **ERRORS(400, 401, 404, 429)},
    )
    def post(self, request, provider: str):
        data = s.SocialLoginIn(data=request.data)
        data.is_valid(raise_exception=True)
        user, created = services.social_login(
            provider=provider,
            token=data.validated_data["token"],
            client_id=data.validated_data.get("client_id"),
            request=request._request,
        )
        body = {
            **services.tokens_for(user),
            "user": s.UserOut(user, context={"request": request}).data,
            "created": created,
        }
        return Response(body)
