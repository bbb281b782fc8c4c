"""Checks on files attached to messages (API.md §5): at most 5, at most 10 MB each, and only
images, PDF or office documents, judged by what the bytes are rather than by the name or the
Content-Type the client claims."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image

from messaging.errors import AttachmentRejected

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
_SNIFF_BYTES = 8192  # what `filetype` reads of a file to recognise it

IMAGE_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
}
DOCUMENT_TYPES = {
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
    "application/rtf": ".rtf",
}
ALLOWED_TYPES = {**IMAGE_TYPES, **DOCUMENT_TYPES}
ALLOWED_DESCRIPTION = (
    "images (JPEG, PNG, GIF, WebP), PDF, or office documents (Word, Excel, PowerPoint, OpenDocument, RTF)"
)

_UNSAFE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f\"\\/]")


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    filename: str
    size: int
    content_type: str
    extension: str


def clean_filename(name: str) -> str:
    """The name to show and to offer on download: no folders, no control characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE_NAME_CHARS.sub("", base).strip() or "attachment"
    return base[-255:]


def _is_real_image(upload: UploadedFile) -> bool:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
    except Exception:  # Pillow raises many kinds for broken or hostile images
        return False
    finally:
        upload.seek(0)
    return True


def check_file(upload: UploadedFile) -> CheckedFile:
    name = clean_filename(upload.name)
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise AttachmentRejected.for_files(
            f"{name} is {filesizeformat(upload.size)}; each file can be at most "
            f"{filesizeformat(MAX_ATTACHMENT_BYTES)}."
        )
    if upload.size == 0:
        raise AttachmentRejected.for_files(f"{name} is empty.")
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    content_type = kind.mime if kind else None
    if content_type not in ALLOWED_TYPES:
        raise AttachmentRejected.for_files(
            f"{name} is not a file type you can attach: use {ALLOWED_DESCRIPTION}."
        )
    if content_type in IMAGE_TYPES and not _is_real_image(upload):
        raise AttachmentRejected.for_files(f"{name} is not a readable image.")
    return CheckedFile(
        upload=upload,
        filename=name,
        size=upload.size,
        content_type=content_type,
        extension=ALLOWED_TYPES[content_type],
    )


def check_files(uploads: Sequence[UploadedFile]) -> list[CheckedFile]:
    """Every file checked before anything is written, so a bad fifth file stores nothing."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise AttachmentRejected.for_files(
            f"You attached {len(uploads)} files; a message can carry at most {MAX_ATTACHMENTS}."
        )
    return [check_file(upload) for upload in uploads]
