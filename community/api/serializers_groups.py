"""Shapes of the groups part of API.md §7: groups, membership, posts, comments and reports."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from community.api.serializers_events import EventOut
from community.models.groups import (
    GroupVisibility,
    MembershipRole,
    MembershipStatus,
    ReportReason,
    ReportStatus,
)
from community.services.moderation import ACTIONS


class GroupAuthorOut(serializers.Serializer):
    id = serializers.UUIDField()
    full_name = serializers.SerializerMethodField()
    avatar_url = serializers.CharField()

    def get_full_name(self, user) -> str:
        return user.public_name or "Member"  # never derived from the e-mail address


class GroupCategoryOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class GroupOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField()
    category = GroupCategoryOut(allow_null=True)
    member_count = serializers.IntegerField()
    visibility = serializers.ChoiceField(choices=GroupVisibility.choices)
    is_member = serializers.SerializerMethodField()
    membership_status = serializers.ChoiceField(
        choices=MembershipStatus.choices,
        allow_null=True,
        help_text="Yours: null when you never asked to join.",
    )
    is_archived = serializers.BooleanField()
    created_at = serializers.DateTimeField()

    def get_is_member(self, group) -> bool:
        return group.membership_status == MembershipStatus.ACTIVE


class GroupModeratorOut(serializers.Serializer):
    user = GroupAuthorOut()
    role = serializers.ChoiceField(choices=MembershipRole.choices)


class GroupDetailOut(GroupOut):
    rules = serializers.CharField(help_text="Markdown")
    rules_html = serializers.CharField(help_text="The rules rendered to sanitized HTML.")
    moderators = GroupModeratorOut(many=True)
    opportunity_id = serializers.UUIDField(allow_null=True, help_text="The cohort this group discusses.")
    archived_at = serializers.DateTimeField(allow_null=True)
    my_role = serializers.ChoiceField(choices=MembershipRole.choices, allow_null=True)
    can_read = serializers.BooleanField(help_text="Whether you may read the group's posts and members.")
    can_moderate = serializers.BooleanField()
    upcoming_events = EventOut(many=True, help_text="The next few events (empty for those who may not read).")


class GroupIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    rules = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    category_id = serializers.UUIDField(required=False, allow_null=True, default=None)
    visibility = serializers.ChoiceField(choices=GroupVisibility.choices, default=GroupVisibility.PUBLIC)
    opportunity_id = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="A cohort (learning opportunity) to discuss."
    )


class GroupPatchIn(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    rules = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    category_id = serializers.UUIDField(required=False, allow_null=True)
    visibility = serializers.ChoiceField(choices=GroupVisibility.choices, required=False)
    opportunity_id = serializers.UUIDField(required=False, allow_null=True)
    archived = serializers.BooleanField(required=False, help_text="true archives (read-only), false reopens.")
    moderator_ids = serializers.ListField(
        child=serializers.UUIDField(), required=False, max_length=100,
        help_text="Owner or staff: the whole list of moderators (active members).",
    )  # fmt: skip
    owner_id = serializers.UUIDField(
        required=False,
        help_text="Owner or staff: hands ownership to an active member; the old owner stays a moderator.",
    )


class GroupMembershipOut(serializers.Serializer):
    group_id = serializers.UUIDField()
    role = serializers.ChoiceField(choices=MembershipRole.choices)
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    joined_at = serializers.DateTimeField(allow_null=True)


class GroupJoinOut(serializers.Serializer):
    membership = GroupMembershipOut()


class GroupMemberOut(serializers.Serializer):
    user = GroupAuthorOut()
    role = serializers.ChoiceField(choices=MembershipRole.choices)
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    joined_at = serializers.DateTimeField(allow_null=True)
    requested_at = serializers.DateTimeField()


class PostAttachmentOut(serializers.Serializer):
    id = serializers.UUIDField()
    filename = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, attachment) -> str:
        return reverse("community-post-attachment-download", args=[attachment.pk])


class PostOut(serializers.Serializer):
    id = serializers.UUIDField()
    group_id = serializers.UUIDField()
    author = GroupAuthorOut()
    title = serializers.CharField(help_text="Plain text: escape it when showing it.")
    body = serializers.CharField(help_text="Markdown as written.")
    body_html = serializers.CharField(help_text="The body rendered to sanitized HTML: safe to insert.")
    attachments = PostAttachmentOut(many=True)
    comment_count = serializers.IntegerField()
    is_pinned = serializers.BooleanField()
    is_hidden = serializers.BooleanField(help_text="Hidden by a moderator (only moderators see it).")
    edited_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class PostPatchIn(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    body = serializers.CharField(max_length=20000, required=False)
    is_pinned = serializers.BooleanField(required=False, help_text="Moderators only.")


class PostIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=20000)


PostMultipartIn = inline_serializer(
    "PostMultipartIn",
    {
        "title": serializers.CharField(max_length=200),
        "body": serializers.CharField(max_length=20000),
        "files[]": serializers.ListField(
            child=serializers.FileField(),
            required=False,
            help_text="Up to 5 files of at most 10 MB each: images, PDF or office documents.",
        ),
    },
)


class _CommentFields(serializers.Serializer):
    id = serializers.UUIDField()
    post_id = serializers.UUIDField()
    parent_id = serializers.UUIDField(allow_null=True)
    author = GroupAuthorOut(allow_null=True, help_text="null once deleted or hidden.")
    body = serializers.CharField(help_text="Markdown; empty once deleted or hidden.")
    body_html = serializers.CharField(help_text="Sanitized HTML; empty once deleted or hidden.")
    is_deleted = serializers.BooleanField()
    is_hidden = serializers.BooleanField()
    edited_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    def to_representation(self, comment):
        data = super().to_representation(comment)
        gone = comment.deleted_at is not None or (comment.is_hidden and not self.context.get("moderator"))
        data["is_deleted"] = comment.deleted_at is not None
        if gone:
            data.update({"author": None, "body": "", "body_html": ""})
        return data


class PostReplyOut(_CommentFields):
    pass


class PostCommentOut(_CommentFields):
    replies = serializers.SerializerMethodField()

    @extend_schema_field(PostReplyOut(many=True))
    def get_replies(self, comment):
        # Prefetched by the selector with only the replies this reader may see.
        return PostReplyOut(comment.replies.all(), many=True, context=self.context).data


class PostCommentIn(serializers.Serializer):
    body = serializers.CharField(max_length=5000)
    parent_id = serializers.UUIDField(required=False, allow_null=True, default=None)


class PostCommentPatchIn(serializers.Serializer):
    body = serializers.CharField(max_length=5000)


class GroupReportIn(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    details = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class GroupReportOut(serializers.Serializer):
    id = serializers.UUIDField()
    group_id = serializers.UUIDField()
    post_id = serializers.UUIDField()
    comment_id = serializers.UUIDField(allow_null=True)
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    details = serializers.CharField()
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    created_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)


class GroupReportQueueOut(GroupReportOut):
    reporter = GroupAuthorOut()
    content_title = serializers.SerializerMethodField()
    content_html = serializers.SerializerMethodField(help_text="The reported text, sanitized HTML.")
    content_author = serializers.SerializerMethodField()
    content_is_hidden = serializers.SerializerMethodField()

    def get_content_title(self, report) -> str:
        return report.post.title

    def get_content_html(self, report) -> str:
        return report.comment.body_html if report.comment_id else report.post.body_html

    @extend_schema_field(GroupAuthorOut)
    def get_content_author(self, report):
        target = report.comment if report.comment_id else report.post
        return GroupAuthorOut(target.author).data

    def get_content_is_hidden(self, report) -> bool:
        return (report.comment if report.comment_id else report.post).is_hidden


class GroupReportResolveIn(serializers.Serializer):
    action = serializers.ChoiceField(choices=[(a, a) for a in ACTIONS])


class GroupModerateIn(serializers.Serializer):
    action = serializers.ChoiceField(choices=[("hide", "hide"), ("restore", "restore")])
