"""Forms of the resume and portfolio pages: they check shape only; the services check the rest."""

from __future__ import annotations

from django import forms

from accounts.portfolio.services import MAX_PROJECTS


class PortfolioForm(forms.Form):
    custom_url = forms.CharField(
        label="Your address",
        max_length=50,
        help_text="Your portfolio will be at /p/your-address: 3 to 50 lower-case letters, digits and hyphens.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    bio = forms.CharField(
        label="About you", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    is_published = forms.BooleanField(
        label="Published: anyone with the link can see it", required=False, initial=True
    )


class ProjectForm(forms.Form):
    id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label="Project title", max_length=120, required=False)
    description = forms.CharField(
        label="What it is", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    link = forms.URLField(label="Link", max_length=500, required=False, assume_scheme="https")
    image = forms.FileField(
        label="Picture",
        required=False,
        help_text="JPG, PNG, GIF or WebP, at most 5 MB.",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )
    remove_image = forms.BooleanField(label="Remove the current picture", required=False)

    def clean(self):
        data = super().clean()
        if not data.get("title") and (data.get("description") or data.get("link") or data.get("image")):
            self.add_error("title", "Give the project a title, or clear its other fields.")
        return data


ProjectFormSet = forms.formset_factory(ProjectForm, extra=0, max_num=MAX_PROJECTS, absolute_max=MAX_PROJECTS)


class ShareForm(forms.Form):
    platforms = forms.MultipleChoiceField(
        label="Where to share",
        choices=[("linkedin", "LinkedIn"), ("twitter", "X (Twitter)")],
        widget=forms.CheckboxSelectMultiple,
        initial=["linkedin", "twitter"],
    )
