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
