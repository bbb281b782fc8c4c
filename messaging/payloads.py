"""The JSON shapes of API.md §5, built in one place for REST responses and socket events alike,
so what a socket pushes is exactly what a client reads back over REST after reconnecting."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.utils.html import escape

from messaging.models import Attachment, Conversation, Message, Notification

# Markers PostgreSQL's ts_headline puts around matches. Private-use characters cannot come from
# a user's text in practice; the text is HTML-escaped first and the markers become <mark> after.
MARK_START = "\ue000"
MARK_STOP = "\ue001"
_HIGHLIGHT_RADIUS = 60


def iso(value: datetime | None) -> str | None:
    """UTC ISO 8601 with Z, as every response states times (DESIGN.md)."""
    if value is None:
        return None
    return value.isoformat().replace("+00:00", "Z")


def attachment(item: Attachment) -> dict[str, Any]:
    return {
        "id": str(item.id),
        "filename": item.filename,
        "size": item.size,
        "content_type": item.content_type,
    }


def message(item: Message) -> dict[str, Any]:
    return {
        "id": str(item.id),
        "conversation_id": str(item.conversation_id),
        "sender_id": str(item.sender_id),
        "recipient_id": str(item.recipient_id),
        "text": item.display_text,
        # A deleted message keeps its place in the thread but no longer offers its files.
        "attachments": [] if item.is_deleted else [attachment(a) for a in item.attachments.all()],
        "ai_generated": item.ai_generated,
        "is_read": item.is_read,
        "read_at": iso(item.read_at),
        "edited_at": iso(item.edited_at),
        "is_deleted": item.is_deleted,
        "booking_id": str(item.booking_id) if item.booking_id else None,
        "created_at": iso(item.created_at),
    }


def message_sent(item: Message) -> dict[str, Any]:
    """The 201 body of POST /messages."""
    return {
        "id": str(item.id),
        "conversation_id": str(item.conversation_id),
        "created_at": iso(item.created_at),
        "is_delivered": item.is_delivered,
        "attachments": [attachment(a) for a in item.attachments.all()],
    }


def participant(user) -> dict[str, Any]:
    return {
        "id": str(user.id),
        "full_name": user.full_name or user.display_name,
        "avatar_url": user.avatar_url,
        "roles": user.roles,
    }


def conversation(item: Conversation, *, user) -> dict[str, Any]:
    last = item.last_message
    return {
        "id": str(item.id),
        "participant": participant(item.other(user)),
        "last_message": None
        if last is None
        else {
            "id": str(last.id),
            "text": last.display_text,
            "sender_id": str(last.sender_id),
            "created_at": iso(last.created_at),
            "is_read": last.is_read,
        },
        "unread_count": getattr(item, "unread_count", 0),
        "booking_id": str(item.booking_id) if item.booking_id else None,
    }


def highlight(text: str, query: str, *, marked: str | None = None) -> str:
    """An HTML-safe excerpt with matches in <mark>. `marked` is PostgreSQL's ts_headline output
    (with MARK_START/MARK_STOP); without it (SQLite) the first plain match is marked here."""
    if marked is not None:
        return escape(marked).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    match = re.search(re.escape(query), text, flags=re.IGNORECASE) if query else None
    if match is None:
        return escape(text[: 2 * _HIGHLIGHT_RADIUS])
    start = max(0, match.start() - _HIGHLIGHT_RADIUS)
    end = min(len(text), match.end() + _HIGHLIGHT_RADIUS)
    return "".join(
        [
            "…" if start else "",
            escape(text[start : match.start()]),
            "<mark>",
            escape(match.group(0)),
            "</mark>",
            escape(text[match.end() : end]),
            "…" if end < len(text) else "",
        ]
    )


def search_hit(item: Message, *, query: str) -> dict[str, Any]:
    return {
        **message(item),
        "highlight": highlight(item.text, query, marked=getattr(item, "headline", None)),
    }


def notification(item: Notification) -> dict[str, Any]:
    return {
        "id": str(item.id),
        "type": item.type,
        "title": item.title,
        "body": item.body,
        "action_url": item.action_url,
        "data": item.data,
        "is_read": item.is_read,
        "read_at": iso(item.read_at),
        "created_at": iso(item.created_at),
    }
