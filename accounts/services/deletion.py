"""Soft delete, restore and purge (API.md §1).

A delete sets `deleted_at` and `is_active=False`: the log-in backend refuses the account, and
simplejwt's JWTAuthentication (and the session and WebSocket checks) refuse inactive users on
every request, so access tokens die at once; refresh tokens are blacklisted as well. Lists skip
the account through `User.objects.live()`. Staff can restore it until the purge, which
anonymises the row instead of deleting it, so payments and ledger entries that point at the
account stay intact.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts import errors
from accounts.models import AuditEntry, LearnerProfile, Portfolio, PortfolioProject, Resume, User, UserSkill
from accounts.services.audit import audit_entry_create
from accounts.services.auth import refresh_tokens_revoke
from accounts.signals import user_purged
from core.errors import ValidationFailed
from core.locks import claim_due

MIN_PURGE_AGE_DAYS = 30
# Older than any account can be; a larger number overflowed the date arithmetic (a 500).
MAX_PURGE_AGE_DAYS = 36_500
MAX_REASON_LENGTH = 500


def _soft_delete(*, user: User, actor: User, reason: str, request) -> User:
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.deleted_at is not None:
            raise errors.AccountDeleted("This account is already deleted.")
        user.deleted_at = timezone.now()
        user.is_active = False
        user.save(update_fields=["deleted_at", "is_active", "updated_at"])
        revoked = refresh_tokens_revoke(user=user)
        audit_entry_create(
            actor=actor,
            action="user.soft_delete",
            target=user,
            details={
                "reason": reason,
                "by": "self" if actor.pk == user.pk else "staff",
                "revoked_tokens": revoked,
            },
            request=request,
        )
    return user


def user_self_delete(*, user: User, password: str, request=None) -> User:
    """Delete your own account; the password proves it is you and not a borrowed session."""
    if not user.has_usable_password():
        raise ValidationFailed.for_field(
            "password", "Your account has no password yet: set one with 'Forgot your password?' first."
        )
    if not user.check_password(password or ""):
        raise ValidationFailed.for_field("password", "The password is not correct.")
    return _soft_delete(user=user, actor=user, reason="Deleted by the account holder.", request=request)


def user_staff_delete(*, actor: User, user: User, reason: str, request=None) -> User:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed.for_field("reason", "Say why the account is deleted.")
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationFailed.for_field("reason", f"At most {MAX_REASON_LENGTH} characters.")
    if actor.pk == user.pk:
        raise ValidationFailed.for_field("id", "Delete your own account from your account settings.")
    return _soft_delete(user=user, actor=actor, reason=reason, request=request)


def user_restore(*, actor: User, user: User, request=None) -> User:
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.purged_at is not None:
            raise errors.AccountPurged()
        if locked.deleted_at is None:
            raise errors.AccountNotDeleted()
        deleted_at = locked.deleted_at
        user.deleted_at = None
        user.is_active = True
        user.save(update_fields=["deleted_at", "is_active", "updated_at"])
        audit_entry_create(
            actor=actor,
            action="user.restore",
            target=user,
            details={"deleted_at": deleted_at},
            request=request,
        )
    return user


def _anonymise(user: User, *, now) -> None:
    storage = user.avatar.field.storage
    avatar_name = user.avatar.name
    user.email = f"deleted-{user.pk.hex}@deleted.invalid"
    user.username = None
    user.full_name = "Deleted user"
    user.first_name = user.last_name = ""
    user.bio = user.phone = ""
    user.location_city = user.location_country = ""
    user.location_lat = user.location_lng = None
    user.avatar.name = ""
    user.avatar_uploaded_at = None
    user.timezone = "UTC"
    user.set_unusable_password()
    user.is_active = False
    user.purged_at = now
    user.save()
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    OutstandingToken.objects.filter(user=user).delete()
    UserSkill.objects.filter(user=user).delete()
    # Resumes and the portfolio are the person's own words and history: they go whole.
    Resume.objects.filter(user=user).delete()
    project_images = [
        name
        for name in PortfolioProject.objects.filter(portfolio__user=user).values_list("image", flat=True)
        if name
    ]
    Portfolio.objects.filter(user=user).delete()
    LearnerProfile.objects.filter(user=user).update(
        grade_level="", school_name="", learning_goals="", interests=[], updated_at=now
    )
    # The person's own network traces in the log go; what was done, and to whom, stays.
    AuditEntry.objects.filter(actor=user).update(ip_address=None, user_agent="")
    # Higher apps (messages, reviews, ...) anonymise what they hold, in this same transaction.
    user_purged.send(sender=User, user=user)
    if avatar_name:
        transaction.on_commit(lambda: storage.delete(avatar_name))
    for name in project_images:
        transaction.on_commit(lambda name=name: storage.delete(name))


def users_purge_deleted(
    *,
    older_than_days: int | None = None,
    actor: User | None = None,
    user_ids: list[UUID] | None = None,
    request=None,
    now=None,
) -> list[UUID]:
    """Anonymise accounts soft-deleted at least `older_than_days` ago (30 at least). Returns
    their ids. `actor` is the staff member, or None for the nightly task; `user_ids` narrows it
    to some accounts (the admin action)."""
    days = settings.ACCOUNT_PURGE_AFTER_DAYS if older_than_days is None else older_than_days
    if days < MIN_PURGE_AGE_DAYS:
        raise ValidationFailed.for_field("older_than_days", f"At least {MIN_PURGE_AGE_DAYS} days.")
    if days > MAX_PURGE_AGE_DAYS:
        raise ValidationFailed.for_field("older_than_days", f"At most {MAX_PURGE_AGE_DAYS} days.")
    now = now or timezone.now()
    with transaction.atomic():
        due = User.objects.purgeable(deleted_before=now - timedelta(days=days))
        if user_ids is not None:
            due = due.filter(pk__in=user_ids)
        # skip_locked: a staff purge and the nightly task running together each take other rows,
        # and a row being restored right now is left for the next run. One transaction around
        # the claims, so the one audit entry names exactly the accounts that were purged.
        purged: list[UUID] = []

        def purge(user: User) -> bool:
            _anonymise(user, now=now)
            purged.append(user.pk)
            return True

        claim_due(due, purge, order_by=("deleted_at",), limit=None)
        if actor is not None or purged:
            audit_entry_create(
                actor=actor,
                action="user.purge",
                details={"older_than_days": days, "purged_count": len(purged), "user_ids": purged},
                request=request,
            )
    return purged
