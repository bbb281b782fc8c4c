"""Groups, membership, posts, comments and reports."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class GroupVisibility(models.TextChoices):
    # Anyone reads; joining is instant.
    PUBLIC = "public"
    # Only active members read; joining creates a pending membership a moderator decides.
    PRIVATE = "private"


class MembershipRole(models.TextChoices):
    OWNER = "owner"
    MODERATOR = "moderator"
    MEMBER = "member"


class MembershipStatus(models.TextChoices):
    ACTIVE = "active"
    PENDING = "pending"
    DECLINED = "declined"


# Roles that moderate a group (staff moderate every group without a membership).
MODERATOR_ROLES = (MembershipRole.OWNER, MembershipRole.MODERATOR)


class Group(models.Model):
    """A free discussion space. Distinct from a learning opportunity of type `group` (a paid
    cohort), though such a cohort can link to one group for its discussion (`opportunity`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True, max_length=5000)
    # Markdown, rendered through learning.markdown (sanitized) on pages.
    rules = models.TextField(blank=True, max_length=5000)
    category = models.ForeignKey(
        "mentors.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="community_groups"
    )
    visibility = models.CharField(
        max_length=10, choices=GroupVisibility.choices, default=GroupVisibility.PUBLIC
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_community_groups"
    )
    # Active members, kept by the membership services under the group's row lock.
    member_count = models.PositiveIntegerField(default=0)
    # Set when archived: the group stays readable but nobody can post, comment or join.
    archived_at = models.DateTimeField(null=True, blank=True)
    opportunity = models.OneToOneField(
        "learning.Opportunity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_group",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["visibility", "archived_at"], name="community_group_visible")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_private(self) -> bool:
        return self.visibility == GroupVisibility.PRIVATE


class GroupMembership(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships"
    )
    role = models.CharField(max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    status = models.CharField(max_length=10, choices=MembershipStatus.choices)
    # When the membership became active (null while pending or declined).
    joined_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            # Two joins racing for one user and group: the second INSERT fails here.
            models.UniqueConstraint(fields=["group", "user"], name="community_membership_unique"),
            # At most one owner per group, so handing over ownership cannot leave two.
            models.UniqueConstraint(
                fields=["group"], condition=Q(role="owner"), name="community_membership_one_owner"
            ),
        ]
        indexes = [models.Index(fields=["user", "status"], name="community_membership_user")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id} ({self.role}, {self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_moderator(self) -> bool:
        return self.is_active and self.role in MODERATOR_ROLES


class Post(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_posts"
    )
    title = models.CharField(max_length=200)
    # Markdown as written, and the sanitized HTML rendered from it when it is written (nh3,
    # learning.markdown): pages and the API show only `body_html`.
    body = models.TextField(max_length=20000)
    body_html = models.TextField(blank=True)
    is_pinned = models.BooleanField(default=False)
    # Visible comments (neither hidden nor deleted), kept by the comment services.
    comment_count = models.PositiveIntegerField(default=0)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Hidden by a moderator: gone for everyone but its author and the group's moderators.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Soft-deleted by its author, a moderator or staff: gone for everyone, kept for the record.
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # API.md §7: pinned first, then newest.
        ordering = ["-is_pinned", "-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["group", "-is_pinned", "-created_at"],
                condition=Q(deleted_at__isnull=True),
                name="community_post_feed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


def post_attachment_upload_to(instance, filename: str) -> str:
    # Random name (as message attachments): the uploader's name is kept in the row only.
    from pathlib import PurePosixPath

    token = uuid.uuid4().hex
    return f"community/{token[:2]}/{token}{PurePosixPath(filename).suffix.lower()}"


def _attachment_storage():
    # Posts' files live in messaging's private attachment storage (no public URL): the download
    # route checks that the caller may read the group.
    from messaging.storage import attachment_storage

    return attachment_storage()


class PostAttachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=_attachment_storage, upload_to=post_attachment_upload_to, max_length=255)
    filename = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=127)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.filename


class Comment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    # Replies go one level deep: a reply's parent is always a top-level comment.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_comments"
    )
    body = models.TextField(max_length=5000)
    body_html = models.TextField(blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["post", "created_at"], name="community_comment_thread")]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.post_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ReportReason(models.TextChoices):
    SPAM = "spam"
    HARASSMENT = "harassment"
    OFF_TOPIC = "off_topic"
    INAPPROPRIATE = "inappropriate"
    OTHER = "other"


class ReportStatus(models.TextChoices):
    OPEN = "open"
    # A moderator hid the content.
    ACTIONED = "actioned"
    # A moderator looked and left the content as it was.
    DISMISSED = "dismissed"


class Report(models.Model):
    """A member's report of a post or a comment. It hides nothing by itself: it waits in the
    moderation queue of the group's moderators and staff until one of them acts."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="reports")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    # Set when the report is about a comment (of `post`).
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_reports"
    )
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    details = models.TextField(blank=True, max_length=1000)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One open report per person and thing: reporting twice does not jump the queue.
            models.UniqueConstraint(
                fields=["reporter", "post"],
                condition=Q(status="open", comment__isnull=True),
                name="community_report_open_post",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(status="open", comment__isnull=False),
                name="community_report_open_comment",
            ),
        ]
        indexes = [models.Index(fields=["group", "status"], name="community_report_queue")]

    def __str__(self) -> str:
        return f"Report {self.pk} ({self.status})"

    @property
    def target(self):
        return self.comment if self.comment_id else self.post
