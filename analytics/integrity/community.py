"""Community counters (community app): a group's `member_count` against its active memberships
and a post's `comment_count` against its visible comments, both kept by community's services
under the group's or the post's row lock and recomputed here under the same lock. An event's
attendee count is not stored (community's selectors count the going RSVPs on every read), so it
cannot drift; what can go wrong there is more people going than the event has places, which is
only reported: who keeps a place is for staff to say.
"""

from __future__ import annotations

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from analytics.integrity.base import Check, Fix
from community.models.events import Event, EventRSVP, EventStatus
from community.models.groups import Comment, Group, GroupMembership, MembershipStatus, Post
from community.selectors.events import GOING


def _count(rows, group: str) -> Coalesce:
    value = rows.order_by().values(group).annotate(value=Count("pk")).values("value")
    return Coalesce(Subquery(value[:1]), Value(0), output_field=IntegerField())


def _members(group_id):
    return GroupMembership.objects.filter(group=group_id, status=MembershipStatus.ACTIVE)


def _visible_comments(post_id):
    return Comment.objects.filter(post=post_id, deleted_at__isnull=True, hidden_at__isnull=True)


def _groups_off():
    return Group.objects.annotate(real=_count(_members(OuterRef("pk")), "group")).exclude(
        member_count=F("real")
    )


def _posts_off():
    return Post.objects.annotate(real=_count(_visible_comments(OuterRef("pk")), "post")).exclude(
        comment_count=F("real")
    )


def _events_over_capacity():
    going = EventRSVP.objects.filter(GOING, event=OuterRef("pk"))
    return Event.objects.annotate(going=_count(going, "event")).filter(
        capacity__isnull=False, status=EventStatus.SCHEDULED, going__gt=F("capacity")
    )


def _repair_group(pk) -> Fix | None:
    # The group's row lock, which joining, leaving and approving take (community.services.groups).
    group = Group.objects.select_for_update().filter(pk=pk).first()
    if group is None:
        return None
    real = _members(group.pk).count()
    if real == group.member_count:
        return None
    Group.objects.filter(pk=pk).update(member_count=real)
    return Fix(
        code="group_member_count_differs",
        target=group,
        details={"member_count_before": group.member_count, "member_count_after": real},
    )


def _repair_post(pk) -> Fix | None:
    # The post's row lock, which hiding and restoring a comment take (community.services.moderation).
    post = Post.objects.select_for_update().filter(pk=pk).first()
    if post is None:
        return None
    real = _visible_comments(post.pk).count()
    if real == post.comment_count:
        return None
    Post.objects.filter(pk=pk).update(comment_count=real)
    return Fix(
        code="post_comment_count_differs",
        target=post,
        details={"comment_count_before": post.comment_count, "comment_count_after": real},
    )


CHECKS = [
    Check(
        code="group_member_count_differs",
        description="Community groups whose member count differs from their active memberships.",
        rows=_groups_off,
        repair_one=_repair_group,
    ),
    Check(
        code="post_comment_count_differs",
        description="Group posts whose comment count differs from their visible comments.",
        rows=_posts_off,
        repair_one=_repair_post,
    ),
    Check(
        code="event_over_capacity",
        description="Scheduled events with more people going than places.",
        rows=_events_over_capacity,
    ),
]
