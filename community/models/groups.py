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
