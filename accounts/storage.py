"""Where profile pictures are kept: settings.AVATAR_STORAGE (an S3-compatible bucket through
django-storages) when configured, else the default storage (local media).

A callable, so the choice is read from settings when the model loads in each process, and the
field's migration does not depend on the environment it was made in.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, default_storage, storages


def avatar_storage() -> Storage:
    config = getattr(settings, "AVATAR_STORAGE", None)
    if config:
        return storages.create_storage(config)
    return default_storage
