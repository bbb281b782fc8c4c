"""The form of the "Host an event" page. It checks shape only; the rules (who hosts where, times
in the future, a link or a place) live in community.services.events."""

from __future__ import annotations

from django import forms

from community.models.events import EventType
from community.models.groups import Group
from mentors.models import Category

# What a datetime-local input sends and shows: minutes, no seconds, no offset.
LOCAL_MINUTES = "%Y-%m-%dT%H:%M"


def _local_moment(label: str) -> forms.DateTimeField:
    # Django reads the naive value in the active zone, which core.timezones' middleware set to
    # the viewer's own (the account's, else the browser's): what they typed is their wall clock.
    return forms.DateTimeField(
        label=label,
        input_formats=[LOCAL_MINUTES, "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTES),
    )


class EventForm(forms.Form):
    type = forms.ChoiceField(
        choices=EventType.choices,
        help_text="A paid workshop, joined by enrolling, is made from its opportunity through the API.",
    )
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        required=False,
        max_length=10000,
        help_text="Markdown: **bold**, *italic*, [a link](https://example.com), lists and code.",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    starts_at = _local_moment("Starts")
    ends_at = _local_moment("Ends")
    is_online = forms.TypedChoiceField(
        label="Where",
        choices=[("true", "Online"), ("false", "In person")],
        coerce=lambda value: value == "true",
        initial="true",
        widget=forms.RadioSelect,
    )
    online_url = forms.URLField(
        label="Link to join",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Online events: shown only to people going.",
    )
    venue = forms.CharField(required=False, max_length=200)
    address = forms.CharField(required=False, max_length=300, help_text="In person: an address or a venue.")
    city = forms.CharField(required=False, max_length=120)
    country = forms.CharField(
        label="Country code", required=False, min_length=2, max_length=2, help_text="Two letters, e.g. DE."
    )
    latitude = forms.FloatField(
        required=False,
        min_value=-90,
        max_value=90,
        help_text="In person: the place on the map, e.g. 52.5069. It sets the event's time zone.",
    )
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180, help_text="E.g. 13.3906.")
    capacity = forms.IntegerField(
        required=False, min_value=1, max_value=100000, help_text="Leave empty for no limit."
    )
    group_id = forms.ModelChoiceField(
        label="Group", required=False, queryset=Group.objects.none(), empty_label="No group"
    )
    category_id = forms.ModelChoiceField(
        label="Category",
        required=False,
        queryset=Category.objects.filter(parent__isnull=True, is_active=True),
        empty_label="The group's, or none",
    )

    def __init__(self, *args, groups, zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group_id"].queryset = groups
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = f"In your time zone, {zone}."

    def clean_country(self):
        return self.cleaned_data["country"].upper()

    def event_data(self) -> dict:
        """What community.services.events.event_create takes."""
        data = dict(self.cleaned_data)
        for name in ("group_id", "category_id"):
            data[name] = data[name].pk if data[name] else None
        return data
