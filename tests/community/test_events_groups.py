"""A group's upcoming events on its API detail and its page; a private group's only for members."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.community.events_factories import a_group, an_event, join
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_group_detail_lists_its_upcoming_events_soonest_first():
    group = a_group()
    later = an_event(group=group, title="Later", starts_at=timezone.now() + timedelta(days=9))
    sooner = an_event(group=group, title="Sooner", starts_at=timezone.now() + timedelta(days=2))
    an_event(group=group, title="Cancelled", status="cancelled")
    an_event(title="Another group's")

    body = client_for(None).get(f"/api/v1/groups/{group.pk}").json()

    assert [e["title"] for e in body["upcoming_events"]] == [sooner.title, later.title]
    page = Client().get(f"/community/groups/{group.pk}/").content.decode()
    assert "Upcoming events" in page and f"/community/events/{sooner.pk}/" in page


def test_a_private_groups_events_are_listed_only_for_members():
    group = a_group(visibility="private")
    event = an_event(group=group)
    member = UserFactory()
    join(group, member)

    assert client_for(UserFactory()).get(f"/api/v1/groups/{group.pk}").json()["upcoming_events"] == []
    mine = client_for(member).get(f"/api/v1/groups/{group.pk}").json()["upcoming_events"]
    assert [e["id"] for e in mine] == [str(event.pk)]
