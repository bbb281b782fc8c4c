"""Reads about groups and membership: who may read a group, who moderates it. The events part
builds on these (an event of a private group is readable by the group's readers)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

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
