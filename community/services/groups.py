"""Writes of groups and membership: create, edit, archive, join, leave, approve or decline a
request to join, promote moderators and hand over ownership.

`member_count` counts active members and changes only under the group's row lock, so two joins
at once cannot both read the old count."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.services.audit import audit_entry_create
from community.errors.groups import (
    AlreadyMember,
    GroupArchived,
    GroupNotFound,
    MemberNotFound,
    NotAGroupAuthor,
    NotAModerator,
    NothingPending,
    NotTheOwner,
    OwnerCannotLeave,
)
from community.models.groups import (
    Group,
    GroupMembership,
    GroupVisibility,
    MembershipRole,
    MembershipStatus,
)
from community.selectors import groups as selectors
from core.errors import ValidationFailed
from core.locks import busy_as_error
from learning.services.catalogue import may_author
from messaging.models import NotificationType
from messaging.services import notifications_batched, notify

GROUP_FIELDS = ("name", "description", "rules", "visibility")


def _locked_group(group_id, user) -> Group:
    """The group, locked, if `user` may read it (else 404: a private group does not exist for
    strangers)."""
    group = Group.objects.select_for_update().filter(pk=group_id).first()
    if group is None or not selectors.can_read(group, user):
        raise GroupNotFound()
    return group


def _unique_slug(name: str, *, exclude_id=None) -> str:
    base = slugify(name)[:120] or "group"
    slug, n = base, 1
    taken = Group.objects.exclude(pk=exclude_id)
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _category(category_id):
    if category_id is None:
        return None
    from mentors.models import Category

    category = Category.objects.filter(pk=category_id, is_active=True).first()
    if category is None:
        raise ValidationFailed.for_field("category_id", "No such category.")
    return category


def _opportunity(opportunity_id, *, exclude_group_id=None):
    if opportunity_id is None:
        return None
    from learning.models import Opportunity

    opportunity = Opportunity.objects.filter(pk=opportunity_id).first()
    if opportunity is None:
        raise ValidationFailed.for_field("opportunity_id", "No such opportunity.")
    linked = Group.objects.filter(opportunity=opportunity).exclude(pk=exclude_group_id)
    if linked.exists():
        raise ValidationFailed.for_field("opportunity_id", "This opportunity already has a discussion group.")
    return opportunity


def group_create(
    *,
    user,
    name: str,
    description: str = "",
    rules: str = "",
    visibility: str = GroupVisibility.PUBLIC,
    category_id: uuid.UUID | None = None,
    opportunity_id: uuid.UUID | None = None,
) -> Group:
    """A new group; its creator (a mentor or staff) becomes the owner and first member."""
    if not may_author(user):
        raise NotAGroupAuthor()
    with transaction.atomic():
        now = timezone.now()
        group = Group.objects.create(
            name=name,
            slug=_unique_slug(name),
            description=description,
            rules=rules,
            visibility=visibility,
            category=_category(category_id),
            opportunity=_opportunity(opportunity_id),
            owner=user,
            member_count=1,
        )
        GroupMembership.objects.create(
            group=group,
            user=user,
            role=MembershipRole.OWNER,
            status=MembershipStatus.ACTIVE,
            requested_at=now,
            joined_at=now,
        )
    return group


def _may_manage(group: Group, user) -> bool:
    return user.is_staff or group.owner_id == user.pk


def group_update(*, group_id, user, data: dict) -> Group:
    """Edit, archive or unarchive a group; the owner (or staff) can also set who moderates it
    (`moderator_ids`, the whole list) and hand over ownership (`owner_id`). An archived group
    takes no edit but unarchiving."""
    with transaction.atomic(), busy_as_error():
        group = _locked_group(group_id, user)
        if not _may_manage(group, user):
            raise NotTheOwner()
        archived = data.get("archived")
        if group.is_archived and archived is not False:
            raise GroupArchived()
        changed = []
        for field in GROUP_FIELDS:
            if field in data and getattr(group, field) != data[field]:
                setattr(group, field, data[field])
                changed.append(field)
        if "name" in changed:
            group.slug = _unique_slug(group.name, exclude_id=group.pk)
            changed.append("slug")
        if "category_id" in data:
            group.category = _category(data["category_id"])
            changed.append("category")
        if "opportunity_id" in data:
            group.opportunity = _opportunity(data["opportunity_id"], exclude_group_id=group.pk)
            changed.append("opportunity")
        if archived is not None and archived != group.is_archived:
            group.archived_at = timezone.now() if archived else None
            changed.append("archived_at")
            audit_entry_create(
                actor=user, action="community.group_archived" if archived else "community.group_unarchived",
                target=group,
            )  # fmt: skip
        if changed:
            group.save(update_fields=[*changed, "updated_at"])
        if "moderator_ids" in data:
            _set_moderators(group, user, set(data["moderator_ids"]))
        if data.get("owner_id") and data["owner_id"] != group.owner_id:
            _hand_over(group, user, data["owner_id"])
    return group


def _set_moderators(group: Group, actor, wanted: set) -> None:
    members = {
        m.user_id: m
        for m in GroupMembership.objects.select_for_update().filter(
            group=group, status=MembershipStatus.ACTIVE
        )
    }
    strangers = wanted - set(members)
    if strangers:
        raise ValidationFailed.for_field("moderator_ids", "Moderators must be active members of the group.")
    for user_id, membership in members.items():
        if membership.role == MembershipRole.OWNER:
            continue
        role = MembershipRole.MODERATOR if user_id in wanted else MembershipRole.MEMBER
        if membership.role != role:
            membership.role = role
            membership.save(update_fields=["role", "updated_at"])
            audit_entry_create(
                actor=actor,
                action="community.moderator_added" if role == MembershipRole.MODERATOR else "community.moderator_removed",
                target=group,
                details={"user_id": user_id},
            )  # fmt: skip


def _hand_over(group: Group, actor, new_owner_id) -> None:
    new = (
        GroupMembership.objects.select_for_update()
        .filter(group=group, user_id=new_owner_id, status=MembershipStatus.ACTIVE)
        .first()
    )
    if new is None:
        raise ValidationFailed.for_field("owner_id", "The new owner must be an active member of the group.")
    old_owner_id = group.owner_id
    # The old owner stays on as a moderator. Demoted first: one owner per group (constraint).
    GroupMembership.objects.filter(group=group, role=MembershipRole.OWNER).update(
        role=MembershipRole.MODERATOR, updated_at=timezone.now()
    )
    new.role = MembershipRole.OWNER
    new.save(update_fields=["role", "updated_at"])
    group.owner_id = new_owner_id
    group.save(update_fields=["owner", "updated_at"])
    audit_entry_create(
        actor=actor,
        action="community.ownership_transferred",
        target=group,
        details={"from_user_id": old_owner_id, "to_user_id": new_owner_id},
    )


def _group_url(group: Group) -> str:
    return reverse("community:group", args=[group.pk])


def group_join(*, group_id, user) -> GroupMembership:
    """Join: active at once in a public group; in a private one a pending request the group's
    moderators are told about. A declined request may be made again."""
    with transaction.atomic(), busy_as_error():
        group = Group.objects.select_for_update().filter(pk=group_id).first()
        if group is None:
            raise GroupNotFound()
        if group.is_archived:
            raise GroupArchived()
        now = timezone.now()
        status = MembershipStatus.PENDING if group.is_private else MembershipStatus.ACTIVE
        membership = GroupMembership.objects.select_for_update().filter(group=group, user=user).first()
        if membership is not None and membership.status != MembershipStatus.DECLINED:
            raise AlreadyMember()
        if membership is None:
            try:
                with transaction.atomic():
                    membership = GroupMembership.objects.create(
                        group=group, user=user, status=status, requested_at=now,
                        joined_at=now if status == MembershipStatus.ACTIVE else None,
                    )  # fmt: skip
            except IntegrityError:
                raise AlreadyMember() from None
        else:
            membership.status, membership.requested_at = status, now
            membership.role = MembershipRole.MEMBER
            membership.decided_at = membership.decided_by = None
            membership.joined_at = now if status == MembershipStatus.ACTIVE else None
            membership.save()
        if status == MembershipStatus.ACTIVE:
            Group.objects.filter(pk=group.pk).update(member_count=F("member_count") + 1)
        else:
            _tell_moderators_of_request(group, user)
    return membership


def _tell_moderators_of_request(group: Group, user) -> None:
    moderators = [m.user for m in selectors.group_moderators(group)]
    with notifications_batched():
        for moderator in moderators:
            notify(
                user=moderator,
                type=NotificationType.GROUP_MEMBERSHIP,
                title=f"{user.full_name or 'Someone'} asks to join {group.name}",
                action_url=reverse("community:members", args=[group.pk]),
                data={"group_id": group.pk, "user_id": user.pk, "status": "pending"},
            )


def group_leave(*, group_id, user) -> None:
    """Leave a group (or withdraw a pending request). The owner hands over ownership first."""
    with transaction.atomic(), busy_as_error():
        group = Group.objects.select_for_update().filter(pk=group_id).first()
        if group is None:
            raise GroupNotFound()
        membership = GroupMembership.objects.filter(
            group=group, user=user, status__in=[MembershipStatus.ACTIVE, MembershipStatus.PENDING]
        ).first()
        if membership is None:
            if not selectors.can_read(group, user):
                raise GroupNotFound()
            raise MemberNotFound("You are not a member of this group.")
        if membership.role == MembershipRole.OWNER:
            raise OwnerCannotLeave()
        was_active = membership.status == MembershipStatus.ACTIVE
        membership.delete()
        if was_active:
            Group.objects.filter(pk=group.pk).update(member_count=F("member_count") - 1)


def membership_decide(*, group_id, user_id, moderator, approve: bool) -> GroupMembership:
    """A moderator approves or declines a pending request to join; the person is told either way."""
    with transaction.atomic(), busy_as_error():
        group = _locked_group(group_id, moderator)
        if not selectors.is_moderator(group, moderator):
            raise NotAModerator()
        if group.is_archived:
            raise GroupArchived()
        membership = (
            GroupMembership.objects.select_for_update()
            .select_related("user")
            .filter(group=group, user_id=user_id)
            .first()
        )
        if membership is None:
            raise MemberNotFound()
        if membership.status != MembershipStatus.PENDING:
            raise NothingPending()
        now = timezone.now()
        membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.DECLINED
        membership.decided_at, membership.decided_by = now, moderator
        membership.joined_at = now if approve else None
        membership.save(update_fields=["status", "decided_at", "decided_by", "joined_at", "updated_at"])
        if approve:
            Group.objects.filter(pk=group.pk).update(member_count=F("member_count") + 1)
        audit_entry_create(
            actor=moderator,
            action="community.member_approved" if approve else "community.member_declined",
            target=group,
            details={"user_id": membership.user_id},
        )
        notify(
            user=membership.user,
            type=NotificationType.GROUP_MEMBERSHIP,
            title=(
                f"You joined {group.name}" if approve else f"Your request to join {group.name} was declined"
            ),
            action_url=_group_url(group) if approve else reverse("community:directory"),
            data={"group_id": group.pk, "status": membership.status},
        )
    return membership
