"""Reports and moderation: any member reports a post or comment with a reason; the report
hides nothing by itself and waits for the group's moderators and staff, who hide the content,
restore it, or dismiss the report. Every moderation action writes an audit entry, and a hidden
post leaves every other viewer's page at once (a live post.removed)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.services.audit import audit_entry_create
from community import live
from community.errors.groups import (
    AlreadyReported,
    CommentNotFound,
    NotAModerator,
    PostNotFound,
    ReportClosed,
    ReportNotFound,
)
from community.models.groups import (
    Comment,
    Post,
    Report,
    ReportStatus,
)
from community.selectors import groups as selectors
from community.services.posts import _readable_comment, _readable_post
from core.errors import ValidationFailed
from messaging.models import NotificationType
from messaging.services import notifications_batched, notify

HIDE, RESTORE, DISMISS = "hide", "restore", "dismiss"
ACTIONS = (HIDE, RESTORE, DISMISS)


def report_create(*, user, reason: str, details: str = "", post_id=None, comment_id=None) -> Report:
    """Report a post or a comment (exactly one). Only active members report, once per open
    report; the group's moderators are told."""
    if (post_id is None) == (comment_id is None):
        raise ValidationFailed.for_field("post_id", "Report either a post or a comment.")
    with transaction.atomic():
        if comment_id is not None:
            comment = _readable_comment(comment_id, user)
            post = comment.post
        else:
            comment, post = None, _readable_post(post_id, user)
        group = post.group
        if selectors.active_membership(group, user) is None and not user.is_staff:
            from community.errors.groups import NotAMember

            raise NotAMember("Only members of the group can report its content.")
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    group=group, post=post, comment=comment, reporter=user, reason=reason, details=details
                )
        except IntegrityError:
            raise AlreadyReported() from None
        moderators = [m.user for m in selectors.group_moderators(group) if m.user_id != user.pk]
        with notifications_batched():
            for moderator in moderators:
                notify(
                    user=moderator,
                    type=NotificationType.GROUP_REPORT,
                    title=f"A {'comment' if comment else 'post'} in {group.name} was reported",
                    body=report.get_reason_display(),
                    action_url=reverse("community:moderation"),
                    data={"group_id": group.pk, "report_id": report.pk, "post_id": post.pk},
                )
    return report


def _lock_target(*, post_id=None, comment_id=None):
    if comment_id is not None:
        target = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("post__group")
            .filter(pk=comment_id, deleted_at__isnull=True)
            .first()
        )
        if target is None:
            raise CommentNotFound()
        return target, target.post.group
    target = (
        Post.objects.select_for_update(of=("self",))
        .select_related("group")
        .filter(pk=post_id, deleted_at__isnull=True)
        .first()
    )
    if target is None:
        raise PostNotFound()
    return target, target.group


def _set_hidden(target, group, moderator, hidden: bool, *, report: Report | None, request) -> bool:
    """Hide or restore; False when it already was so. Audited either way it changes."""
    if target.is_hidden == hidden:
        return False
    now = timezone.now()
    target.hidden_at, target.hidden_by = (now, moderator) if hidden else (None, None)
    target.save(update_fields=["hidden_at", "hidden_by", "updated_at"])
    is_comment = isinstance(target, Comment)
    if is_comment:
        Post.objects.filter(pk=target.post_id).update(
            comment_count=F("comment_count") + (-1 if hidden else 1)
        )
    kind = "comment" if is_comment else "post"
    audit_entry_create(
        actor=moderator,
        action=f"community.{kind}_{'hidden' if hidden else 'restored'}",
        target=target,
        details={"group_id": group.pk, "report_id": report.pk if report else None},
        request=request,
    )
    if is_comment:
        event = {
            "type": live.COMMENT_REMOVED if hidden else live.COMMENT_NEW,
            "post_id": target.post_id,
            "comment_id": target.pk,
            "parent_id": str(target.parent_id) if target.parent_id else None,
        }
    else:
        event = {"type": live.POST_REMOVED if hidden else live.POST_NEW, "post_id": target.pk}
    live.push_on_commit(group.pk, event)
    return True


def content_moderate(*, moderator, action: str, post_id=None, comment_id=None, request=None):
    """Hide or restore a post or comment directly (from its page or the admin); open reports on
    it are closed with the outcome."""
    if action not in (HIDE, RESTORE):
        raise ValidationFailed.for_field("action", "Use hide or restore.")
    with transaction.atomic():
        target, group = _lock_target(post_id=post_id, comment_id=comment_id)
        if not selectors.can_read(group, moderator):
            raise CommentNotFound() if comment_id else PostNotFound()
        if not selectors.is_moderator(group, moderator):
            raise NotAModerator()
        _set_hidden(target, group, moderator, action == HIDE, report=None, request=request)
        _close_reports(target, moderator, ReportStatus.ACTIONED if action == HIDE else ReportStatus.DISMISSED)
    return target


def _close_reports(target, moderator, status: str) -> int:
    rows = Report.objects.filter(status=ReportStatus.OPEN)
    rows = (
        rows.filter(comment=target) if isinstance(target, Comment) else rows.filter(post=target, comment=None)
    )
    return rows.update(status=status, resolved_at=timezone.now(), resolved_by=moderator)


def report_resolve(*, report_id, moderator, action: str, request=None) -> Report:
    """hide: the content is hidden and every open report on it closed as actioned; restore: the
    content is shown again (a mistaken hide) and the report dismissed; dismiss: the report is
    closed and the content left as it is. Audited."""
    if action not in ACTIONS:
        raise ValidationFailed.for_field("action", "Use hide, restore or dismiss.")
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("group")
            .filter(pk=report_id)
            .first()
        )
        if report is None or not selectors.is_moderator(report.group, moderator):
            raise ReportNotFound()
        if report.status != ReportStatus.OPEN and action != RESTORE:
            raise ReportClosed()
        target, group = _lock_target(post_id=report.post_id, comment_id=report.comment_id)
        if action == DISMISS:
            report.status, report.resolved_at, report.resolved_by = (
                ReportStatus.DISMISSED,
                timezone.now(),
                moderator,
            )
            report.save(update_fields=["status", "resolved_at", "resolved_by"])
            audit_entry_create(
                actor=moderator,
                action="community.report_dismissed",
                target=report,
                details={"group_id": group.pk},
                request=request,
            )
        else:
            hidden = action == HIDE
            _set_hidden(target, group, moderator, hidden, report=report, request=request)
            _close_reports(target, moderator, ReportStatus.ACTIONED if hidden else ReportStatus.DISMISSED)
            if not hidden and report.status != ReportStatus.OPEN:
                report.status, report.resolved_at, report.resolved_by = (
                    ReportStatus.DISMISSED, timezone.now(), moderator,
                )  # fmt: skip
                report.save(update_fields=["status", "resolved_at", "resolved_by"])
        report.refresh_from_db()
    return report
