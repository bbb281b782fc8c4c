from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """allauth makes the keys and sends the mails; the links point at Mentora's own pages."""

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return settings.SITE_URL + reverse("accounts:verify-email", args=[emailconfirmation.key])

    def get_reset_password_from_key_url(self, key: str) -> str:
        return settings.SITE_URL + reverse("accounts:password-reset-confirm", args=[key])

    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL

    def format_email_subject(self, subject: str) -> str:
        return f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}"

    def add_message(
        self, request, level, message_template=None, message_context=None, extra_tags="", message=None
    ):
        """Our pages write their own messages; allauth's would appear twice (or after an API call)."""
        return None
