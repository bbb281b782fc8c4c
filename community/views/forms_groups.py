"""Forms of the group pages. They check shape only; the rules live in community.services."""

from __future__ import annotations

from django import forms

from community.models.groups import GroupVisibility, ReportReason
from mentors.models import Category
from messaging.attachments import MAX_ATTACHMENTS
from messaging.forms import MultipleFileField, MultipleFileInput

MARKDOWN_HELP = (
    "Markdown: **bold**, *italic*, [a link](https://example.com), lists and code. Mention a member "
    "with @ and their name, dots for spaces (@alice.able)."
)


class DirectoryForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search")
    category_id = forms.ModelChoiceField(
        required=False,
        queryset=Category.objects.filter(parent__isnull=True, is_active=True),
        empty_label="Any category",
        label="Category",
    )
    joined = forms.ChoiceField(
        required=False,
        choices=[("", "All groups"), ("true", "Groups I joined"), ("false", "Groups I have not joined")],
        label="Show",
    )


class GroupForm(forms.Form):
    name = forms.CharField(max_length=120)
    description = forms.CharField(
        required=False,
        max_length=5000,
        help_text="What the group is for, shown in the directory.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    rules = forms.CharField(
        required=False,
        max_length=5000,
        help_text="Markdown: **bold**, *italic*, [a link](https://example.com) and lists.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    visibility = forms.ChoiceField(
        label="Who can read it",
        choices=[
            (GroupVisibility.PUBLIC, "Public: anyone reads it and joins at once"),
            (GroupVisibility.PRIVATE, "Private: only members read it; a moderator approves who joins"),
        ],
        initial=GroupVisibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    category_id = forms.ModelChoiceField(
        required=False,
        queryset=Category.objects.filter(parent__isnull=True, is_active=True),
        empty_label="No category",
        label="Category",
    )


class PostForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        max_length=20000,
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": 10, "data-markdown-source": ""}),
    )
    files = MultipleFileField(
        label="Attach files",
        required=False,
        help_text=f"Up to {MAX_ATTACHMENTS} files of at most 10 MB each: images, PDF or office documents.",
        widget=MultipleFileInput(
            attrs={
                "accept": "image/jpeg,image/png,image/gif,image/webp,application/pdf,.doc,.docx,.xls,"
                ".xlsx,.ppt,.pptx,.odt,.ods,.odp,.rtf",
            }
        ),
    )


class PostEditForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        max_length=20000,
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": 10, "data-markdown-source": ""}),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=5000,
        help_text=MARKDOWN_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parent_id = forms.UUIDField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=ReportReason.choices)
    details = forms.CharField(required=False, max_length=1000, label="Anything moderators should know")
