"""/ai-profiling/sessions (the onboarding interview), /users/me/ai-profile and
/speech/transcriptions. Sessions are reachable only by their owner: anyone else gets 404."""

from __future__ import annotations

import io

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors_profiling as selectors
from accounts.api import profiling_serializers as s
from accounts.profiling import services
from accounts.speech import AudioRejected, read_audio, transcribe
from core.schema import ERRORS

TAGS = ["ai-profiling"]
# Room for the other fields of a JSON answer next to the base64 recording.
_JSON_SLACK = 64 * 1024


class AudioBodyMixin:
    """Views that take a recording as base64 in JSON read bodies up to the recording limit
    (settings.SPEECH_MAX_BYTES, as base64) instead of Django's general DATA_UPLOAD_MAX_MEMORY_SIZE,
    and refuse anything larger as AUDIO_TOO_LARGE (a 400, not Django's 400 page or a 500).
    Multipart uploads stream to Django's upload handlers and are checked by size in read_audio."""

    def initialize_request(self, request, *args, **kwargs):
        self._audio_too_large = False
        if (request.content_type or "").endswith("json"):
            length = int(request.META.get("CONTENT_LENGTH") or 0)
            limit = settings.SPEECH_MAX_BYTES * 4 // 3 + _JSON_SLACK
            if length > limit:
                self._audio_too_large = True
                request._body = b"{}"
            elif length:
                request._body = request.read(length)
            request._stream = io.BytesIO(request._body) if hasattr(request, "_body") else request._stream
        return super().initialize_request(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self._audio_too_large:
            limit_mb = settings.SPEECH_MAX_BYTES / (1024 * 1024)
            raise AudioRejected(AudioRejected.TOO_LARGE, f"The recording is larger than {limit_mb:g} MB.")


def profile_data(profile) -> dict:
    return s.AIProfileOut(
        {
            "passions": profile.passions,
            "skills": profile.skills,
            "goals": profile.goals,
            "time_commitment": profile.time_commitment,
            "hours_per_week": profile.hours_per_week,
            "schedule": profile.schedule,
            "learning_style": profile.learning_style,
            "recommended_categories": profile.recommended_categories,
            "session_id": profile.session_id,
            "updated_at": profile.updated_at,
        }
    ).data


class SessionsView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Start the onboarding interview",
        description="Questions adapt to your persona and to your earlier answers. For persona disabled "
        "each question also comes as speech, and the assistant is offered (`ai_agent_id`).",
        request=None,
        responses={201: s.SessionStartOut, **ERRORS(401, 429)},
    )
    def post(self, request):
        started = services.session_start(user=request.user)
        body = {
            "session_id": started.session.pk,
            "step": 1,
            "total_steps": started.session.total_steps,
            "first_question": started.question.text,
            "first_question_audio_url": started.audio_url,
            "ai_agent_id": started.ai_agent_id,
        }
        return Response(s.SessionStartOut(body).data, status=status.HTTP_201_CREATED)


class AnswersView(AudioBodyMixin, APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=TAGS,
        summary="Answer a question, typed or spoken",
        description="`audio` (answer_type voice) is base64 in JSON or a file in multipart: WAV, WebM, Ogg or "
        "MP3, at most 10 MB and 2 minutes. It is transcribed on the server and the transcription returned. "
        "A recording that cannot be used is a 400 with `details.audio` and `details.reason` "
        "(AUDIO_TOO_LARGE, AUDIO_TOO_LONG, AUDIO_UNREADABLE, AUDIO_SILENT) and nothing is saved. "
        "Sending an earlier step again replaces that answer.",
        request={"application/json": s.AnswerIn, "multipart/form-data": s.AnswerIn},
        responses={200: s.AnswerOut, **ERRORS(400, 401, 404, 409, 429)},
    )
    def post(self, request, id):
        data = s.AnswerIn(data=request.data)
        data.is_valid(raise_exception=True)
        answered = services.answer_submit(user=request.user, session_id=id, **data.validated_data)
        nxt = answered.next_question
        body = {
            "session_id": answered.session.pk,
            "answered_step": answered.answered_step,
            "step": nxt.step if nxt else None,
            "total_steps": answered.session.total_steps,
            "next_question": nxt.text if nxt else None,
            "transcription": answered.transcription,
            "ai_response_audio_url": answered.audio_url,
            "ready_to_complete": nxt is None,
        }
        return Response(s.AnswerOut(body).data)


class CompleteView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Complete the interview and build your AI profile",
        description="Builds the profile from the answers (skills matched to the taxonomy with a level each, "
        "goals, time, learning style, recommended categories with a reason), adds the skills to your "
        "profile with source ai_profiling and sets onboarding_completed. Only the last completed "
        "interview counts.",
        request=None,
        responses={200: s.CompleteOut, **ERRORS(400, 401, 404, 409, 429)},
    )
    def post(self, request, id):
        done = services.session_complete(user=request.user, session_id=id)
        body = {
            "profile": profile_data(done.profile),
            "next_steps": {"action": "find_mentor", "suggested_subcategories": done.suggested_subcategories},
        }
        return Response(body)


class MyAIProfileView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Your AI profile",
        description="From your last completed interview, with your hand edits. The embedding is not exposed. "
        "404 until an interview is completed.",
        responses={200: s.AIProfileOut, **ERRORS(401, 404, 429)},
    )
    def get(self, request):
        return Response(profile_data(selectors.ai_profile_of(user=request.user)))

    @extend_schema(
        tags=TAGS,
        summary="Edit your AI profile",
        description="Passions, goals, time commitment and learning style. A full re-profile means starting "
        "a new interview.",
        request=s.AIProfilePatchIn,
        responses={200: s.AIProfileOut, **ERRORS(400, 401, 404, 429)},
    )
    def patch(self, request):
        data = s.AIProfilePatchIn(data=request.data)
        data.is_valid(raise_exception=True)
        profile = services.ai_profile_update(user=request.user, **data.validated_data)
        return Response(profile_data(profile))


class TranscriptionsView(AudioBodyMixin, APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=["speech"],
        summary="Transcribe a recording",
        description="Speech to text on the server (nothing is stored): the interview page shows the "
        "transcription for the learner to correct before sending it. Same limits and 400s as the "
        "interview's `audio`.",
        request={"application/json": s.TranscriptionIn, "multipart/form-data": s.TranscriptionIn},
        responses={200: s.TranscriptionOut, **ERRORS(400, 401, 429)},
    )
    def post(self, request):
        data = s.TranscriptionIn(data=request.data)
        data.is_valid(raise_exception=True)
        audio = read_audio(data.validated_data["audio"])
        text = transcribe(audio)
        if not text:
            raise AudioRejected(
                AudioRejected.SILENT, "No words could be made out. Please try again, or type."
            )
        return Response(
            s.TranscriptionOut({"transcription": text, "duration_s": round(audio.duration_s, 2)}).data
        )
