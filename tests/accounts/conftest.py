"""Fixtures of the accounts tests: uploads land in a temporary media folder, never in the project."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _speech_clips_in_tmp(settings, tmp_path):
    """Spoken clips (accounts.speech) land in a temporary private folder too."""
    settings.SPEECH_CLIP_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "speech"), "base_url": None},
    }
