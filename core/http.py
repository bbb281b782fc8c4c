"""Responses every app builds the same way."""

from __future__ import annotations

from django.http import HttpResponse


def download(body: bytes, *, content_type: str, filename: str, private: bool = False) -> HttpResponse:
    """A file the browser saves as `filename` (a receipt, a resume, a certificate, an .ics).
    `private`: one person's document, which no shared cache may keep for another."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
