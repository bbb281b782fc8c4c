"""Celery tasks of accounts: load by id, call one function (STYLE.md)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_verification_email(user_id: str, signup: bool = False, next_url: str = "") -> bool:
    from accounts.mail import verification_mail_send
    from accounts.models import User

    user = User.objects.filter(pk=user_id).first()
    return bool(user) and verification_mail_send(user=user, signup=signup, next_url=next_url)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_password_reset_email(user_id: str) -> None:
    from accounts.mail import password_reset_mail_send
    from accounts.models import User

    user = User.objects.live().filter(pk=user_id, is_active=True).first()
    if user is not None:
        password_reset_mail_send(user=user)


@shared_task
def flush_expired_tokens() -> int:
    """Drop refresh-token records past their expiry; they can no longer be presented."""
    from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

    deleted, _ = OutstandingToken.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


@shared_task
def purge_deleted_users() -> int:
    """Nightly (CELERY_BEAT_SCHEDULE): anonymise accounts soft-deleted ACCOUNT_PURGE_AFTER_DAYS ago."""
    from accounts import services

    return len(services.users_purge_deleted())
