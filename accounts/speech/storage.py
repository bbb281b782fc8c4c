"""Where spoken clips live: a storage of their own outside MEDIA_ROOT (settings
SPEECH_CLIP_STORAGE, shaped like a STORAGES entry), never given a public URL. Only the
/api/v1/speech/{id} route reads them, for the clip's owner."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class _ClipStorage(LazyObject):
    def _setup(self) -> None:
        self._wrapped = storages.create_storage(settings.SPEECH_CLIP_STORAGE)


_storage = _ClipStorage()


def clip_storage() -> Storage:
    """The FileField's storage callable (a migration records the callable, not the backend)."""
    return _storage


@receiver(setting_changed)
def _reset_storage(*, setting: str, **kwargs) -> None:
    if setting == "SPEECH_CLIP_STORAGE":
        _storage._wrapped = empty


def clip_upload_to(instance, filename: str) -> str:
    token = uuid.uuid4().hex
    return f"speech/{token[:2]}/{token}.wav"
