from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from core.errors import DomainError

LOGIN_BACKEND = "accounts.backends.EmailOrUsernameBackend"


class AccountAdapter(DefaultAccountAdapter):
    """allauth makes the keys and sends the mails; the links point at Mentora's own pages."""

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        url = settings.SITE_URL + reverse("accounts:verify-email", args=[emailconfirmation.key])
        # Where the person was going when they signed up (accounts.mail.verification_mail_send);
        # the verify page checks it is one of our pages before it goes there.
        next_url = getattr(emailconfirmation, "next_url", "")
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """The site's "Continue with ..." buttons: allauth runs the redirect to the provider and back
    and verifies who the person is; accounts.services decides which account that is (the same
    rules as POST /api/v1/auth/social/{provider}) and the session log-in is ours."""

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.full_name = (data.get("name") or "").strip()[:200]
        return user

    def pre_social_login(self, request, sociallogin):
        from accounts import services

        try:
            user, created = services.social_login_complete(sociallogin=sociallogin, request=request)
        except DomainError as error:
            messages.error(request, error.message)
            raise ImmediateHttpResponse(redirect("accounts:login")) from None
        login(request, user, backend=LOGIN_BACKEND)
        if created:
            messages.success(request, f"Welcome to Mentora, {user.display_name}. Your account is ready.")
        raise ImmediateHttpResponse(redirect("accounts:account"))

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        name = getattr(provider, "name", None) or "the provider"
        messages.error(request, f"Signing in with {name} did not work. Please try again.")
        raise ImmediateHttpResponse(redirect("accounts:login"))
