"""Reports and the moderation queue: a report hides nothing until a moderator acts; hiding
removes the content for everyone else at once; every moderation action is audited."""

from __future__ import annotations

import pytest

from accounts.models import AuditEntry
from community.models.groups import Report
from messaging.models import Notification
from tests.community.group_factories import a_comment, a_group, a_post, member_of
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/api/v1/group-reports"


def _setup():
    group = a_group()
    moderator = member_of(group)
    client_for(group.owner).patch(
        f"/api/v1/groups/{group.pk}", {"moderator_ids": [str(moderator.pk)]}, format="json"
    )
    author, reporter, reader = member_of(group), member_of(group), member_of(group)
    post = a_post(group, author, title="Buy cheap pills")
    return group, moderator, author, reporter, reader, post


def test_a_report_hides_nothing_until_a_moderator_acts():
    group, moderator, author, reporter, reader, post = _setup()
    response = client_for(reporter).post(f"/api/v1/posts/{post.pk}/report", {"reason": "spam"}, format="json")
    assert response.status_code == 201 and response.json()["status"] == "open"
    # The moderators hear of it; the post is still there for everyone.
    assert Notification.objects.filter(type="group_report", user__in=[group.owner, moderator]).count() == 2
    assert client_for(reader).get(f"/api/v1/posts/{post.pk}").status_code == 200
    assert [p["id"] for p in client_for(None).get(f"/api/v1/groups/{group.pk}/posts").json()["items"]] == [
        str(post.pk)
    ]
    again = client_for(reporter).post(f"/api/v1/posts/{post.pk}/report", {"reason": "spam"}, format="json")
    assert again.status_code == 409
    queue = client_for(moderator).get(QUEUE).json()["items"]
    assert [r["post_id"] for r in queue] == [str(post.pk)]
    assert not AuditEntry.objects.filter(action__startswith="community.post_").exists()


def test_hiding_removes_the_post_for_everyone_else_at_once_and_is_audited(django_capture_on_commit_callbacks):
    group, moderator, author, reporter, reader, post = _setup()
    client_for(reporter).post(f"/api/v1/posts/{post.pk}/report", {"reason": "spam"}, format="json")
    report = Report.objects.get()
    from unittest import mock

    with (
        mock.patch("messaging.realtime.send_pushes") as pushed,
        django_capture_on_commit_callbacks(execute=True),
    ):
        resolved = client_for(moderator).post(
            f"{QUEUE}/{report.pk}/resolve", {"action": "hide"}, format="json"
        )
    assert resolved.status_code == 200 and resolved.json()["status"] == "actioned"
    # Everyone watching the group hears post.removed at once.
    events = [event for call in pushed.call_args_list for _, event in call.args[0]]
    assert {"type": "post.removed", "post_id": str(post.pk), "group_id": str(group.pk)} in events
    for viewer in (reader, author, reporter, None):
        api = client_for(viewer)
        assert api.get(f"/api/v1/posts/{post.pk}").status_code == 404
        assert api.get(f"/api/v1/groups/{group.pk}/posts").json()["items"] == []
    # Moderators still see it, marked hidden, and may restore it.
    assert client_for(moderator).get(f"/api/v1/posts/{post.pk}").json()["is_hidden"] is True
    entry = AuditEntry.objects.get(action="community.post_hidden")
    assert entry.actor == moderator and entry.details["report_id"] == str(report.pk)
    restored = client_for(moderator).post(
        f"/api/v1/posts/{post.pk}/moderate", {"action": "restore"}, format="json"
    )
    assert restored.status_code == 204
    assert client_for(reader).get(f"/api/v1/posts/{post.pk}").status_code == 200
    assert AuditEntry.objects.filter(action="community.post_restored").count() == 1


def test_dismissing_a_report_leaves_the_content_and_is_audited():
    group, moderator, author, reporter, reader, post = _setup()
    comment = a_comment(post, author, body="Rude words")
    client_for(reporter).post(
        f"/api/v1/comments/{comment.pk}/report", {"reason": "harassment"}, format="json"
    )
    report = Report.objects.get()
    dismissed = client_for(group.owner).post(
        f"{QUEUE}/{report.pk}/resolve", {"action": "dismiss"}, format="json"
    )
    assert dismissed.json()["status"] == "dismissed"
    assert (
        client_for(reader).get(f"/api/v1/posts/{post.pk}/comments").json()["items"][0]["body"] == "Rude words"
    )
    assert AuditEntry.objects.filter(action="community.report_dismissed", actor=group.owner).exists()
    again = client_for(group.owner).post(f"{QUEUE}/{report.pk}/resolve", {"action": "dismiss"}, format="json")
    assert again.status_code == 409


def test_a_hidden_comment_is_gone_for_others_and_every_action_is_audited():
    group, moderator, author, reporter, reader, post = _setup()
    comment = a_comment(post, author, body="Hidden soon")
    hidden = client_for(moderator).post(
        f"/api/v1/comments/{comment.pk}/moderate", {"action": "hide"}, format="json"
    )
    assert hidden.status_code == 204
    assert client_for(reader).get(f"/api/v1/posts/{post.pk}/comments").json()["items"] == []
    assert client_for(reader).get(f"/api/v1/posts/{post.pk}").json()["comment_count"] == 0
    shown = client_for(moderator).get(f"/api/v1/posts/{post.pk}/comments").json()["items"]
    assert shown[0]["is_hidden"] is True and shown[0]["body"] == "Hidden soon"
    client_for(moderator).post(
        f"/api/v1/comments/{comment.pk}/moderate", {"action": "restore"}, format="json"
    )
    assert [e.action for e in AuditEntry.objects.order_by("created_at")].count(
        "community.comment_hidden"
    ) == 1
    assert AuditEntry.objects.filter(action="community.comment_restored").exists()


def test_only_moderators_and_staff_moderate_and_see_the_queue():
    group, moderator, author, reporter, reader, post = _setup()
    client_for(reporter).post(f"/api/v1/posts/{post.pk}/report", {"reason": "spam"}, format="json")
    report = Report.objects.get()
    member = client_for(reader)
    assert member.get(QUEUE).json()["items"] == []
    assert member.post(f"{QUEUE}/{report.pk}/resolve", {"action": "hide"}, format="json").status_code == 404
    assert (
        member.post(f"/api/v1/posts/{post.pk}/moderate", {"action": "hide"}, format="json").status_code == 403
    )
    staff = client_for(UserFactory(is_staff=True))
    assert [r["id"] for r in staff.get(QUEUE).json()["items"]] == [str(report.pk)]
    assert staff.post(f"{QUEUE}/{report.pk}/resolve", {"action": "hide"}, format="json").status_code == 200
    assert AuditEntry.objects.filter(action="community.post_hidden", actor__is_staff=True).exists()


def test_reports_need_a_reason_and_membership():
    group, moderator, author, reporter, reader, post = _setup()
    bad = client_for(reporter).post(f"/api/v1/posts/{post.pk}/report", {"reason": "boring"}, format="json")
    assert bad.status_code == 400 and "reason" in bad.json()["details"]
    outsider = client_for(UserFactory())
    assert (
        outsider.post(f"/api/v1/posts/{post.pk}/report", {"reason": "spam"}, format="json").status_code == 403
    )
    bad_action = client_for(moderator).post(
        f"/api/v1/posts/{post.pk}/moderate", {"action": "burn"}, format="json"
    )
    assert bad_action.status_code == 400 and "action" in bad_action.json()["details"]


@pytest.mark.parametrize("rows", [5, 50])
def test_the_queue_runs_a_constant_number_of_queries(rows, django_assert_max_num_queries):
    from django.test import override_settings

    group = a_group()
    people = [member_of(group) for _ in range(3)]
    with override_settings(COMMUNITY_POST_RATE="1000/min", COMMUNITY_COMMENT_RATE="1000/min"):
        for n in range(rows):
            post = a_post(group, people[n % 3], title=f"Post {n}")
            if n % 2:
                comment = a_comment(post, people[n % 3])
                client_for(people[(n + 1) % 3]).post(
                    f"/api/v1/comments/{comment.pk}/report", {"reason": "spam"}, format="json"
                )
            else:
                client_for(people[(n + 1) % 3]).post(
                    f"/api/v1/posts/{post.pk}/report", {"reason": "spam"}, format="json"
                )
    api = client_for(group.owner)
    # The caller, the count, the page (with its group, post, comment and people).
    with django_assert_max_num_queries(3):
        response = api.get(QUEUE, {"limit": 50})
    assert response.json()["total"] == rows
