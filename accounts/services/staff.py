"""What staff change on someone else's account; every call writes one audit entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts import errors
from accounts.models import Membership, Persona, Role, User
from accounts.services.audit import audit_entry_create
from accounts.services.auth import refresh_tokens_revoke
from core.errors import ValidationFailed

STAFF_EDITABLE_FIELDS = ("roles", "is_staff", "is_active", "membership", "persona")


def _flags_from(user: User, changes: dict[str, Any], problems: dict[str, list[str]]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if "roles" in changes:
        roles = set(changes["roles"] or [])
        unknown = roles - set(Role.values)
        if unknown:
            problems["roles"] = [f"Unknown role(s): {', '.join(sorted(unknown))}."]
        elif (Role.MENTOR in roles) != user.is_mentor:
            # The mentor role follows an approved mentor profile, never a flag flipped here.
            problems["roles"] = ["The mentor role comes from approving a mentor profile."]
        fields["is_staff"] = Role.STAFF in roles
        if "is_staff" in changes and changes["is_staff"] != fields["is_staff"]:
            problems["is_staff"] = ["is_staff and roles disagree."]
    elif "is_staff" in changes:
        fields["is_staff"] = bool(changes["is_staff"])
    if "is_active" in changes:
        fields["is_active"] = bool(changes["is_active"])
    if "membership" in changes:
        if changes["membership"] not in Membership.values:
            problems["membership"] = [f"Use one of: {', '.join(Membership.values)}."]
        fields["membership"] = changes["membership"]
    if "persona" in changes:
        if changes["persona"] not in Persona.values:
            problems["persona"] = [f"Use one of: {', '.join(Persona.values)}."]
        fields["persona"] = changes["persona"]
    return fields


def user_staff_update(*, actor: User, user: User, request=None, **changes: Any) -> User:
    unknown = set(changes) - set(STAFF_EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            details={name: ["Staff cannot change this field."] for name in sorted(unknown)}
        )
    problems: dict[str, list[str]] = {}
    fields = _flags_from(user, changes, problems)
    if actor.pk == user.pk:
        # Nobody locks themselves out by accident; another staff member can do it.
        if fields.get("is_staff") is False:
            problems["is_staff"] = ["You cannot remove your own staff role."]
        if fields.get("is_active") is False:
            problems["is_active"] = ["You cannot deactivate your own account."]
    if problems:
        first_field, messages = next(iter(problems.items()))
        raise ValidationFailed(f"{first_field}: {messages[0]}", details=problems)

    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if fields.get("is_active") and locked.deleted_at is not None:
            raise errors.AccountDeleted()
        before = {name: getattr(locked, name) for name in fields}
        for name, value in fields.items():
            setattr(user, name, value)
        if fields:
            user.save(update_fields=[*fields, "updated_at"])
        changed = {name: [before[name], value] for name, value in fields.items() if before[name] != value}
        if changed.get("is_active") == [True, False]:
            refresh_tokens_revoke(user=user)  # access tokens die on their own: the user is inactive
        audit_entry_create(
            actor=actor,
            action="user.staff_update",
            target=user,
            details={"changes": changed},
            request=request,
        )
    return user
