"""Groups, members and posts for the groups part's tests, made through the services (so counts,
rendering and memberships are what the product makes)."""

from __future__ import annotations

from community.models.groups import GroupVisibility
from community.services import groups as group_services
from community.services import posts as post_services
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory


def owner_user():
    return MentorFactory().user


def a_group(*, owner=None, visibility=GroupVisibility.PUBLIC, name=None, **fields):
    owner = owner or owner_user()
    name = name or f"Group of {owner.full_name}"
    return group_services.group_create(user=owner, name=name, visibility=visibility, **fields)


def member_of(group, user=None, *, approved_by=None):
    """A user who is an active member of `group` (a private group's request approved by its owner)."""
    user = user or UserFactory()
    membership = group_services.group_join(group_id=group.pk, user=user)
    if membership.status == "pending":
        group_services.membership_decide(
            group_id=group.pk, user_id=user.pk, moderator=approved_by or group.owner, approve=True
        )
    return user


def a_post(group, author=None, *, title="A question", body="How do I start?"):
    author = author or member_of(group)
    return post_services.post_create(group_id=group.pk, user=author, title=title, body=body)


def a_comment(post, author=None, *, body="Start small.", parent=None):
    author = author or member_of(post.group)
    return post_services.comment_create(
        post_id=post.pk, user=author, body=body, parent_id=parent.pk if parent else None
    )
