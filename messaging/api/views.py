"""Thin views of API.md §5: parse with an input serializer, call one service or selector, render.

Every id in a path is looked up within the caller's own conversations, messages, attachments
and notifications, so anyone else's id is a 404 (the selectors raise it).
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ListView, parsed
from core.pagination import PagePagination
from core.schema import ERRORS
from core.throttling import WindowRateThrottle, throttles
from messaging import selectors, services
from messaging.api import filters
from messaging.api import serializers as s

MESSAGING = ["messaging"]
NOTIFICATIONS = ["notifications"]


class MessagesRateThrottle(WindowRateThrottle):
    """Sending: 30 messages per minute per user (API.md §5). The chat socket and the site's
    form count against the same counter."""

    scope = "messages"

    def get_ident_for(self, request, view):
        if request.method != "POST" or not (request.user and request.user.is_authenticated):
            return None
        return str(request.user.pk)


# --- conversations --------------------------------------------------------------------------------


class ConversationListView(ListView):
    serializer_class = s.ConversationOut
    filterset_class = filters.ConversationFilters

    def rows(self, **filters):
        return selectors.conversation_list(user=self.request.user, **filters)

    @extend_schema(
        tags=MESSAGING,
        summary="Your conversations, newest first",
        responses={200: s.ConversationOut(many=True), **ERRORS(400, 401, 429)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ConversationMessagesView(ListView):
    serializer_class = s.MessageOut

    def rows(self):
        return selectors.message_list(user=self.request.user, conversation_id=self.kwargs["id"])

    @extend_schema(
        tags=MESSAGING,
        summary="Messages of a conversation, page 1 = newest",
        responses={200: s.MessageOut(many=True), **ERRORS(400, 401, 404, 429)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ConversationReadView(APIView):
    @extend_schema(
        tags=MESSAGING,
        summary="Mark everything you received in a conversation as read",
        request=None,
        responses={200: s.UpdatedOut, **ERRORS(401, 404, 429)},
    )
    def post(self, request, id):
        updated = services.conversation_mark_read(user=request.user, conversation_id=id)
        return Response({"updated": updated})


# --- messages -------------------------------------------------------------------------------------


class MessageSendView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    throttle_classes = throttles(MessagesRateThrottle)

    @extend_schema(
        tags=MESSAGING,
        summary="Send a message (the first one to someone creates the conversation)",
        description="JSON, or multipart with `files[]` (up to 5 files of at most 10 MB: images, PDF "
        "or office documents, checked by content). 30 messages per minute per user.",
        request={"application/json": s.MessageSendIn, "multipart/form-data": s.MessageSendMultipartIn},
        responses={201: s.MessageSentOut, **ERRORS(400, 401, 403, 404, 429)},
    )
    def post(self, request):
        data = parsed(s.MessageSendIn, request.data)
        files = request.FILES.getlist("files[]") + request.FILES.getlist("files")
        message = services.message_send(sender=request.user, files=files, **data)
        return Response(s.MessageSentOut(message).data, status=status.HTTP_201_CREATED)


class MessageDetailView(APIView):
    @extend_schema(
        tags=MESSAGING,
        summary="Edit your message",
        request=s.MessageEditIn,
        responses={200: s.MessageOut, **ERRORS(400, 401, 403, 404, 409, 429)},
    )
    def patch(self, request, id):
        data = parsed(s.MessageEditIn, request.data)
        message = services.message_edit(user=request.user, message_id=id, text=data["text"])
        return Response(s.MessageOut(message).data)

    @extend_schema(
        tags=MESSAGING,
        summary="Delete your message (a placeholder stays in the thread)",
        request=None,
        responses={204: None, **ERRORS(401, 403, 404, 429)},
    )
    def delete(self, request, id):
        services.message_delete(user=request.user, message_id=id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MessageReadView(APIView):
    @extend_schema(
        tags=MESSAGING,
        summary="Mark one message you received as read",
        request=None,
        responses={200: s.MessageReadOut, **ERRORS(401, 403, 404, 429)},
    )
    def post(self, request, id):
        message = services.message_mark_read(user=request.user, message_id=id)
        return Response(s.MessageReadOut({"is_read": True, "read_at": message.read_at}).data)


class UnreadCountView(APIView):
    @extend_schema(
        tags=MESSAGING,
        summary="How many messages and conversations are unread",
        responses={200: s.UnreadCountOut, **ERRORS(401, 429)},
    )
    def get(self, request):
        return Response(selectors.unread_message_counts(user=request.user))


class MessageSearchView(ListView):
    serializer_class = s.MessageSearchHitOut
    filterset_class = filters.MessageSearchFilters

    def rows(self, **filters):
        return selectors.message_search(user=self.request.user, **filters)

    def page_context(self, page, filters):
        return {"q": filters["q"]}

    @extend_schema(
        tags=MESSAGING,
        summary="Search your messages",
        description="Full-text search on PostgreSQL (stemmed, ranked); a plain substring match on "
        "the embedded database. `highlight` is HTML-escaped with matches in <mark>.",
        responses={200: s.MessageSearchHitOut(many=True), **ERRORS(400, 401, 429)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AttachmentDownloadView(APIView):
    def perform_content_negotiation(self, request, force=False):
        # A client asking for the file's bytes (Accept: application/octet-stream) gets them, and
        # errors in JSON, instead of a 406 from the JSON-only renderers.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        tags=MESSAGING,
        summary="Download an attachment (participants only)",
        responses={
            # Served in the file's own content type (image/png, application/pdf, ...).
            (200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The file."),
            **ERRORS(401, 404, 429),
        },
    )
    def get(self, request, id):
        attachment = selectors.attachment_for_participant(user=request.user, attachment_id=id)
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.filename,
            content_type=attachment.content_type,
        )
        # Private: no shared cache may keep one person's file for another.
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


# --- notifications --------------------------------------------------------------------------------


class NotificationListView(ListView):
    serializer_class = s.NotificationOut
    # API.md §0, Lists: `unread_count` next to `items`.
    pagination_class = PagePagination.with_keys(unread_count={"type": "integer", "example": 3})
    filterset_class = filters.NotificationFilters

    def rows(self, **filters):
        return selectors.notification_list(user=self.request.user, **filters)

    def extra(self, page, filters):
        return {"unread_count": selectors.notification_unread_count(user=self.request.user)}

    @extend_schema(
        tags=NOTIFICATIONS,
        summary="Your notifications, newest first, with unread_count",
        responses={200: s.NotificationOut(many=True), **ERRORS(400, 401, 429)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class NotificationReadView(APIView):
    @extend_schema(
        tags=NOTIFICATIONS,
        summary="Mark one notification read",
        request=None,
        responses={200: s.NotificationReadOut, **ERRORS(401, 404, 429)},
    )
    def post(self, request, id):
        notification = services.notification_mark_read(user=request.user, notification_id=id)
        return Response(s.NotificationReadOut(notification).data)


class NotificationReadAllView(APIView):
    @extend_schema(
        tags=NOTIFICATIONS,
        summary="Mark all your notifications read",
        request=None,
        responses={200: s.UpdatedOut, **ERRORS(401, 429)},
    )
    def post(self, request):
        return Response({"updated": services.notifications_mark_all_read(user=request.user)})


class NotificationDetailView(APIView):
    @extend_schema(
        tags=NOTIFICATIONS,
        summary="Delete one notification",
        request=None,
        responses={204: None, **ERRORS(401, 404, 429)},
    )
    def delete(self, request, id):
        services.notification_delete(user=request.user, notification_id=id)
        return Response(status=status.HTTP_204_NO_CONTENT)


def settings_body(prefs) -> dict[str, Any]:
    quiet = None
    if prefs.quiet_hours_start is not None:
        quiet = {"start": prefs.quiet_hours_start, "end": prefs.quiet_hours_end}
    body = {
        "channels": {"email": prefs.email_enabled, "push": prefs.push_enabled, "sms": prefs.sms_enabled},
        "types": selectors.types_state(prefs),
        "quiet_hours": quiet,
    }
    return s.NotificationSettingsOut(body).data


class NotificationSettingsView(APIView):
    @extend_schema(
        tags=NOTIFICATIONS,
        summary="Your notification settings",
        responses={200: s.NotificationSettingsOut, **ERRORS(401, 429)},
    )
    def get(self, request):
        return Response(settings_body(selectors.notification_settings_for(user=request.user)))

    @extend_schema(
        tags=NOTIFICATIONS,
        summary="Change some of your notification settings",
        request=s.NotificationSettingsIn,
        responses={200: s.NotificationSettingsOut, **ERRORS(400, 401, 429)},
    )
    def patch(self, request):
        data = parsed(s.NotificationSettingsIn, request.data)
        prefs = services.notification_settings_update(user=request.user, **data)
        return Response(settings_body(prefs))
