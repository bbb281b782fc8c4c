"""Forms of the mentor's own profile: basics, details, topics and the sessions offered."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from accounts import reference
from mentors.forms.schedule import DURATION_CHOICES
from mentors.models import Category, Subject


class ProfileBasicsForm(forms.Form):
    title = forms.CharField(
        label="Professional title",
        max_length=120,
        help_text="What you do, e.g. “Senior UX Designer”.",
    )
    headline = forms.CharField(
        label="Headline",
        max_length=200,
        required=False,
        help_text="One line learners see under your name.",
    )
    bio = forms.CharField(
        label="About you",
        max_length=5000,
        help_text="Your experience and how you help learners.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    hourly_rate = forms.DecimalField(
        label="Hourly rate",
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"size": "6", "inputmode": "decimal", "step": "0.01"}),
    )
    currency = forms.CharField(
        label="Currency",
        max_length=3,
        min_length=3,
        help_text="A three-letter code, e.g. USD or EUR.",
        widget=forms.TextInput(attrs={"size": "4", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    years_of_experience = forms.IntegerField(
        label="Years of experience", min_value=0, max_value=80, widget=forms.NumberInput(attrs={"size": "4"})
    )
    languages = forms.CharField(
        label="Languages you mentor in",
        max_length=100,
        help_text="Language codes separated by commas, e.g. “en, de”.",
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )

    def clean_currency(self) -> str:
        code = reference.normalize_currency(self.cleaned_data["currency"])
        if code is None:
            raise forms.ValidationError("Use a three-letter currency code, e.g. USD.")
        return code

    def clean_languages(self) -> list[str]:
        codes = []
        for raw in self.cleaned_data["languages"].split(","):
            if not raw.strip():
                continue
            code = reference.normalize_language(raw)
            if code is None:
                raise forms.ValidationError(
                    f"“{raw.strip()}” is not a language code; use e.g. en, de or pt-BR."
                )
            codes.append(code)
        if not codes:
            raise forms.ValidationError("Name at least one language.")
        return list(dict.fromkeys(codes))


class ProfileDetailsForm(forms.Form):
    """What the editor adds to the basics: the longer texts and links."""

    description = forms.CharField(
        label="What a session with you looks like",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    teaching_philosophy = forms.CharField(
        label="How you teach", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    intro_video_url = forms.URLField(label="Introduction video (link)", required=False, assume_scheme="https")
    portfolio_url = forms.URLField(label="Portfolio (link)", required=False, assume_scheme="https")
    linkedin_url = forms.URLField(label="LinkedIn (link)", required=False, assume_scheme="https")
    is_accepting_bookings = forms.BooleanField(label="I am taking new bookings", required=False)


class ProfileEditForm(ProfileDetailsForm, ProfileBasicsForm):
    """The basics first, then the longer texts and links (fields follow the bases' reverse MRO)."""


class TopicsForm(forms.Form):
    subcategories = forms.MultipleChoiceField(
        label="Areas you mentor in",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Pick every area that fits; learners filter the directory by them.",
    )
    subject_ids = forms.MultipleChoiceField(
        label="Subjects you teach", required=False, widget=forms.CheckboxSelectMultiple
    )
    skills = forms.CharField(
        label="Skills",
        required=False,
        max_length=1000,
        help_text="Separated by commas, e.g. “Figma, user research, prototyping”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = list(Category.objects.filter(is_active=True).order_by("sort_order", "name"))
        tops = {c.pk: c for c in rows if c.parent_id is None}
        self.parents = {str(c.pk): str(c.parent_id) for c in rows if c.parent_id in tops}
        self.fields["subcategories"].choices = [
            (top.name, [(str(c.pk), c.name) for c in rows if c.parent_id == top.pk]) for top in tops.values()
        ]
        self.fields["subject_ids"].choices = [
            (str(s.pk), s.name) for s in Subject.objects.filter(is_active=True).order_by("name")
        ]

    def clean_skills(self) -> list[str]:
        return list(dict.fromkeys(s.strip() for s in self.cleaned_data["skills"].split(",") if s.strip()))

    def service_data(self) -> dict[str, Any]:
        """The shape mentors.services takes: [{category_id, subcategory_ids}], subject ids, skill names."""
        grouped: dict[str, list[str]] = {}
        for sub in self.cleaned_data["subcategories"]:
            grouped.setdefault(self.parents[sub], []).append(sub)
        return {
            "categories": [{"category_id": top, "subcategory_ids": subs} for top, subs in grouped.items()],
            "subject_ids": self.cleaned_data["subject_ids"],
            "skills": self.cleaned_data["skills"],
        }


class ServiceForm(forms.Form):
    # Shown on /mentors/me/ beside the profile form, which has a title and a description too:
    # the prefix keeps the ids (and so the labels' for=) of the two forms apart.
    prefix = "service"

    title = forms.CharField(label="Session name", max_length=120, help_text="e.g. “Portfolio review”.")
    duration_minutes = forms.TypedChoiceField(
        label="Length", choices=DURATION_CHOICES, coerce=int, initial=60
    )
    price = forms.DecimalField(
        label="Price",
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"size": "6", "inputmode": "decimal", "step": "0.01"}),
    )
    description = forms.CharField(
        label="What it covers", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
