"""selectors.viewer: what a person is to a group, read once for a group's page and its API answer,
always agreeing with the one-question rules (can_read, is_moderator) the services ask."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from community.models.groups import GroupMembership, GroupVisibility, MembershipRole, MembershipStatus
from community.selectors import groups as selectors
from tests.community.group_factories import a_group, member_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def people(group) -> dict:
    def with_row(status, role=MembershipRole.MEMBER):
        user = UserFactory()
        GroupMembership.objects.create(
            group=group, user=user, status=status, role=role, requested_at=timezone.now()
        )
        return user

    return {
        "anonymous": AnonymousUser(),
        "stranger": UserFactory(),
        "pending": with_row(MembershipStatus.PENDING),
        "declined": with_row(MembershipStatus.DECLINED),
        "declined moderator": with_row(MembershipStatus.DECLINED, MembershipRole.MODERATOR),
        "member": member_of(group),
        "moderator": with_row(MembershipStatus.ACTIVE, MembershipRole.MODERATOR),
        "owner": group.owner,
        "staff": UserFactory(is_staff=True),
    }


@pytest.mark.parametrize("visibility", [GroupVisibility.PUBLIC, GroupVisibility.PRIVATE])
def test_the_viewer_agrees_with_each_rule_for_everyone(visibility, django_assert_max_num_queries):
    group = a_group(visibility=visibility)
    seen = {}
    for who, user in people(group).items():
        with django_assert_max_num_queries(1):
            viewer = selectors.viewer(group, user)
        assert viewer.can_read == selectors.can_read(group, user), who
        assert viewer.is_moderator == selectors.is_moderator(group, user), who
        assert viewer.membership == selectors.membership(group, user), who
        seen[who] = (viewer.can_read, viewer.is_moderator, viewer.is_member)
    public = visibility == GroupVisibility.PUBLIC
    assert seen == {
        "anonymous": (public, False, False),
        "stranger": (public, False, False),
        "pending": (public, False, False),
        "declined": (public, False, False),
        "declined moderator": (public, False, False),
        "member": (True, False, True),
        "moderator": (True, True, True),
        "owner": (True, True, True),
        "staff": (True, True, False),
    }
