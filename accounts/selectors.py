"""Reads of the accounts app."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from allauth.account.forms import UserTokenForm
from django.db.models import Q, QuerySet

from accounts import errors, taxonomy
from accounts.models import AuditEntry, Role, User, UserSkill
from core.errors import NotFound


def user_for_password_reset_key(*, key: str) -> User:
    """The account a mailed reset key belongs to, if the key is still good (allauth's token:
    signed, one hour, spent once the password changes)."""
    uid, _, token = key.strip().partition("-")
    form = UserTokenForm(data={"uidb36": uid, "key": token})
    if not form.is_valid() or form.reset_user.deleted_at is not None:
        raise errors.InvalidLink(details={"token": [errors.InvalidLink.default_message]})
    return form.reset_user


# --- staff views of accounts --------------------------------------------------------------------


def user_list_for_staff(
    *,
    role: str | None = None,
    search: str | None = None,
    is_active: bool | None = None,
    deleted: bool = False,
) -> QuerySet[User]:
    """Live accounts by default; `deleted=True` lists only soft-deleted ones (API.md §1)."""
    users = User.objects.deleted() if deleted else User.objects.live()
    if role == Role.LEARNER:
        users = users.filter(is_mentor=False, is_staff=False)
    elif role == Role.MENTOR:
        users = users.filter(is_mentor=True)
    elif role == Role.STAFF:
        users = users.filter(is_staff=True)
    if search:
        term = search.strip()
        users = users.filter(
            Q(email__icontains=term) | Q(full_name__icontains=term) | Q(username__icontains=term)
        )
    if is_active is not None:
        users = users.filter(is_active=is_active)
    return users.order_by("-date_joined", "id")


def user_get_for_staff(*, user_id: UUID) -> User:
    """Any account, deleted or purged too: staff restore and inspect them."""
    user = User.objects.select_related("learner_profile").filter(pk=user_id).first()
    if user is None:
        raise NotFound("No account has this id.")
    return user


def user_skills_for_user(*, user: User) -> QuerySet[UserSkill]:
    return UserSkill.objects.filter(user=user).select_related("skill").order_by("created_at", "id")


def skill_categories() -> list[taxonomy.CategoryRef]:
    return taxonomy.category_choices()


def audit_entries_list(
    *,
    action_type: str | None = None,
    user_id: UUID | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """Newest first. `user_id` matches the actor or the account acted on; dates are whole UTC
    days, both ends included."""
    entries = AuditEntry.objects.all()
    if action_type:
        entries = entries.filter(action=action_type)
    if user_id:
        entries = entries.filter(
            Q(actor_id=user_id) | Q(target_type=User._meta.label_lower, target_id=str(user_id))
        )
    if date_from:
        entries = entries.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=UTC))
    if date_to:
        entries = entries.filter(
            created_at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=UTC)
        )
    return entries.order_by("-created_at", "-id")


# --- social sign-in -----------------------------------------------------------------------------


def social_providers_available(*, request) -> list[dict[str, str]]:
    """The providers that are configured (settings or the admin's social applications), in a
    fixed order: the site shows a button for each, and only for those."""
    from allauth.socialaccount.adapter import get_adapter

    from accounts.services.social import PROVIDERS

    offered = {}
    for provider in get_adapter().list_providers(request):
        name = (provider.app.provider_id or provider.id) if provider.app else provider.id
        for ours, theirs in PROVIDERS.items():
            if name == theirs and ours not in offered:
                offered[ours] = {
                    "id": ours,
                    "name": provider.name if ours != "linkedin" else "LinkedIn",
                    "login_url": provider.get_login_url(request),
                }
    return [offered[name] for name in PROVIDERS if name in offered]
