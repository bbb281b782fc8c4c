"""Factories and helpers of the events tests."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from django.utils import timezone

from community.models.events import Event, EventType
from community.models.groups import Group, GroupMembership, MembershipRole, MembershipStatus
from tests.factories import UserFactory

EVENTS_URL = "/api/v1/events"
_numbers = itertools.count(1)


def a_group(*, owner=None, visibility: str = "public", **fields) -> Group:
    owner = owner or UserFactory()
    number = next(_numbers)
    group = Group.objects.create(
        name=fields.pop("name", f"Group {number}"),
        slug=f"group-{number}",
        visibility=visibility,
        owner=owner,
        member_count=1,
        **fields,
    )
    GroupMembership.objects.create(
        group=group,
        user=owner,
        role=MembershipRole.OWNER,
        status=MembershipStatus.ACTIVE,
        joined_at=timezone.now(),
        requested_at=timezone.now(),
    )
    return group


def join(group: Group, user, *, role: str = MembershipRole.MEMBER) -> GroupMembership:
    return GroupMembership.objects.create(
        group=group,
        user=user,
        role=role,
        status=MembershipStatus.ACTIVE,
        joined_at=timezone.now(),
        requested_at=timezone.now(),
    )


def an_event(*, starts_at: datetime | None = None, host=None, **fields) -> Event:
    starts_at = starts_at or (timezone.now() + timedelta(days=7)).replace(microsecond=0)
    online = fields.pop("is_online", True)
    place = (
        {"online_url": "https://meet.example.com/abc-defg-hij"}
        if online
        else {
            "venue": "Impact Hub",
            "address": "Rudi-Dutschke-Str. 23",
            "city": "Berlin",
            "country": "DE",
            "latitude": 52.5069,
            "longitude": 13.3906,
            "timezone": "Europe/Berlin",
        }
    )
    return Event.objects.create(
        type=fields.pop("type", EventType.MEETUP),
        title=fields.pop("title", f"Python meetup {next(_numbers)}"),
        description=fields.pop("description", "Talks and pizza."),
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", starts_at + timedelta(hours=2)),
        host=host or UserFactory(),
        is_online=online,
        **{**place, **fields},
    )
