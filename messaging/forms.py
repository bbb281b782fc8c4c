"""Forms of the messaging pages. They check shape only; the rules live in messaging.services."""

from __future__ import annotations

from django import forms

from messaging.attachments import MAX_ATTACHMENTS
from messaging.models import MESSAGE_MAX_LENGTH, NotificationType


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Message",
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-message-input": ""}),
    )
    files = MultipleFileField(
        label="Attach files",
        required=False,
        help_text=f"Up to {MAX_ATTACHMENTS} files of at most 10 MB each: images, PDF or office documents.",
        widget=MultipleFileInput(
            attrs={
                "data-file-input": "",
                "accept": "image/jpeg,image/png,image/gif,image/webp,application/pdf,.doc,.docx,.xls,"
                ".xlsx,.ppt,.pptx,.odt,.ods,.odp,.rtf",
            }
        ),
    )


class MessageEditForm(forms.Form):
    text = forms.CharField(
        label="Message", max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )


class NotificationSettingsForm(forms.Form):
    """Channels and one switch per type; in-app delivery is always on and not offered."""

    email = forms.BooleanField(label="E-mail", required=False)
    push = forms.BooleanField(label="Push notifications on your phone", required=False)
    sms = forms.BooleanField(label="Text messages (SMS)", required=False)
    quiet_hours_start = forms.TimeField(
        label="Quiet hours start",
        required=False,
        help_text="In your time zone, e.g. 22:00. No push or SMS between start and end.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_hours_end = forms.TimeField(
        label="Quiet hours end",
        required=False,
        help_text="e.g. 07:00. Leave both empty for no quiet hours.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    CHANNEL_FIELDS = ("email", "push", "sms")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in NotificationType.choices:
            self.fields[f"type_{value}"] = forms.BooleanField(label=label, required=False)

    def channel_fields(self):
        return [self[name] for name in self.CHANNEL_FIELDS]

    def type_fields(self):
        return [self[f"type_{value}"] for value in NotificationType.values]

    def quiet_fields(self):
        return [self["quiet_hours_start"], self["quiet_hours_end"]]

    def clean(self):
        data = super().clean()
        start, end = data.get("quiet_hours_start"), data.get("quiet_hours_end")
        if (start is None) != (end is None):
            self.add_error(
                "quiet_hours_end" if start else "quiet_hours_start", "Give both times, or neither."
            )
        return data

    def for_service(self) -> dict:
        data = self.cleaned_data
        start, end = data.get("quiet_hours_start"), data.get("quiet_hours_end")
        return {
            "channels": {name: data[name] for name in self.CHANNEL_FIELDS},
            "types": {value: data[f"type_{value}"] for value in NotificationType.values},
            "quiet_hours": {"start": start, "end": end} if start and end else None,
        }
