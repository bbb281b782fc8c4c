"""Profile pictures: checked by content, re-encoded, stored through Django's storage API.

An upload is never stored as sent. It must be at most AVATAR_MAX_BYTES, its magic bytes must say
JPG, PNG, GIF or WebP, Pillow must open it as that very format, and it must not decode to more
than AVATAR_MAX_PIXELS (a small file that expands to gigabytes is a decompression bomb). The
picture is then turned upright, cropped square, shrunk to AVATAR_SIZE and written afresh as
JPEG (or PNG when it has transparency): EXIF (GPS position, camera serial) and anything hidden
after the image data are left behind.
"""

from __future__ import annotations

import io
import uuid
import warnings

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageOps

from accounts import errors
from accounts.models import User
from accounts.services.audit import audit_entry_create
from core.errors import ValidationFailed

# MIME type from the magic bytes -> the only Pillow decoder allowed to open it.
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}
FIELD = "file"


def picture_checked(upload: UploadedFile, *, field: str = FIELD) -> tuple[Image.Image, bool]:
    """The upload decoded as a picture, upright, and whether it has transparency; or
    VALIDATION_ERROR naming `field`. Size, magic bytes, the decoder and the pixel count are
    checked as described above (also used for portfolio project pictures)."""

    def refuse(message: str) -> ValidationFailed:
        return ValidationFailed.for_field(field, message)

    limit = settings.AVATAR_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise refuse(f"The picture is larger than {limit // (1024 * 1024)} MB.")
    upload.seek(0)
    kind = filetype.guess(upload.read(262))
    upload.seek(0)
    if kind is None or kind.mime not in PILLOW_FORMATS:
        raise refuse("Upload a JPG, PNG, GIF or WebP picture.")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between 1x and 2x its own pixel limit; treat that as refusal too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=[PILLOW_FORMATS[kind.mime]]) as opened:
                if opened.width * opened.height > settings.AVATAR_MAX_PIXELS:
                    raise refuse("The picture has too many pixels.")
                opened.seek(0)  # an animated GIF or WebP: its first frame
                picture = ImageOps.exif_transpose(opened)
                picture.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refuse("The picture has too many pixels.") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise refuse("The picture could not be read; it may be damaged.") from None

    has_alpha = picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    )
    return picture.convert("RGBA" if has_alpha else "RGB"), has_alpha


def picture_encoded(picture: Image.Image, *, has_alpha: bool) -> tuple[bytes, str]:
    """A fresh copy of `picture` (no metadata from the upload: EXIF, ICC, text chunks) as JPEG,
    or PNG when it has transparency, and its file extension."""
    clean = Image.new(picture.mode, picture.size)
    clean.paste(picture)
    out = io.BytesIO()
    if has_alpha:
        clean.save(out, format="PNG", optimize=True)
        return out.getvalue(), "png"
    clean.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue(), "jpg"


def _reencode(upload: UploadedFile) -> tuple[bytes, str]:
    """The cleaned picture and its file extension, or VALIDATION_ERROR naming `file`."""
    picture, has_alpha = picture_checked(upload)
    side = min(picture.size)
    picture = ImageOps.fit(picture, (side, side), method=Image.Resampling.LANCZOS)
    if side > settings.AVATAR_SIZE:
        picture = picture.resize((settings.AVATAR_SIZE, settings.AVATAR_SIZE), Image.Resampling.LANCZOS)
    return picture_encoded(picture, has_alpha=has_alpha)


def _delete_file(storage, name: str) -> None:
    if name:
        storage.delete(name)


def avatar_set(*, user: User, upload: UploadedFile, actor: User | None = None, request=None) -> User:
    """Replace `user`'s picture. `actor` is the staff member doing it for them (audit-logged)."""
    if user.purged_at is not None:
        raise errors.AccountPurged()
    data, extension = _reencode(upload)  # CPU work, before any transaction opens
    field = user.avatar.field
    storage = field.storage
    name = storage.save(field.generate_filename(user, f"{uuid.uuid4().hex}.{extension}"), ContentFile(data))
    try:
        with transaction.atomic():
            # Locked, so two uploads at once each delete the picture the other replaced, never
            # the one that stays.
            old_name = User.objects.select_for_update().values_list("avatar", flat=True).get(pk=user.pk)
            user.avatar.name = name
            user.avatar_uploaded_at = timezone.now()
            user.save(update_fields=["avatar", "avatar_uploaded_at", "updated_at"])
            if actor is not None and actor.pk != user.pk:
                audit_entry_create(
                    actor=actor,
                    action="user.avatar_replace",
                    target=user,
                    details={"avatar": name},
                    request=request,
                )
            transaction.on_commit(lambda: _delete_file(storage, old_name))
    except BaseException:
        storage.delete(name)  # the database still names the old picture: drop the new file
        raise
    return user


def avatar_reset(*, user: User, actor: User | None = None, request=None) -> User:
    """Back to the default picture; the stored file goes after commit."""
    storage = user.avatar.field.storage
    with transaction.atomic():
        old_name = User.objects.select_for_update().values_list("avatar", flat=True).get(pk=user.pk)
        user.avatar.name = ""
        user.avatar_uploaded_at = None
        user.save(update_fields=["avatar", "avatar_uploaded_at", "updated_at"])
        if actor is not None and actor.pk != user.pk:
            audit_entry_create(
                actor=actor,
                action="user.avatar_reset",
                target=user,
                details={"previous": old_name or None},
                request=request,
            )
        transaction.on_commit(lambda: _delete_file(storage, old_name))
    return user
