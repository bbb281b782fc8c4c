"""Community's counters against their rows: a group's members, a post's comments, an event's places."""

from __future__ import annotations

import pytest
from django.db.models import F
from django.utils import timezone

from accounts.models import AuditEntry
from analytics.integrity.report import integrity_repair, integrity_report
from community.models.events import EventRSVP, RSVPStatus
from community.models.groups import Comment, Group, GroupMembership, Post
from community.services import groups as group_services
from community.services import posts as post_services
from tests.analytics.integrity_world import mentor, person
from tests.community.events_factories import an_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    owner, member, other = mentor().user, person(), person()
    group = group_services.group_create(user=owner, name="Design critique")
    group_services.group_join(group_id=group.pk, user=member)
    post = post_services.post_create(group_id=group.pk, user=member, title="My portfolio", body="Thoughts?")
    for body in ("Lead with the outcome.", "Shorter captions."):
        post_services.comment_create(post_id=post.pk, user=owner, body=body, rate_limited=False)
    event = an_event(host=owner, capacity=2)
    for user in (owner, member):
        EventRSVP.objects.create(event=event, user=user, status=RSVPStatus.GOING)
    return {"group": group, "post": post, "event": event, "other": other, "staff": person(is_staff=True)}


def codes(report) -> dict[str, dict]:
    return {issue["code"]: issue for issue in report["issues"]}


def test_the_services_leave_the_counters_consistent(community):
    assert Group.objects.get(pk=community["group"].pk).member_count == 2
    assert Post.objects.get(pk=community["post"].pk).comment_count == 2
    assert integrity_report()["issues"] == []


def test_counters_that_differ_from_their_rows_are_found_and_recounted(community):
    group, post = community["group"], community["post"]
    Group.objects.filter(pk=group.pk).update(member_count=F("member_count") + 3)
    # A comment hidden behind the moderation service's back still counts on the post.
    first = Comment.objects.filter(post=post).order_by("created_at", "pk").first()
    Comment.objects.filter(pk=first.pk).update(hidden_at=timezone.now())

    found = codes(integrity_report())

    assert found["group_member_count_differs"]["sample_ids"] == [str(group.pk)]
    assert found["post_comment_count_differs"]["sample_ids"] == [str(post.pk)]

    repaired = integrity_repair(actor=community["staff"])

    assert {item["code"]: item["ids"] for item in repaired} == {
        "group_member_count_differs": [str(group.pk)],
        "post_comment_count_differs": [str(post.pk)],
    }
    assert Group.objects.get(pk=group.pk).member_count == 2
    assert Post.objects.get(pk=post.pk).comment_count == 1
    entries = AuditEntry.objects.filter(action="integrity.repair")
    assert sorted((e.target_type, e.target_id) for e in entries) == sorted(
        [("community.group", str(group.pk)), ("community.post", str(post.pk))]
    )
    assert integrity_report()["issues"] == []


def test_a_pending_request_does_not_count_as_a_member(community):
    group = community["group"]
    GroupMembership.objects.filter(group=group, user=community["other"]).delete()
    GroupMembership.objects.create(
        group=group, user=community["other"], status="pending", requested_at=timezone.now()
    )

    assert integrity_report()["issues"] == []


def test_more_people_going_than_places_is_reported_and_nobody_is_removed(community):
    event = community["event"]
    EventRSVP.objects.create(event=event, user=community["other"], status=RSVPStatus.GOING)

    issue = codes(integrity_report())["event_over_capacity"]

    assert (issue["count"], issue["sample_ids"], issue["repairable"]) == (1, [str(event.pk)], False)
    assert integrity_repair(actor=community["staff"]) == []
    assert EventRSVP.objects.filter(event=event, status=RSVPStatus.GOING).count() == 3
