"""Sign-up, log-in, tokens, e-mail verification and passwords.

Mails go out after commit through Celery, so a rolled-back sign-up never sends one.
"""

from __future__ import annotations

import hashlib
from typing import Any

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.models import update_last_login
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from rest_framework_simplejwt.exceptions import TokenBackendError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import errors, login_guard, reference, selectors, tasks
from accounts.models import Membership, Mode, Persona, RefreshTokenRotation, User
from accounts.request_meta import client_ip
from accounts.signals import user_registered
from core.errors import ValidationFailed

TOKEN_TYPE = "Bearer"


# --- helpers ------------------------------------------------------------------------------------


def check_password_strength(password: str, *, user: User, field: str) -> None:
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed(exc.messages[0], details={field: list(exc.messages)}) from None


def split_name(full_name: str) -> tuple[str, str]:
    first, _, last = full_name.strip().partition(" ")
    return first[:100], last.strip()[:100]


def email_in_use(email: str, *, exclude: User | None = None) -> bool:
    qs = User.objects.filter(email__iexact=email)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


def username_in_use(username: str, *, exclude: User | None = None) -> bool:
    qs = User.objects.filter(username__iexact=username)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


# --- tokens -------------------------------------------------------------------------------------


def tokens_for(user: User) -> dict[str, Any]:
    """A fresh JWT pair. The refresh token is recorded as outstanding so it can be revoked."""
    refresh = RefreshToken.for_user(user)
    return {
        "access": str(refresh.access_token),
        "refresh": str(refresh),
        "expires_in": int(jwt_settings.ACCESS_TOKEN_LIFETIME.total_seconds()),
        "token_type": TOKEN_TYPE,
    }


def _decode_refresh(raw: str) -> dict[str, Any]:
    """Signature, expiry and type of a refresh token; blacklisting is checked by the caller."""
    from rest_framework_simplejwt.state import token_backend

    try:
        payload = token_backend.decode(raw, verify=True)
    except TokenBackendError:
        raise errors.InvalidToken() from None
    if payload.get(jwt_settings.TOKEN_TYPE_CLAIM) != "refresh" or not payload.get("jti"):
        raise errors.InvalidToken()
    return payload


def refresh_tokens_revoke(*, user: User, keep_jti: str | None = None) -> int:
    """Blacklist every outstanding refresh token of `user` (but `keep_jti`). Returns how many."""
    with transaction.atomic():
        pending = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
        if keep_jti:
            pending = pending.exclude(jti=keep_jti)
        rows = [BlacklistedToken(token=token) for token in pending]
        BlacklistedToken.objects.bulk_create(rows, ignore_conflicts=True)
        return len(rows)


def auth_refresh(*, refresh: str) -> dict[str, Any]:
    """Rotate a refresh token. A token presented twice revokes the whole family (API.md §1)."""
    payload = _decode_refresh(refresh)
    user = User.objects.filter(pk=payload.get(jwt_settings.USER_ID_CLAIM)).first()
    if user is None or not user.is_active or user.deleted_at is not None:
        raise errors.InvalidToken()

    with transaction.atomic():
        outstanding = (
            OutstandingToken.objects.filter(jti=payload["jti"], user=user)
            .select_related("rotation", "blacklistedtoken")
            .first()
        )
        if outstanding is None:
            raise errors.InvalidToken()
        already_rotated = hasattr(outstanding, "rotation")
        if not already_rotated and hasattr(outstanding, "blacklistedtoken"):
            raise errors.InvalidToken()  # revoked by logout or a password change
        if not already_rotated:
            # The rotation row is the claim: of two requests racing with one token only one can
            # insert it (one-to-one on the token); the other counts as reuse below.
            try:
                with transaction.atomic():
                    RefreshTokenRotation.objects.create(token=outstanding)
            except IntegrityError:
                already_rotated = True
        if not already_rotated:
            BlacklistedToken.objects.get_or_create(token=outstanding)
            return tokens_for(user)

    # Reuse of a spent token means it may have been stolen: sign every session out. This runs
    # in its own transaction so the revocation stays even though the request fails.
    refresh_tokens_revoke(user=user)
    raise errors.TokenReused()


def auth_logout(*, user: User, refresh: str) -> None:
    payload = _decode_refresh(refresh)
    if str(payload.get(jwt_settings.USER_ID_CLAIM)) != str(user.pk):
        raise ValidationFailed.for_field("refresh", "This refresh token belongs to another account.")
    with transaction.atomic():
        outstanding = OutstandingToken.objects.filter(jti=payload["jti"], user=user).first()
        if outstanding is not None:
            BlacklistedToken.objects.get_or_create(token=outstanding)


# --- sign-up, login -----------------------------------------------------------------------------


def user_register(
    *,
    email: str,
    password: str,
    full_name: str = "",
    first_name: str = "",
    last_name: str = "",
    username: str | None = None,
    persona: str = Persona.BEGINNER,
    intended_role: str = Mode.LEARNER,
    membership: str = Membership.FREE,
    timezone: str = "",
    next_url: str = "",
) -> User:
    """`timezone`: the browser's zone at sign-up (anything not an IANA name is UTC). `next_url`:
    a page of ours to come back to, carried in the verification link."""
    email = email.strip().lower()
    username = (username or "").strip() or None
    full_name = full_name.strip() or f"{first_name.strip()} {last_name.strip()}".strip()
    if full_name and not (first_name or last_name):
        first_name, last_name = split_name(full_name)

    user = User(
        email=email,
        username=username,
        full_name=full_name[:200],
        first_name=first_name.strip()[:100],
        last_name=last_name.strip()[:100],
        persona=persona,
        intended_role=intended_role,
        membership=membership,
        timezone=reference.normalize_time_zone(timezone) or "UTC",
    )
    check_password_strength(password, user=user, field="password")
    if email_in_use(email):
        raise errors.EmailTaken(details={"email": [errors.EmailTaken.default_message]})
    if username and username_in_use(username):
        raise errors.UsernameTaken(details={"username": [errors.UsernameTaken.default_message]})
    user.set_password(password)

    try:
        with transaction.atomic():
            user.save()
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
            user_registered.send(sender=User, user=user)
            tasks.send_verification_email.delay_on_commit(str(user.pk), True, next_url)
    except IntegrityError:
        # Lost a race with a simultaneous sign-up for the same e-mail or username.
        if email_in_use(email):
            raise errors.EmailTaken(details={"email": [errors.EmailTaken.default_message]}) from None
        raise errors.UsernameTaken(details={"username": [errors.UsernameTaken.default_message]}) from None
    return user


def _login_account_key(identifier: str) -> str:
    """One failure counter per account whichever identifier names it; unknown identifiers get
    their own, so a lockout looks the same whether or not the account exists."""
    identifier = identifier.strip().lower()
    user_id = (
        User.objects.filter(Q(email__iexact=identifier) | Q(username__iexact=identifier))
        .order_by("date_joined")
        .values_list("pk", flat=True)
        .first()
    )
    if user_id:
        return f"user:{user_id}"
    # Whatever was typed, hashed: a cache key of fixed length and safe characters.
    return f"name:{hashlib.sha256(identifier.encode()).hexdigest()}"


def auth_login(*, identifier: str, password: str, request=None) -> User:
    """Check the password, within the failed-login limits of accounts.login_guard."""
    reservation = login_guard.reserve(account_key=_login_account_key(identifier), ip=client_ip(request))
    django_request = getattr(request, "_request", request)
    user = authenticate(django_request, username=identifier, password=password)
    if user is None:
        raise errors.InvalidCredentials()  # the reserved places stay: one more failure counted
    reservation.succeeded()
    update_last_login(None, user)
    return user


# --- e-mail verification ------------------------------------------------------------------------


def email_verification_send(*, user: User) -> bool:
    """Queue a fresh verification mail. False (and nothing sent) when already verified."""
    if user.is_verified:
        return False
    with transaction.atomic():
        EmailAddress.objects.get_or_create(
            user=user, email__iexact=user.email, defaults={"email": user.email, "primary": True}
        )
        tasks.send_verification_email.delay_on_commit(str(user.pk), False)
    return True


def email_verify(*, key: str, request=None) -> User:
    """Confirm the address behind an allauth HMAC key (signed, expires after 24 h)."""
    confirmation = EmailConfirmationHMAC.from_key(key.strip())
    if confirmation is None:
        raise errors.InvalidLink(details={"token": [errors.InvalidLink.default_message]})
    with transaction.atomic():
        address = confirmation.confirm(request)
        if address is None:
            raise errors.InvalidLink(details={"token": [errors.InvalidLink.default_message]})
        user = User.objects.select_for_update().get(pk=address.user_id)
        if not user.is_verified:
            user.is_verified = True
            user.save(update_fields=["is_verified", "updated_at"])
    return user


# --- passwords ----------------------------------------------------------------------------------


def password_reset_request(*, email: str) -> None:
    """Mail a reset link if a live account has this e-mail; say nothing either way."""
    user = User.objects.live().filter(email__iexact=email.strip(), is_active=True).first()
    if user is not None:
        tasks.send_password_reset_email.delay_on_commit(str(user.pk))


def password_reset_confirm(*, key: str, new_password: str) -> User:
    user = selectors.user_for_password_reset_key(key=key)
    check_password_strength(new_password, user=user, field="new_password")
    with transaction.atomic():
        user.set_password(new_password)  # also makes the reset key unusable: it hashes the password
        user.save(update_fields=["password", "updated_at"])
        refresh_tokens_revoke(user=user)
    return user


def password_change(
    *, user: User, old_password: str, new_password: str, keep_refresh: str | None = None
) -> None:
    """Change the password; every other session's refresh token is revoked.

    The caller's own session survives when it names its refresh token in `keep_refresh`.
    """
    if not user.check_password(old_password):
        raise ValidationFailed.for_field("old_password", "The current password is not correct.")
    check_password_strength(new_password, user=user, field="new_password")
    keep_jti = None
    if keep_refresh:
        payload = _decode_refresh(keep_refresh)
        if str(payload.get(jwt_settings.USER_ID_CLAIM)) == str(user.pk):
            keep_jti = payload["jti"]
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password", "updated_at"])
        refresh_tokens_revoke(user=user, keep_jti=keep_jti)
