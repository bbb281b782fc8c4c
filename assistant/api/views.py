"""API.md §8: the caller's agent, voice commands, auto-scheduling, auto-replies, the action log."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from assistant import selectors
from assistant.api import filters
from assistant.api import serializers as s
from assistant.services import agents, commands, replies, schedule
from bookings.api.views._common import fresh
from core.api import ListView, parsed
from core.errors import ValidationFailed
from core.schema import ERRORS

TAGS = ["assistant"]


class AgentView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Create your assistant",
        description="One per user: a second create is 409 CONFLICT.",
        request=s.AgentIn,
        responses={201: s.AgentOut, **ERRORS(400, 401, 409)},
    )
    def post(self, request):
        agent = agents.agent_create(user=request.user, data=parsed(s.AgentIn, request.data))
        return Response(s.AgentOut(agent).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        summary="Your assistant's profile and settings",
        responses={200: s.AgentOut, **ERRORS(401, 404)},
    )
    def get(self, request):
        return Response(s.AgentOut(selectors.agent_get(user=request.user)).data)

    @extend_schema(
        tags=TAGS,
        summary="Change any of your assistant's settings, including is_enabled",
        request=s.AgentIn,
        responses={200: s.AgentOut, **ERRORS(400, 401, 404)},
    )
    def patch(self, request):
        agent = selectors.agent_get(user=request.user)
        agent = agents.agent_update(agent=agent, data=parsed(s.AgentIn, request.data, partial=True))
        return Response(s.AgentOut(agent).data)


class VoiceCommandView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=TAGS,
        summary="Say or type a command",
        description="`audio` (base64, a data: URL, or a multipart file; at most 10 MB) is transcribed "
        "offline; `text` is taken as typed. The command is understood (intent and slots), carried "
        "out through the normal services with your permissions, and answered in words and as "
        "speech (`response_audio_url`, private to you). Booking, moving and cancelling first ask "
        "for a yes or no (`awaiting_confirmation`); answer with another command. A refused action "
        "keeps its normal error code in `action_taken.error`. Bad audio is 400 with "
        "`details.reason` AUDIO_TOO_LARGE, AUDIO_TOO_LONG, AUDIO_UNREADABLE or AUDIO_SILENT.",
        request={"application/json": s.VoiceCommandIn, "multipart/form-data": s.VoiceCommandMultipartIn},
        responses={200: s.VoiceCommandOut, **ERRORS(400, 401, 403, 404)},
    )
    def post(self, request):
        upload = request.FILES.get("audio")
        if upload is not None:
            if request.data.get("text"):
                raise ValidationFailed.for_field("text", "Give audio or text (one of them).")
            reply = commands.voice_command(user=request.user, audio=upload)
        else:
            data = parsed(s.VoiceCommandIn, request.data)
            reply = commands.voice_command(user=request.user, text=data.get("text"), audio=data.get("audio"))
        return Response(s.VoiceCommandOut(reply).data)


class ScheduleSessionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Let the assistant book the earliest fitting time",
        description="Needs `auto_schedule_enabled`. Picks the mentor's earliest open slot on the "
        "preferred days (any day when empty) in the preferred part of the day in your time zone "
        "(morning 06-12, afternoon 12-17, evening 17-22). A card booking is never charged by the "
        "assistant: it stays pending_payment and you are notified; credits or a package are used "
        "only when `payment_method` names them.",
        request=s.ScheduleSessionIn,
        responses={201: s.ScheduleSessionOut, **ERRORS(400, 401, 402, 403, 404, 409)},
    )
    def post(self, request):
        data = parsed(s.ScheduleSessionIn, request.data)
        done = schedule.schedule_session(user=request.user, **data)
        body = {
            "booking": fresh(request, done.booking.pk),
            "ai_decision": s.DecisionOut({"selected_time": done.selected_time, "reason": done.reason}).data,
            "voice_confirmation_sent": done.voice_confirmation_url is not None,
            "voice_confirmation_url": done.voice_confirmation_url,
        }
        # `booking` is already the bookings API's own rendering (BookingDetailOut).
        return Response(body, status=status.HTTP_201_CREATED)


class RespondMessageView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Draft (or send) a reply to a message you received",
        description="The reply is drafted from the message and your calendar (asked when you can "
        "meet, it proposes free times). It is sent, flagged ai_generated, only when "
        "`auto_respond_messages` is on and `auto_respond` is true; otherwise only the draft returns.",
        request=s.RespondMessageIn,
        responses={200: s.RespondMessageOut, **ERRORS(400, 401, 403, 404)},
    )
    def post(self, request):
        data = parsed(s.RespondMessageIn, request.data)
        done = replies.respond_message(
            user=request.user, message_id=data["message_id"], auto_respond=data["auto_respond"]
        )
        body = {"draft_text": done.draft_text, "sent": done.message is not None, "message": done.message}
        return Response(s.RespondMessageOut(body).data)


class ActionListView(ListView):
    permission_classes = [IsAuthenticated]
    serializer_class = s.AgentActionOut
    filterset_class = filters.ActionFilters

    @extend_schema(
        tags=TAGS,
        summary="What your assistant did",
        description="Newest first. Every action with its type, details, success or error code, and time.",
        responses={200: s.AgentActionOut(many=True), **ERRORS(400, 401, 404)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, **filters):
        agent = selectors.agent_get(user=self.request.user)
        return selectors.action_list(agent=agent, action_type=filters.get("action_type"))
