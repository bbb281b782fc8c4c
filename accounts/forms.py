"""Forms of the accounts pages. They check shape only; the rules live in accounts.services.

A rule the service enforces (password strength, a taken e-mail, a valid time zone) comes back as a
DomainError; `add_domain_error` puts its messages on the fields they name.
"""

from __future__ import annotations

from django import forms

from accounts import reference
from accounts.models import GradeLevel, Mode, Persona, ProficiencyLevel
from core.errors import DomainError
from core.timezones import TimeZoneField

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
    # Filled by static/js/timezone.js from the browser (Intl); the service keeps a valid IANA
    # name and falls back to UTC, and the account page can change it later.
    timezone = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput(attrs={"data-browser-timezone": ""})
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


def _with_current(choices: list[tuple[str, str]], current: str | None) -> list[tuple[str, str]]:
    """A stored value the list no longer has (or a regional variant) stays selectable."""
    if current and current not in {code for code, _ in choices}:
        return [(current, current), *choices]
    return choices


class UpperChoiceField(forms.ChoiceField):
    """Codes such as currencies are upper case; "gbp" typed or sent by a script still counts."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class AccountForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    bio = forms.CharField(
        label="About you",
        max_length=2000,
        required=False,
        help_text="A few sentences mentors see on your profile.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=32,
        required=False,
        help_text="In international form, e.g. +49 30 1234567.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    location_city = forms.CharField(
        label="City",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    location_country = forms.ChoiceField(label="Country", required=False, choices=())
    timezone = TimeZoneField(
        label="Time zone",
        help_text="Type to search, e.g. Berlin or New York. Times on the site are shown in it.",
    )
    currency = UpperChoiceField(
        label="Currency", choices=(), help_text="Prices are shown in it where they can be."
    )
    preferred_language = forms.ChoiceField(label="Preferred language", choices=())

    def __init__(self, *args, initial=None, **kwargs):
        super().__init__(*args, initial=initial, **kwargs)
        initial = initial or {}
        countries = [(row["code"], row["name"]) for row in reference.countries()]
        self.fields["location_country"].choices = [("", "Not given"), *countries]
        currencies = [(row["code"], f"{row['code']} · {row['name']}") for row in reference.currencies()]
        self.fields["currency"].choices = _with_current(currencies, initial.get("currency"))
        languages = [(row["code"], row["name"]) for row in reference.languages()]
        self.fields["preferred_language"].choices = _with_current(
            languages, initial.get("preferred_language")
        )


class LearnerProfileForm(forms.Form):
    grade_level = forms.ChoiceField(
        label="Where you are in your learning",
        required=False,
        choices=[("", "Not given"), *GradeLevel.choices],
    )
    school_name = forms.CharField(label="School, university or employer", max_length=200, required=False)
    learning_goals = forms.CharField(
        label="Your learning goals",
        max_length=2000,
        required=False,
        help_text="What you want to be able to do. Mentors read this before your first session.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    interests = forms.CharField(
        label="Interests",
        max_length=1100,
        required=False,
        help_text="Separate topics with commas, e.g. python, public speaking, chess.",
    )

    def clean_interests(self) -> list[str]:
        return [topic.strip() for topic in self.cleaned_data["interests"].split(",") if topic.strip()]


class AvatarForm(forms.Form):
    file = forms.FileField(
        label="Choose a picture",
        help_text="JPG, PNG, GIF or WebP, at most 5 MB. We crop it to a square.",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )


class SkillForm(forms.Form):
    skill_name = forms.CharField(
        label="Skill", max_length=100, help_text="For example: Python, Spanish, guitar."
    )
    category_id = forms.ChoiceField(label="Category", required=False, choices=())
    proficiency_level = forms.ChoiceField(label="Your level", choices=ProficiencyLevel.choices)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category_id"].choices = [("", "No category"), *[(str(c.id), c.name) for c in categories]]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        help_text="To make sure it is you.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
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
    details = dict(error.details)
    nested = details.pop("location", None)
    if isinstance(nested, dict):  # the service names location's keys inside "location"
        details.update({f"location_{key}": value for key, value in nested.items()})
    for name, messages in details.items():
        if not isinstance(messages, list | tuple) or not messages:
            continue
        form.add_error(name if name in form.fields else None, [str(m) for m in messages])
        placed = True
    if not placed:
        form.add_error(None, error.message)
