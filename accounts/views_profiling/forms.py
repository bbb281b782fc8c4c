from django import forms

from accounts.models import AnswerType


class AnswerForm(forms.Form):
    answer_text = forms.CharField(
        label="Your answer",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Type, or hold the talk button and speak: what was heard appears here for you to check before sending.",
    )
    step = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    answer_type = forms.ChoiceField(
        choices=AnswerType.choices, widget=forms.HiddenInput, initial=AnswerType.TEXT
    )


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class ProfileEditForm(forms.Form):
    passions = forms.CharField(
        label="What you love doing",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line.",
    )
    goals = forms.CharField(
        label="Your goals",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line.",
    )
    time_commitment = forms.CharField(
        label="Time you can give",
        required=False,
        max_length=200,
        help_text="For example “5 hours a week, evenings”.",
    )
    learning_style = forms.CharField(label="How you like to learn", required=False, max_length=200)

    def clean_passions(self):
        items = _lines(self.cleaned_data["passions"])
        if len(items) > 10 or any(len(i) > 120 for i in items):
            raise forms.ValidationError("At most 10 lines of up to 120 characters.")
        return items

    def clean_goals(self):
        items = _lines(self.cleaned_data["goals"])
        if len(items) > 10 or any(len(i) > 200 for i in items):
            raise forms.ValidationError("At most 10 lines of up to 200 characters.")
        return items
