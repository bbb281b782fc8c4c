"""Reads of the accounts app."""

from __future__ import annotations

from allauth.account.forms import UserTokenForm

from accounts import errors
from accounts.models import User


def user_for_password_reset_key(*, key: str) -> User:
    """The account a mailed reset key belongs to, if the key is still good (allauth's token:
    signed, one hour, spent once the password changes)."""
    uid, _, token = key.strip().partition("-")
    form = UserTokenForm(data={"uidb36": uid, "key": token})
    if not form.is_valid() or form.reset_user.deleted_at is not None:
        raise errors.InvalidLink(details={"token": [errors.InvalidLink.default_message]})
    return form.reset_user
