"""Pictures made on the spot for upload tests: real images, a PDF in disguise, a decompression bomb."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
MAKE = 0x010F


def image_bytes(fmt: str = "PNG", size=(640, 480), color=(200, 30, 30), mode="RGB", exif=None) -> bytes:
    picture = Image.new(mode, size, color)
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    picture.save(out, format=fmt, **kwargs)
    return out.getvalue()


def jpeg_with_gps(size=(800, 600)) -> bytes:
    exif = Image.Exif()
    exif[MAKE] = "SpyCam 3000"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 18.0)})
    return image_bytes("JPEG", size=size, exif=exif.tobytes())


def upload(data: bytes, name: str = "me.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A valid PNG a few kilobytes long that would decode to width x height pixels."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def padded_to(data: bytes, size: int) -> bytes:
    """The picture followed by filler up to exactly `size` bytes (decoders stop at the image's end)."""
    return data + b"\x00" * (size - len(data))
