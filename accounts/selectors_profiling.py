"""Reads of the onboarding interview, the AI profile and spoken clips."""

from __future__ import annotations

import uuid

from accounts.models import SpeechClip
from core.errors import NotFound


def speech_clip_for_owner(*, user, clip_id: uuid.UUID) -> SpeechClip:
    """The clip, if `user` owns it; anyone else gets NotFound (it is not theirs to know about)."""
    clip = SpeechClip.objects.filter(pk=clip_id, owner=user).first()
    if clip is None:
        raise NotFound("No such clip.")
    return clip


def ai_profile_of(*, user):
    from accounts.models import AIProfile

    profile = AIProfile.objects.filter(user=user).first()
    if profile is None:
        raise NotFound("You have no AI profile yet: complete the onboarding interview first.")
    return profile


def interview_in_progress(*, user):
    """The learner's latest unfinished interview, with its answers, or None."""
    from accounts.models import ProfilingSession, ProfilingStatus

    return (
        ProfilingSession.objects.filter(user=user, status=ProfilingStatus.IN_PROGRESS)
        .prefetch_related("answers")
        .order_by("-created_at")
        .first()
    )
