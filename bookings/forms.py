"""Forms of the bookings pages. They check shape only; the rules (free time, prices, deadlines,
who may do what) live in bookings.services, whose DomainError the page shows on the form
(accounts.forms.add_domain_error)."""

from __future__ import annotations

from django import forms

from bookings.models import ASPECTS, LessonType
from mentors.models import SLOT_DURATIONS

RATING_CHOICES = [(str(n), f"{n} star{'s' if n > 1 else ''}") for n in (5, 4, 3, 2, 1)]
ASPECT_LABELS = {
    "professionalism": "Professionalism",
    "expertise": "Expertise",
    "communication": "Communication",
    "value_for_money": "Value for money",
    "punctuality": "Punctuality",
}
PAYMENT_LABELS = {"card": "Card", "credits": "Credits", "package": "A session of one of your packages"}


class PaymentChoiceMixin:
    """Card, credits or a package: the choices the page offers (a free session needs none)."""

    def setup_payment(self, *, methods: list[tuple[str, str]], packages: list[tuple[str, str]]) -> None:
        if methods:
            self.fields["payment_method"].choices = methods
            self.fields["payment_method"].initial = methods[0][0]
        else:
            del self.fields["payment_method"]
        if packages:
            self.fields["package_purchase"].choices = [("", "Choose a package"), *packages]
        else:
            del self.fields["package_purchase"]


class BookingDetailsForm(PaymentChoiceMixin, forms.Form):
    service = forms.ChoiceField(label="Session", required=False, widget=forms.RadioSelect)
    topic = forms.CharField(
        label="Topic",
        max_length=200,
        required=False,
        help_text="What you would like to work on, in a few words.",
    )
    learner_notes = forms.CharField(
        label="Notes for the mentor",
        max_length=5000,
        required=False,
        help_text="Anything the mentor should read before the session: links, questions, your level.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lesson_type = forms.ChoiceField(
        label="How you meet",
        choices=[(LessonType.ONLINE, "Online, by video"), (LessonType.IN_PERSON, "In person")],
        initial=LessonType.ONLINE,
        widget=forms.RadioSelect,
    )
    payment_method = forms.ChoiceField(label="Pay with", widget=forms.RadioSelect)
    package_purchase = forms.ChoiceField(
        label="Package",
        required=False,
        help_text="Only packages with this mentor, for sessions of this length, with sessions left.",
    )

    def __init__(
        self,
        *args,
        services: list[tuple[str, str]],
        lesson_types: list[str],
        methods: list[tuple[str, str]],
        packages: list[tuple[str, str]],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if services:
            self.fields["service"].choices = services
            self.fields["service"].initial = services[0][0]
        else:
            del self.fields["service"]
        if len(lesson_types) < 2:
            del self.fields["lesson_type"]
        self.setup_payment(methods=methods, packages=packages)

    def clean(self):
        data = super().clean()
        if data.get("payment_method") == "package" and not data.get("package_purchase"):
            self.add_error("package_purchase", "Choose the package that pays for the session.")
        return data


class OfferAcceptForm(PaymentChoiceMixin, forms.Form):
    topic = forms.CharField(label="Topic", max_length=200, required=False)
    learner_notes = forms.CharField(
        label="Notes for the mentor",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    payment_method = forms.ChoiceField(label="Pay with", widget=forms.RadioSelect)
    package_purchase = forms.ChoiceField(label="Package", required=False)

    def __init__(self, *args, methods: list[tuple[str, str]], packages: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_payment(methods=methods, packages=packages)

    def clean(self):
        data = super().clean()
        if data.get("payment_method") == "package" and not data.get("package_purchase"):
            self.add_error("package_purchase", "Choose the package that pays for the session.")
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        required=False,
        help_text="The other person sees it.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RescheduleForm(ReasonForm):
    slot = forms.ChoiceField(label="New time", widget=forms.RadioSelect)
    field_order = ["slot", "reason"]

    def __init__(self, *args, slots: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slots


class PreSessionForm(forms.Form):
    """Topic for both parties, and each party's own notes (the learner's are shown to the mentor,
    the mentor's stay private)."""

    topic = forms.CharField(label="Topic", max_length=200, required=False)
    learner_notes = forms.CharField(
        label="Your notes for the mentor",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    mentor_notes = forms.CharField(
        label="Your private notes",
        max_length=5000,
        required=False,
        help_text="Only you see these.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, party: str, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["mentor_notes" if party == "learner" else "learner_notes"]


class SessionNoteForm(forms.Form):
    notes = forms.CharField(label="Note", max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    is_public = forms.BooleanField(
        label="Share this note with the other person",
        required=False,
        help_text="Unshared notes are seen by you only.",
    )


class CompleteForm(forms.Form):
    summary = forms.CharField(
        label="Summary",
        max_length=5000,
        required=False,
        help_text="What you covered, for both of you to look back on.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Your rating", choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="Your review",
        max_length=5000,
        required=False,
        help_text="What went well, and what could be better.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    skills_learned = forms.CharField(
        label="Skills you learned",
        max_length=1000,
        required=False,
        help_text="Separated by commas, e.g. Figma, user interviews. They are added to your skills.",
    )

    def __init__(self, *args, with_aspects: bool = True, with_skills: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_aspects:
            for name in ASPECTS:
                self.fields[f"aspect_{name}"] = forms.TypedChoiceField(
                    label=ASPECT_LABELS[name],
                    choices=[("", "No rating"), *RATING_CHOICES],
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
        if not with_skills:
            del self.fields["skills_learned"]

    def aspects(self) -> dict[str, int]:
        return {
            name: self.cleaned_data[f"aspect_{name}"]
            for name in ASPECTS
            if self.cleaned_data.get(f"aspect_{name}") is not None
        }

    def skills(self) -> list[str]:
        raw = self.cleaned_data.get("skills_learned") or ""
        return [part.strip() for part in raw.split(",") if part.strip()]


class RespondForm(forms.Form):
    response = forms.CharField(
        label="Your answer",
        max_length=5000,
        help_text="Shown under the review on your public profile. You can answer once.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RecordingShareForm(forms.Form):
    expiry_days = forms.IntegerField(label="Share for (days)", min_value=1, max_value=365, initial=7)
    downloadable = forms.BooleanField(label="The learner may download it", required=False)


class WaitlistJoinForm(forms.Form):
    start_date = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="Until", widget=forms.DateInput(attrs={"type": "date"}))
    time_from = forms.TimeField(
        label="Earliest start",
        required=False,
        help_text="Optional: only times of day that suit you, in your time zone.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    time_to = forms.TimeField(
        label="Latest end",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.TypedChoiceField(
        label="Session length",
        choices=[(d, f"{d} minutes") for d in SLOT_DURATIONS],
        coerce=int,
        initial=60,
    )
    note = forms.CharField(
        label="Note for the mentor",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
