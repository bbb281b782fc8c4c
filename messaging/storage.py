"""Where message attachments live: a storage of their own, outside MEDIA_ROOT.

Files are written under random names and never get a public URL: the only way to read one is
the download endpoint, which checks that the caller is one of the two participants. The backend
is a setting (MESSAGING_ATTACHMENT_STORAGE, shaped like an entry of STORAGES), so a deployment
can move attachments to object storage without touching the code.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class _AttachmentStorage(LazyObject):
    def _setup(self) -> None:
        self._wrapped = storages.create_storage(settings.MESSAGING_ATTACHMENT_STORAGE)


_storage = _AttachmentStorage()


def attachment_storage() -> Storage:
    """The FileField's storage callable (a migration records the callable, not the backend)."""
    return _storage


@receiver(setting_changed)
def _reset_storage(*, setting: str, **kwargs) -> None:
    if setting == "MESSAGING_ATTACHMENT_STORAGE":
        _storage._wrapped = empty


def attachment_upload_to(instance, filename: str) -> str:
    # Random, two-level name: unguessable, and no directory grows past a few thousand entries.
    # Only the extension of the type detected from the content is kept; the uploader's own file
    # name is stored in the row for the download's Content-Disposition.
    token = uuid.uuid4().hex
    suffix = PurePosixPath(filename).suffix.lower()
    return f"attachments/{token[:2]}/{token}{suffix}"
