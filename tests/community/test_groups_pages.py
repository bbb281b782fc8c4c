"""The pages of groups: directory, group, members, post with comments, compose with preview,
moderation queue, and the admin's actions (which call the services)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEntry
from community.models.groups import GroupMembership, Post, Report
from tests.community.group_factories import a_comment, a_group, a_post, member_of
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def browser_for(user=None) -> Client:
    browser = Client()
    if user is not None:
        browser.force_login(user)
    return browser


def test_a_private_group_shows_strangers_its_name_but_not_its_posts():
    public = a_group(name="Open design")
    private = a_group(name="Secret circle", visibility="private")
    a_post(private, title="Members only talk")
    page = browser_for().get(reverse("community:directory")).content.decode()
    assert "Open design" in page and "Secret circle" in page
    stranger = browser_for(UserFactory()).get(reverse("community:group", args=[private.pk])).content.decode()
    assert "Ask to join" in stranger and "Members only talk" not in stranger
    member = member_of(private)
    assert (
        "Members only talk"
        in browser_for(member).get(reverse("community:group", args=[private.pk])).content.decode()
    )
    assert browser_for().get(reverse("community:group", args=[public.pk])).status_code == 200


def test_join_pending_approve_and_post_through_the_pages():
    group = a_group(visibility="private")
    learner = UserFactory()
    me = browser_for(learner)
    asked = me.post(reverse("community:join", args=[group.pk]), follow=True).content.decode()
    assert "waiting for a moderator" in asked
    assert GroupMembership.objects.get(group=group, user=learner).status == "pending"

    owner = browser_for(group.owner)
    members = owner.get(reverse("community:members", args=[group.pk])).content.decode()
    assert "Approve" in members
    owner.post(reverse("community:decide", args=[group.pk, learner.pk]), {"decision": "approve"})
    assert GroupMembership.objects.get(group=group, user=learner).status == "active"

    page = me.get(reverse("community:group", args=[group.pk])).content.decode()
    assert "Write a post" in page and "Leave group" in page
    made = me.post(
        reverse("community:post-new", args=[group.pk]), {"title": "My first post", "body": "**Hello**"}
    )
    post = Post.objects.get(author=learner)
    assert made.status_code == 302 and made.url == reverse("community:post", args=[post.pk])
    shown = me.get(made.url).content.decode()
    assert "<strong>Hello</strong>" in shown and "My first post" in shown


def test_a_blank_post_shows_the_form_again_with_errors():
    group = a_group()
    member = member_of(group)
    response = browser_for(member).post(
        reverse("community:post-new", args=[group.pk]), {"title": "", "body": ""}
    )
    assert response.status_code == 400
    assert "Error" in response.content.decode()


def test_the_preview_renders_sanitized_markdown():
    response = browser_for(UserFactory()).post(
        reverse("community:preview"), {"body": "*hi* <script>alert(1)</script>"}
    )
    html = response.content.decode()
    assert "<em>hi</em>" in html and "<script" not in html


def test_threaded_comments_and_replies_on_the_post_page():
    group = a_group()
    author, other = member_of(group), member_of(group)
    post = a_post(group, author)
    top = a_comment(post, other, body="Top comment")
    me = browser_for(author)
    me.post(
        reverse("community:comment-create", args=[post.pk]), {"body": "A reply", "parent_id": str(top.pk)}
    )
    page = me.get(reverse("community:post", args=[post.pk])).content.decode()
    assert page.index("Top comment") < page.index("A reply")
    assert f'data-replies-of="{top.pk}"' in page
    fragment = me.get(reverse("community:comment-fragment", args=[top.pk]))
    assert fragment.status_code == 200 and "Top comment" in fragment.content.decode()


def test_report_then_hide_from_the_moderation_queue():
    group = a_group()
    author, reporter = member_of(group), member_of(group)
    post = a_post(group, author, title="Spammy")
    browser_for(reporter).post(reverse("community:report", args=["post", post.pk]), {"reason": "spam"})
    report = Report.objects.get()
    owner = browser_for(group.owner)
    queue = owner.get(reverse("community:moderation")).content.decode()
    assert "Spammy" in queue
    owner.post(reverse("community:resolve", args=[report.pk]), {"action": "hide"})
    assert browser_for(reporter).get(reverse("community:post", args=[post.pk])).status_code == 404
    assert AuditEntry.objects.filter(action="community.post_hidden").exists()


def test_strangers_get_404_on_private_pages_and_fragments():
    group = a_group(visibility="private")
    author = member_of(group)
    post = a_post(group, author)
    comment = a_comment(post, author)
    stranger = browser_for(UserFactory())
    for url in (
        reverse("community:members", args=[group.pk]),
        reverse("community:post", args=[post.pk]),
        reverse("community:post-card", args=[post.pk]),
        reverse("community:comment-fragment", args=[comment.pk]),
        reverse("community:post-edit", args=[post.pk]),
    ):
        assert stranger.get(url).status_code == 404, url
    assert stranger.post(reverse("community:post-delete", args=[post.pk])).status_code == 404
    assert Post.objects.get(pk=post.pk).deleted_at is None


@pytest.fixture
def staff_browser(db):
    return browser_for(UserFactory(is_staff=True, is_superuser=True))


def test_admin_actions_go_through_the_services(staff_browser):
    group = a_group(visibility="private")
    applicant = UserFactory()
    client_for(applicant).post(f"/api/v1/groups/{group.pk}/join")
    membership = GroupMembership.objects.get(user=applicant)
    staff_browser.post(
        reverse("admin:community_groupmembership_changelist"),
        {"action": "approve", "_selected_action": [str(membership.pk)]},
    )
    membership.refresh_from_db()
    assert membership.status == "active"

    post = a_post(group, applicant)
    staff_browser.post(
        reverse("admin:community_post_changelist"), {"action": "hide", "_selected_action": [str(post.pk)]}
    )
    post.refresh_from_db()
    assert post.hidden_at is not None
    assert AuditEntry.objects.filter(action="community.post_hidden").exists()

    staff_browser.post(
        reverse("admin:community_post_changelist"), {"action": "restore", "_selected_action": [str(post.pk)]}
    )
    reporter = member_of(group)
    client_for(reporter).post(f"/api/v1/posts/{post.pk}/report", {"reason": "spam"}, format="json")
    report = Report.objects.get()
    staff_browser.post(
        reverse("admin:community_report_changelist"),
        {"action": "dismiss", "_selected_action": [str(report.pk)]},
    )
    report.refresh_from_db()
    assert report.status == "dismissed"


@pytest.mark.parametrize("model", ["group", "groupmembership", "post", "comment", "report"])
def test_each_admin_page_opens(staff_browser, model):
    group = a_group()
    post = a_post(group)
    a_comment(post)
    assert staff_browser.get(reverse(f"admin:community_{model}_changelist")).status_code == 200
