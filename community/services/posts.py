"""Writes of posts and comments: write, edit, pin, soft-delete. Bodies are Markdown, rendered
once when written through learning.markdown (nh3: no script, no event handlers, no
`javascript:` links, `rel` on outside links); titles are plain text that templates escape.

Posting is limited per user (COMMUNITY_POST_RATE, COMMUNITY_COMMENT_RATE, counted in the cache),
so one account cannot flood a group. Replies to your post or comment and @mentions of members
notify them through notify(), which honours each person's per-type settings."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.services.audit import audit_entry_create
from community import live
from community.errors.groups import (
    CommentNotFound,
    ContentGone,
    GroupArchived,
    NotAllowedToDelete,
    NotAMember,
    NotAModerator,
    NotTheAuthor,
    PostingTooFast,
    PostNotFound,
)
from community.models.groups import Comment, GroupMembership, MembershipStatus, Post, PostAttachment
from community.selectors import groups as selectors
from core import throttling
from core.errors import ValidationFailed
from learning import markdown
from messaging.attachments import check_files
from messaging.models import NotificationType
from messaging.services import notifications_batched, notify

# @alice.able or @alice_able: a member's username, or their full name with dots or underscores
# for spaces.
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9][\w.\-]{1,60})")


def _throttle(scope: str, user, rate: str) -> None:
    allowed, state = throttling.hit(scope=scope, ident=str(user.pk), rate=rate)
    if not allowed:
        retry = max(1, int(state.reset - time.time())) if state else 1
        raise PostingTooFast(details={"retry_after": retry})


def _require_member(group, user) -> None:
    if group.is_archived:
        raise GroupArchived()
    if selectors.active_membership(group, user) is None:
        raise NotAMember()


def _readable_post(post_id, user, *, lock: bool = False) -> Post:
    rows = Post.objects.select_related("group", "author")
    if lock:
        rows = rows.select_for_update(of=("self",))
    post = rows.filter(pk=post_id, deleted_at__isnull=True).first()
    if post is None or not selectors.may_see_post(post, user):
        raise PostNotFound()
    return post


def _clean_text(value: str, field: str, *, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed.for_field(field, "This field may not be blank.")
    if len(value) > max_length:
        raise ValidationFailed.for_field(field, f"Use at most {max_length} characters.")
    if "\x00" in value:
        raise ValidationFailed.for_field(field, "Null characters are not allowed.")
    return value


def mentioned_members(group, text: str, *, exclude_user_id=None) -> list:
    """Active members of `group` that `text` mentions (@username or @full.name), at most
    COMMUNITY_MAX_MENTIONS of them."""
    handles = {h.rstrip(".-").lower() for h in MENTION.findall(text or "")}
    handles = sorted(h for h in handles if h)[: settings.COMMUNITY_MAX_MENTIONS]
    if not handles:
        return []
    wanted = Q()
    for handle in handles:
        wanted |= Q(user__username__iexact=handle)
        wanted |= Q(user__full_name__iexact=re.sub(r"[._]", " ", handle))
    members = (
        GroupMembership.objects.select_related("user")
        .filter(group=group, status=MembershipStatus.ACTIVE)
        .filter(wanted)
        .exclude(user_id=exclude_user_id)[: settings.COMMUNITY_MAX_MENTIONS]
    )
    return [m.user for m in members]


def _post_url(post: Post, comment: Comment | None = None) -> str:
    url = reverse("community:post", args=[post.pk])
    return f"{url}#comment-{comment.pk}" if comment is not None else url


def _notify_mentions(*, group, author, text: str, url: str, data: dict, skip: set) -> None:
    for person in mentioned_members(group, text, exclude_user_id=author.pk):
        if person.pk in skip:
            continue
        skip.add(person.pk)
        notify(
            user=person,
            type=NotificationType.GROUP_MENTION,
            title=f"{author.full_name or 'A member'} mentioned you in {group.name}",
            action_url=url,
            data=data,
        )


def post_create(
    *, group_id, user, title: str, body: str, files: Sequence = (), rate_limited: bool = True
) -> Post:
    """A member posts. `rate_limited=False` only for the demo seed, which writes as its people."""
    title = _clean_text(title, "title", max_length=200)
    body = _clean_text(body, "body", max_length=20000)
    checked = check_files(list(files))
    with transaction.atomic():
        group = selectors.readable_groups(user).filter(pk=group_id).first()
        if group is None:
            from community.errors.groups import GroupNotFound

            raise GroupNotFound()
        _require_member(group, user)
        # Counted last, once the post is sure to be accepted: a refused post costs no quota.
        if rate_limited:
            _throttle("community-posts", user, settings.COMMUNITY_POST_RATE)
        post = Post.objects.create(
            group=group, author=user, title=title, body=body, body_html=markdown.render(body)
        )
        for item in checked:
            PostAttachment.objects.create(
                post=post,
                file=item.upload,
                filename=item.filename,
                size=item.size,
                content_type=item.content_type,
            )
        with notifications_batched():
            _notify_mentions(
                group=group,
                author=user,
                text=body,
                url=_post_url(post),
                data={"group_id": group.pk, "post_id": post.pk},
                skip=set(),
            )
        live.push_on_commit(group.pk, {"type": live.POST_NEW, "post_id": post.pk})
    return post


def post_update(
    *, post_id, user, title: str | None = None, body: str | None = None, is_pinned: bool | None = None
) -> Post:
    """The author edits the title or body; the group's moderators (and staff) pin or unpin."""
    with transaction.atomic():
        post = _readable_post(post_id, user, lock=True)
        if post.group.is_archived:
            raise GroupArchived()
        changed = []
        if title is not None or body is not None:
            if post.author_id != user.pk:
                raise NotTheAuthor()
            if title is not None:
                post.title = _clean_text(title, "title", max_length=200)
                changed.append("title")
            if body is not None:
                post.body = _clean_text(body, "body", max_length=20000)
                post.body_html = markdown.render(post.body)
                changed += ["body", "body_html"]
            post.edited_at = timezone.now()
            changed.append("edited_at")
        if is_pinned is not None and is_pinned != post.is_pinned:
            if not selectors.is_moderator(post.group, user):
                raise NotAModerator("Only the group's moderators can pin posts.")
            post.is_pinned = is_pinned
            changed.append("is_pinned")
        if changed:
            post.save(update_fields=[*changed, "updated_at"])
            live.push_on_commit(post.group_id, {"type": live.POST_UPDATED, "post_id": post.pk})
    return post


def _delete_allowed(group, author_id, user) -> bool:
    return author_id == user.pk or selectors.is_moderator(group, user)


def post_delete(*, post_id, user, request=None) -> None:
    """Soft-delete: the post is gone for everyone and kept for the record. When anyone but the
    author deletes it (a moderator, staff) the deletion is audit-logged."""
    with transaction.atomic():
        post = _readable_post(post_id, user, lock=True)
        if not _delete_allowed(post.group, post.author_id, user):
            raise NotAllowedToDelete()
        post.deleted_at, post.deleted_by = timezone.now(), user
        post.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        if post.author_id != user.pk:
            audit_entry_create(
                actor=user,
                action="community.post_deleted",
                target=post,
                details={"group_id": post.group_id, "author_id": post.author_id, "staff": user.is_staff},
                request=request,
            )
        live.push_on_commit(post.group_id, {"type": live.POST_REMOVED, "post_id": post.pk})


def _readable_comment(comment_id, user, *, lock: bool = False) -> Comment:
    rows = Comment.objects.select_related("post__group", "author")
    if lock:
        rows = rows.select_for_update(of=("self",))
    comment = rows.filter(pk=comment_id, deleted_at__isnull=True, post__deleted_at__isnull=True).first()
    if comment is None or not selectors.may_see_post(comment.post, user):
        raise CommentNotFound()
    if comment.is_hidden and not selectors.is_moderator(comment.post.group, user):
        raise CommentNotFound()
    return comment


def comment_create(
    *, post_id, user, body: str, parent_id: uuid.UUID | None = None, rate_limited: bool = True
) -> Comment:
    """A member comments; with `parent_id` it replies to a top-level comment (one level deep).
    The post's author and the parent comment's author are told, and mentioned members."""
    body = _clean_text(body, "body", max_length=5000)
    with transaction.atomic():
        post = _readable_post(post_id, user)
        _require_member(post.group, user)
        parent = None
        if parent_id is not None:
            parent = (
                Comment.objects.select_related("author")
                .filter(pk=parent_id, post=post, deleted_at__isnull=True, hidden_at__isnull=True)
                .first()
            )
            if parent is None:
                raise ValidationFailed.for_field("parent_id", "No such comment on this post.")
            if parent.parent_id is not None:
                raise ValidationFailed.for_field(
                    "parent_id", "Replies go one level deep: reply to the top-level comment."
                )
        if rate_limited:
            _throttle("community-comments", user, settings.COMMUNITY_COMMENT_RATE)
        comment = Comment.objects.create(
            post=post, parent=parent, author=user, body=body, body_html=markdown.render(body)
        )
        Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
        url = _post_url(post, comment)
        data = {"group_id": post.group_id, "post_id": post.pk, "comment_id": comment.pk}
        told = {user.pk}
        name = user.full_name or "A member"
        with notifications_batched():
            if parent is not None and parent.author_id not in told:
                told.add(parent.author_id)
                notify(
                    user=parent.author,
                    type=NotificationType.GROUP_REPLY,
                    title=f"{name} replied to your comment",
                    body=post.title,
                    action_url=url,
                    data=data,
                )
            if post.author_id not in told:
                told.add(post.author_id)
                notify(
                    user=post.author,
                    type=NotificationType.GROUP_REPLY,
                    title=f"{name} commented on your post",
                    body=post.title,
                    action_url=url,
                    data=data,
                )
            _notify_mentions(group=post.group, author=user, text=body, url=url, data=data, skip=told)
        live.push_on_commit(
            post.group_id,
            {
                "type": live.COMMENT_NEW,
                "post_id": post.pk,
                "comment_id": comment.pk,
                "parent_id": str(parent.pk) if parent else None,
            },
        )
    return comment


def comment_update(*, comment_id, user, body: str) -> Comment:
    body = _clean_text(body, "body", max_length=5000)
    with transaction.atomic():
        comment = _readable_comment(comment_id, user, lock=True)
        if comment.post.group.is_archived:
            raise GroupArchived()
        if comment.author_id != user.pk:
            raise NotTheAuthor()
        comment.body, comment.body_html, comment.edited_at = body, markdown.render(body), timezone.now()
        comment.save(update_fields=["body", "body_html", "edited_at", "updated_at"])
        live.push_on_commit(
            comment.post.group_id,
            {"type": live.COMMENT_UPDATED, "post_id": comment.post_id, "comment_id": comment.pk},
        )
    return comment


def comment_delete(*, comment_id, user, request=None) -> None:
    with transaction.atomic():
        comment = _readable_comment(comment_id, user, lock=True)
        if comment.deleted_at is not None:
            raise ContentGone()
        if not _delete_allowed(comment.post.group, comment.author_id, user):
            raise NotAllowedToDelete()
        comment.deleted_at, comment.deleted_by = timezone.now(), user
        comment.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        if comment.hidden_at is None:
            Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") - 1)
        if comment.author_id != user.pk:
            audit_entry_create(
                actor=user,
                action="community.comment_deleted",
                target=comment,
                details={"post_id": comment.post_id, "author_id": comment.author_id, "staff": user.is_staff},
                request=request,
            )
        live.push_on_commit(
            comment.post.group_id,
            {"type": live.COMMENT_REMOVED, "post_id": comment.post_id, "comment_id": comment.pk},
        )
