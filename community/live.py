"""Live updates of community groups: one channel group per community group, joined by the
/ws/groups/{group_id}/ sockets of members viewing the group or one of its posts.

Events carry ids only ({"type": "post.new", "post_id": ...}); the page fetches the rendered item
through an ordinary request that checks who may read it, so a socket never carries content past
the rules of the REST and page routes."""

from __future__ import annotations

import uuid

from messaging import realtime

POST_NEW = "post.new"
POST_UPDATED = "post.updated"
POST_REMOVED = "post.removed"
COMMENT_NEW = "comment.new"
COMMENT_UPDATED = "comment.updated"
COMMENT_REMOVED = "comment.removed"


def group_channel(group_id: uuid.UUID | str) -> str:
    return f"community.group.{group_id}"


def push_on_commit(group_id, event: dict) -> None:
    """After the transaction commits, send `event` to every socket watching the group."""
    clean = {key: str(value) if isinstance(value, uuid.UUID) else value for key, value in event.items()}
    clean["group_id"] = str(group_id)
    realtime.push_on_commit(lambda: [([group_channel(group_id)], clean)])
