"""/speech/{id}: a clip the platform spoke (accounts.speech), for its owner only."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from accounts import selectors_profiling
from core.schema import ERRORS


class SpeechClipView(APIView):
    def perform_content_negotiation(self, request, force=False):
        # An <audio> element asks for audio/*: answer with the clip, and errors in JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        tags=["speech"],
        summary="A spoken clip (its owner only)",
        description="A WAV spoken by the platform, for example a question of the onboarding interview. "
        "Anyone but the clip's owner gets 404.",
        responses={
            (200, "audio/wav"): OpenApiResponse(OpenApiTypes.BINARY, description="The clip."),
            **ERRORS(401, 404, 429),
        },
    )
    def get(self, request, id):
        clip = selectors_profiling.speech_clip_for_owner(user=request.user, clip_id=id)
        response = FileResponse(clip.file.open("rb"), content_type="audio/wav")
        # Private: no shared cache may keep one person's clip for another.
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
