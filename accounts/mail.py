"""Account mails, built by allauth's machinery (keys, token generator, templates)."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str

from accounts.models import User


def verification_mail_send(*, user: User, signup: bool, next_url: str = "") -> bool:
    """`next_url`: the page the person was on their way to when they signed up (a time they
    chose on a calendar); the link carries it, and the verify page goes on there."""
    if user.is_verified or user.deleted_at is not None:
        return False
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None or address.verified:
        return False
    confirmation = EmailConfirmationHMAC.create(address)
    confirmation.next_url = next_url  # read by AccountAdapter.get_email_confirmation_url
    confirmation.send(None, signup=signup)
    return True


def password_reset_mail_send(*, user: User) -> None:
    # allauth's link format: "<user pk>-<token>"; the token dies once the password changes.
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    adapter = get_adapter()
    context = {
        "user": user,
        "password_reset_url": adapter.get_reset_password_from_key_url(key),
        "key": key,
    }
    adapter.send_password_reset_mail(user, user.email, context)
