"""Forms of the accounts pages. They check shape only; the rules live in accounts.services.

A rule the service enforces (password strength, a taken e-mail, a valid time zone) comes back as a
DomainError; `add_domain_error` puts its messages on the fields they name.
"""

from __future__ import annotations

from django import forms

from accounts.models import Mode, Persona
from core.errors import DomainError

NEW_PASSWORD_HELP = "At least 8 characters. Avoid common passwords and ones made only of numbers."


class SignupForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    username = forms.CharField(
        label="Username",
        max_length=150,
        required=False,
        help_text="You can log in with it instead of your e-mail address.",
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        help_text=NEW_PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    persona = forms.ChoiceField(
        label="Which describes you best?",
        choices=Persona.choices,
        initial=Persona.BEGINNER,
        help_text="It helps us tailor your start. It never limits what you can do.",
    )
    intended_role = forms.ChoiceField(
        label="I am here to",
        choices=[(Mode.LEARNER, "Learn from a mentor"), (Mode.MENTOR, "Mentor others (after a review)")],
        initial=Mode.LEARNER,
        widget=forms.RadioSelect,
    )


class LoginForm(forms.Form):
    identifier = forms.CharField(
        label="E-mail or username",
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AccountForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # Free text on purpose: the service knows the IANA names and says what is wrong.
    timezone = forms.CharField(
        label="Time zone",
        max_length=64,
        help_text="An IANA time zone name, e.g. Europe/Berlin. Times on the site are shown in it.",
        widget=forms.TextInput(
            attrs={"list": "timezone-options", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    currency = forms.CharField(
        label="Currency",
        max_length=3,
        help_text="A three-letter ISO 4217 code, e.g. USD or EUR.",
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false", "size": "4"}),
    )
    preferred_language = forms.CharField(
        label="Preferred language",
        max_length=16,
        help_text="A language code, e.g. en or de.",
        widget=forms.TextInput(
            attrs={"autocomplete": "language", "autocapitalize": "none", "spellcheck": "false", "size": "6"}
        ),
    )


class EmailVerifyForm(forms.Form):
    """No fields: the key is in the URL. The form carries the errors the service reports."""


class PasswordResetForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class PasswordResetConfirmForm(forms.Form):
    new_password = forms.CharField(
        label="New password",
        strip=False,
        help_text=NEW_PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label="Current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label="New password",
        strip=False,
        help_text=NEW_PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's error on the form: on the fields its details name, else above the form.

    Details whose value is not a list of messages (e.g. {"reason": "email_not_verified"}) are
    machine hints for API clients, not text for people, and are left out.
    """
    placed = False
    for name, messages in error.details.items():
        if not isinstance(messages, list | tuple) or not messages:
            continue
        form.add_error(name if name in form.fields else None, [str(m) for m in messages])
        placed = True
    if not placed:
        form.add_error(None, error.message)
