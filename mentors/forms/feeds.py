"""The form that adds an external calendar feed."""

from __future__ import annotations

from django import forms


class CalendarFeedForm(forms.Form):
    """Add an external calendar: its secret iCalendar address and a name of the mentor's choosing."""

    url = forms.CharField(
        label="Calendar address",
        max_length=2000,
        help_text="The secret iCal address of your calendar, starting with https:// or webcal://. "
        "Google Calendar: Settings, your calendar, “Secret address in iCal format”. Outlook: "
        "Settings, Calendar, Shared calendars, Publish a calendar, the ICS link. Apple Calendar: "
        "share the calendar as a public calendar and copy its link.",
        widget=forms.URLInput(attrs={"autocapitalize": "none", "spellcheck": "false", "inputmode": "url"}),
    )
    name = forms.CharField(
        label="Name",
        max_length=120,
        required=False,
        help_text="Only you see it, e.g. “Work”.",
    )
