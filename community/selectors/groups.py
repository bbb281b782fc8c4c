"""Reads about groups and membership: who may read a group, who moderates it. The events part
builds on these (an event of a private group is readable by the group's readers)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from community.models.groups import (
    MODERATOR_ROLES,
    Group,
    GroupMembership,
    GroupVisibility,
    MembershipStatus,
)


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def readable_groups(user) -> QuerySet[Group]:
    """Groups `user` may read: every public group, plus the private groups where the user is an
    active member. Staff read everything. Anonymous users (None or AnonymousUser) read public
    groups only. Archived groups are included (they stay readable)."""
    groups = Group.objects.all()
    if _signed_in(user) and user.is_staff:
        return groups
    if not _signed_in(user):
        return groups.filter(visibility=GroupVisibility.PUBLIC)
    member_of = GroupMembership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values("group_id")
    return groups.filter(Q(visibility=GroupVisibility.PUBLIC) | Q(id__in=member_of))


def active_membership(group: Group, user) -> GroupMembership | None:
    """The user's active membership of the group, or None (also for pending or declined)."""
    if not _signed_in(user):
        return None
    return GroupMembership.objects.filter(group=group, user=user, status=MembershipStatus.ACTIVE).first()


def membership(group: Group, user) -> GroupMembership | None:
    """The user's membership row in any status (pending and declined included), or None."""
    if not _signed_in(user):
        return None
    return GroupMembership.objects.filter(group=group, user=user).first()


def can_read(group: Group, user) -> bool:
    if group.visibility == GroupVisibility.PUBLIC:
        return True
    if not _signed_in(user):
        return False
    return user.is_staff or active_membership(group, user) is not None


def is_moderator(group: Group, user) -> bool:
    """The group's owner, one of its moderators (active), or staff."""
    if not _signed_in(user):
        return False
    if user.is_staff:
        return True
    return GroupMembership.objects.filter(
        group=group, user=user, status=MembershipStatus.ACTIVE, role__in=MODERATOR_ROLES
    ).exists()


@dataclass(frozen=True)
class Viewer:
    """What one person is to one group, from one read of their membership row: what a page or
    an answer about the group needs all of at once (can_read and is_moderator, each asked alone,
    read that row again)."""

    membership: GroupMembership | None  # in any status
    can_read: bool
    is_moderator: bool

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.is_active


def viewer(group: Group, user) -> Viewer:
    mine = membership(group, user)
    staff = _signed_in(user) and user.is_staff
    return Viewer(
        membership=mine,
        can_read=group.visibility == GroupVisibility.PUBLIC or staff or (mine is not None and mine.is_active),
        is_moderator=staff or (mine is not None and mine.is_moderator),
    )


def moderated_groups(user) -> QuerySet[Group]:
    """Groups `user` moderates (all groups for staff)."""
    if not _signed_in(user):
        return Group.objects.none()
    if user.is_staff:
        return Group.objects.all()
    return Group.objects.filter(
        memberships__user=user,
        memberships__status=MembershipStatus.ACTIVE,
        memberships__role__in=MODERATOR_ROLES,
    )


# --- lists and objects of the groups part -----------------------------------------------------


def group_search(*, user, q: str = "", category_id=None, joined: bool | None = None) -> QuerySet[Group]:
    """The directory: every group's public face (a private group's name and description too, so
    people can ask to join; its content stays closed), with the caller's `membership_status`
    annotated in the same query."""
    from django.db.models import CharField, OuterRef, Subquery, Value

    rows = Group.objects.select_related("category")
    if _signed_in(user):
        mine = GroupMembership.objects.filter(group=OuterRef("pk"), user=user)
        rows = rows.annotate(membership_status=Subquery(mine.values("status")[:1]))
    else:
        rows = rows.annotate(membership_status=Value(None, output_field=CharField()))
    if q:
        for term in q.split():
            rows = rows.filter(Q(name__icontains=term) | Q(description__icontains=term))
    if category_id:
        rows = rows.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    if joined is True:
        rows = rows.filter(membership_status=MembershipStatus.ACTIVE) if _signed_in(user) else rows.none()
    elif joined is False and _signed_in(user):
        # NULL (never asked) must count as "not joined": a plain exclude() would drop it.
        rows = rows.filter(Q(membership_status__isnull=True) | ~Q(membership_status=MembershipStatus.ACTIVE))
    # Archived groups last: they are read-only.
    return rows.order_by(F("archived_at").asc(nulls_first=True), "name", "id")


def group_get(*, group_id, user) -> Group:
    """One group's public face (any group), or GroupNotFound. Its content (posts, members,
    comments) goes through readable_group_get."""
    from community.errors.groups import GroupNotFound

    group = Group.objects.select_related("category", "owner").filter(pk=group_id).first()
    if group is None:
        raise GroupNotFound()
    return group


def readable_group_get(*, group_id, user) -> Group:
    """One group whose content `user` may read, or GroupNotFound (a private group's posts and
    members do not exist for anyone but its members and staff)."""
    from community.errors.groups import GroupNotFound

    group = readable_groups(user).select_related("category", "owner").filter(pk=group_id).first()
    if group is None:
        raise GroupNotFound()
    return group


def group_moderators(group: Group) -> list[GroupMembership]:
    return list(
        GroupMembership.objects.select_related("user")
        .filter(group=group, status=MembershipStatus.ACTIVE, role__in=MODERATOR_ROLES)
        .order_by("role", "joined_at", "id")
    )


def member_list(*, group: Group, user, status: str | None = None) -> QuerySet[GroupMembership]:
    """Active members; moderators (and staff) also see pending and declined requests."""
    rows = GroupMembership.objects.select_related("user").filter(group=group)
    if is_moderator(group, user):
        if status:
            rows = rows.filter(status=status)
    else:
        rows = rows.filter(status=MembershipStatus.ACTIVE)
        if status and status != MembershipStatus.ACTIVE:
            rows = rows.none()
    order = Case(
        When(role="owner", then=Value(0)), When(role="moderator", then=Value(1)), default=Value(2),
        output_field=IntegerField(),
    )  # fmt: skip
    return rows.annotate(role_rank=order).order_by("role_rank", "requested_at", "id")


def post_list(*, group: Group, user) -> QuerySet:
    """The group's posts, pinned first then newest. Hidden posts only for moderators."""
    from community.models.groups import Post

    rows = (
        Post.objects.filter(group=group, deleted_at__isnull=True)
        .select_related("author")
        .prefetch_related("attachments")
    )
    if not is_moderator(group, user):
        rows = rows.filter(hidden_at__isnull=True)
    return rows.order_by("-is_pinned", "-created_at", "-id")


def post_get(*, post_id, user):
    """One readable post with its group, or PostNotFound."""
    from community.errors.groups import PostNotFound
    from community.models.groups import Post

    post = (
        Post.objects.select_related("group", "author", "group__category")
        .prefetch_related("attachments")
        .filter(pk=post_id, deleted_at__isnull=True)
        .first()
    )
    if post is None or not may_see_post(post, user):
        raise PostNotFound()
    return post


def may_see_post(post, user) -> bool:
    """A post (not deleted) is shown to whoever may read its group; a hidden one only to the
    group's moderators. The one rule for reading, answering and reporting posts and comments."""
    if not post.is_hidden:
        return can_read(post.group, user)
    return viewer(post.group, user).is_moderator  # a moderator reads the group


def comment_threads(*, post, user, moderator: bool | None = None) -> QuerySet:
    """Top-level comments, oldest first, each with its replies prefetched (one level deep).
    A deleted or hidden comment stays in the thread as a placeholder while it has replies, so
    the replies still make sense, and drops out when it has none; moderators see hidden ones."""
    from django.db.models import Exists, OuterRef, Prefetch

    from community.models.groups import Comment

    if moderator is None:
        moderator = is_moderator(post.group, user)
    shown = Q(deleted_at__isnull=True) if moderator else Q(deleted_at__isnull=True, hidden_at__isnull=True)
    replies = Comment.objects.filter(shown).select_related("author").order_by("created_at", "id")
    has_replies = Exists(replies.filter(parent=OuterRef("pk")))
    return (
        Comment.objects.filter(post=post, parent__isnull=True)
        .filter(shown | Q(has_replies))
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


def attachment_get(*, attachment_id, user):
    from community.errors.groups import AttachmentNotFound
    from community.models.groups import PostAttachment

    attachment = PostAttachment.objects.select_related("post__group").filter(pk=attachment_id).first()
    if attachment is None:
        raise AttachmentNotFound()
    post = attachment.post
    if post.deleted_at is not None or not may_see_post(post, user):
        raise AttachmentNotFound()
    return attachment


def report_queue(*, user, status: str | None = "open", group_id=None) -> QuerySet:
    """Reports of the groups `user` moderates (every group for staff), oldest first."""
    from community.models.groups import Report

    rows = Report.objects.filter(group__in=moderated_groups(user)).select_related(
        "group", "post__author", "comment__author", "reporter"
    )
    if status:
        rows = rows.filter(status=status)
    if group_id:
        rows = rows.filter(group_id=group_id)
    return rows.order_by("created_at", "id")
