"""Posts and comments: Markdown rendered safely, attachments checked, pinned first, replies one
level deep, mentions and replies notify, authors edit, soft delete, posting limits."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from accounts.models import AuditEntry
from community.models.groups import Comment, Post, PostAttachment
from messaging.models import Notification
from tests.community.group_factories import a_comment, a_group, a_post, member_of
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

XSS_TITLE = '<img src=x onerror="alert(1)">Title<script>alert(2)</script>'
XSS_BODY = (
    "Hello <script>alert('x')</script>\n\n"
    '<a href="javascript:alert(3)">click</a> <img src=x onerror=alert(4)> '
    '<div onmouseover="alert(5)">hover</div>\n\n[outside](https://example.com)'
)


def posts_url(group):
    return f"/api/v1/groups/{group.pk}/posts"


def test_stored_xss_in_a_post_comes_back_inert():
    group = a_group()
    author = member_of(group)
    response = client_for(author).post(
        posts_url(group), {"title": XSS_TITLE, "body": XSS_BODY}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    html = body["body_html"]
    assert "<script" not in html and "onerror" not in html and "onmouseover" not in html
    assert "javascript:" not in html
    assert 'href="https://example.com"' in html and 'rel="noopener noreferrer nofollow"' in html
    # The title is plain text, returned as written: the pages escape it (see the page test).
    assert body["title"] == XSS_TITLE


def test_stored_xss_in_comments_comes_back_inert():
    post = a_post(a_group())
    commenter = member_of(post.group)
    response = client_for(commenter).post(
        f"/api/v1/posts/{post.pk}/comments", {"body": XSS_BODY}, format="json"
    )
    assert response.status_code == 201
    listed = client_for(None).get(f"/api/v1/posts/{post.pk}/comments").json()["items"][0]
    assert "<script" not in listed["body_html"] and "onerror" not in listed["body_html"]
    assert "javascript:" not in listed["body_html"]


def test_pages_escape_titles_and_show_only_sanitized_bodies(client):
    group = a_group(name='<script>alert("g")</script>Group')
    author = member_of(group)
    post = (
        client_for(author)
        .post(posts_url(group), {"title": XSS_TITLE, "body": XSS_BODY}, format="json")
        .json()
    )
    client_for(author).post(f"/api/v1/posts/{post['id']}/comments", {"body": XSS_BODY}, format="json")
    for url in (f"/community/groups/{group.pk}/", f"/community/posts/{post['id']}/", "/community/groups/"):
        page = client.get(url).content.decode()
        # Titles are escaped text; bodies keep no script, handler or javascript: link.
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "onmouseover" not in page and 'href="javascript:' not in page


def test_only_active_members_post_and_the_list_is_pinned_first_then_newest():
    group = a_group()
    member = member_of(group)
    stranger = client_for(UserFactory())
    assert stranger.post(posts_url(group), {"title": "Hi", "body": "x"}, format="json").status_code == 403
    first = a_post(group, member, title="First")
    second = a_post(group, member, title="Second")
    third = a_post(group, member, title="Third")
    # Only moderators pin; the author cannot.
    assert (
        client_for(member).patch(f"/api/v1/posts/{first.pk}", {"is_pinned": True}, format="json").status_code
        == 403
    )
    pinned = client_for(group.owner).patch(f"/api/v1/posts/{first.pk}", {"is_pinned": True}, format="json")
    assert pinned.json()["is_pinned"] is True
    titles = [p["title"] for p in client_for(None).get(posts_url(group)).json()["items"]]
    assert titles == ["First", "Third", "Second"]
    assert {second.pk, third.pk} <= set(Post.objects.values_list("pk", flat=True))


def test_authors_edit_their_own_posts_and_comments_only():
    group = a_group()
    author, other = member_of(group), member_of(group)
    post = a_post(group, author)
    comment = a_comment(post, author)
    assert (
        client_for(other).patch(f"/api/v1/posts/{post.pk}", {"title": "Mine"}, format="json").status_code
        == 403
    )
    edited = client_for(author).patch(f"/api/v1/posts/{post.pk}", {"body": "**New**"}, format="json").json()
    assert edited["body_html"] == "<p><strong>New</strong></p>" and edited["edited_at"] is not None
    assert (
        client_for(other).patch(f"/api/v1/comments/{comment.pk}", {"body": "x"}, format="json").status_code
        == 403
    )
    assert (
        client_for(author)
        .patch(f"/api/v1/comments/{comment.pk}", {"body": "Better"}, format="json")
        .json()["body"]
        == "Better"
    )


def test_replies_go_one_level_deep_and_notify_the_authors():
    group = a_group()
    author, alice, bob = member_of(group), member_of(group), member_of(group)
    post = a_post(group, author)
    top = a_comment(post, alice, body="Top")
    assert Notification.objects.filter(user=author, type="group_reply").count() == 1
    reply = client_for(bob).post(
        f"/api/v1/posts/{post.pk}/comments", {"body": "Reply", "parent_id": str(top.pk)}, format="json"
    )
    assert reply.status_code == 201 and reply.json()["parent_id"] == str(top.pk)
    assert Notification.objects.filter(user=alice, type="group_reply").count() == 1
    assert Notification.objects.filter(user=author, type="group_reply").count() == 2
    deeper = client_for(author).post(
        f"/api/v1/posts/{post.pk}/comments",
        {"body": "Deeper", "parent_id": reply.json()["id"]},
        format="json",
    )
    assert deeper.status_code == 400 and "parent_id" in deeper.json()["details"]
    threads = client_for(None).get(f"/api/v1/posts/{post.pk}/comments").json()["items"]
    assert [t["body"] for t in threads] == ["Top"]
    assert [r["body"] for r in threads[0]["replies"]] == ["Reply"]
    assert client_for(None).get(f"/api/v1/posts/{post.pk}").json()["comment_count"] == 2


def test_reply_notifications_follow_each_persons_type_setting(mailoutbox, django_capture_on_commit_callbacks):
    from messaging.services import notification_settings_update

    group = a_group()
    keen, quiet, commenter = member_of(group), member_of(group), member_of(group)
    notification_settings_update(user=quiet, types={"group_reply": False})
    keen_post, quiet_post = a_post(group, keen), a_post(group, quiet)
    with django_capture_on_commit_callbacks(execute=True):
        a_comment(keen_post, commenter)
        a_comment(quiet_post, commenter)
    # Both see it in the app (API.md §5: in-app cannot be switched off); only the one who kept
    # group replies on gets the e-mail.
    assert Notification.objects.filter(type="group_reply", user__in=[keen, quiet]).count() == 2
    assert [m.to for m in mailoutbox] == [[keen.email]]


def test_mentions_notify_members_only():
    group = a_group()
    author = member_of(group)
    alice = member_of(group, UserFactory(full_name="Alice Able"))
    outsider = UserFactory(full_name="Olga Outside")
    client_for(author).post(
        posts_url(group), {"title": "Hi", "body": "Thanks @alice.able and @olga.outside!"}, format="json"
    )
    assert Notification.objects.filter(user=alice, type="group_mention").count() == 1
    assert not Notification.objects.filter(user=outsider).exists()


def test_soft_delete_by_author_moderator_or_staff_is_audited_unless_its_your_own():
    group = a_group()
    author, other = member_of(group), member_of(group)
    staff = UserFactory(is_staff=True)
    mine, theirs = a_post(group, author), a_post(group, author)
    comment = a_comment(mine, author)
    assert client_for(other).delete(f"/api/v1/posts/{mine.pk}").status_code == 403
    assert client_for(author).delete(f"/api/v1/comments/{comment.pk}").status_code == 204
    assert client_for(author).delete(f"/api/v1/posts/{mine.pk}").status_code == 204
    assert not AuditEntry.objects.filter(action__startswith="community.post").exists()
    assert client_for(staff).delete(f"/api/v1/posts/{theirs.pk}").status_code == 204
    entry = AuditEntry.objects.get(action="community.post_deleted")
    assert entry.actor == staff and entry.details["staff"] is True
    # Soft: kept for the record, gone for everyone.
    assert Post.objects.filter(pk=theirs.pk, deleted_at__isnull=False).exists()
    assert client_for(None).get(f"/api/v1/posts/{theirs.pk}").status_code == 404
    assert Comment.objects.get(pk=comment.pk).deleted_at is not None


def test_posting_is_rate_limited_per_user():
    group = a_group()
    member = member_of(group)
    api = client_for(member)
    with override_settings(COMMUNITY_POST_RATE="2/min"):
        for n in range(2):
            assert (
                api.post(posts_url(group), {"title": f"P{n}", "body": "x"}, format="json").status_code == 201
            )
        limited = api.post(posts_url(group), {"title": "P3", "body": "x"}, format="json")
    assert limited.status_code == 429 and limited.json()["error"] == "RATE_LIMITED"
    assert Post.objects.filter(author=member).count() == 2


def _png(name="pic.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_attachments_are_checked_like_message_attachments(tmp_path, settings):
    settings.MESSAGING_ATTACHMENT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": None},
    }
    group = a_group(visibility="private")
    member = member_of(group)
    api = client_for(member)
    fake = SimpleUploadedFile("evil.png", b"<script>alert(1)</script>", content_type="image/png")
    refused = api.post(posts_url(group), {"title": "T", "body": "B", "files[]": [fake]}, format="multipart")
    assert refused.status_code == 400 and "files" in refused.json()["details"]
    assert not Post.objects.exists()

    posted = api.post(posts_url(group), {"title": "T", "body": "B", "files[]": [_png()]}, format="multipart")
    assert posted.status_code == 201
    attachment = posted.json()["attachments"][0]
    assert attachment["content_type"] == "image/png"
    download = api.get(attachment["download_url"])
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    # The group is private: a stranger does not learn the file exists.
    assert client_for(UserFactory()).get(attachment["download_url"]).status_code == 404
    assert PostAttachment.objects.count() == 1
    # Hidden by a moderator: gone for members (the author too), still there for moderators.
    moderator = client_for(group.owner)
    hidden = moderator.post(
        f"/api/v1/posts/{posted.json()['id']}/moderate", {"action": "hide"}, format="json"
    )
    assert hidden.status_code == 204
    assert api.get(attachment["download_url"]).status_code == 404
    assert moderator.get(attachment["download_url"]).status_code == 200


def test_strangers_get_404_or_403_on_post_and_comment_routes():
    group = a_group(visibility="private")
    author = member_of(group)
    post = a_post(group, author)
    comment = a_comment(post, author)
    stranger = client_for(UserFactory())
    assert stranger.get(f"/api/v1/posts/{post.pk}").status_code == 404
    assert stranger.patch(f"/api/v1/posts/{post.pk}", {"title": "x"}, format="json").status_code == 404
    assert stranger.delete(f"/api/v1/posts/{post.pk}").status_code == 404
    assert stranger.post(f"/api/v1/posts/{post.pk}/comments", {"body": "x"}, format="json").status_code == 404
    assert stranger.patch(f"/api/v1/comments/{comment.pk}", {"body": "x"}, format="json").status_code == 404
    assert stranger.delete(f"/api/v1/comments/{comment.pk}").status_code == 404
    public_post = a_post(a_group())
    outsider = client_for(UserFactory())
    assert outsider.patch(f"/api/v1/posts/{public_post.pk}", {"title": "x"}, format="json").status_code == 403
    assert outsider.delete(f"/api/v1/posts/{public_post.pk}").status_code == 403


def test_blank_fields_are_a_400_with_details():
    group = a_group()
    api = client_for(member_of(group))
    response = api.post(posts_url(group), {"title": "", "body": ""}, format="json")
    assert response.status_code == 400
    assert {"title", "body"} <= set(response.json()["details"])


@pytest.mark.parametrize("rows", [5, 50])
def test_post_lists_run_a_constant_number_of_queries(rows, django_assert_max_num_queries):
    group = a_group()
    authors = [member_of(group) for _ in range(3)]
    with override_settings(COMMUNITY_POST_RATE="1000/min"):
        for n in range(rows):
            a_post(group, authors[n % 3], title=f"Post {n}")
    api = client_for(authors[0])
    # The caller, the group, whether they moderate, the count, the page, the attachments.
    with django_assert_max_num_queries(6):
        response = api.get(posts_url(group), {"limit": 50})
    assert response.json()["total"] == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_comment_lists_run_a_constant_number_of_queries(rows, django_assert_max_num_queries):
    group = a_group()
    post = a_post(group)
    people = [member_of(group) for _ in range(3)]
    with override_settings(COMMUNITY_COMMENT_RATE="1000/min"):
        for n in range(rows):
            top = a_comment(post, people[n % 3], body=f"Comment {n}")
            a_comment(post, people[(n + 1) % 3], body=f"Reply {n}", parent=top)
    api = client_for(people[0])
    # The caller, the post (with its group and attachments), whether they moderate, the count,
    # the page of comments, and their replies.
    with django_assert_max_num_queries(7):
        response = api.get(f"/api/v1/posts/{post.pk}/comments", {"limit": 50})
    assert response.json()["total"] == rows


def test_an_author_without_a_name_shows_as_member_never_as_their_email():
    group = a_group()
    author = member_of(group, UserFactory(full_name="", username=None, email="secret.person@example.com"))
    a_post(group, author)
    listed = client_for(member_of(group)).get(posts_url(group)).json()["items"][0]
    assert listed["author"]["full_name"] == "Member"
    assert "secret.person" not in str(listed)
