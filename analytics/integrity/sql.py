"""Expressions the checks share across PostgreSQL and SQLite."""

from __future__ import annotations

from django.db import connection
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, Substr


def uuid_text(column) -> object:
    """A UUID column as the text `str(uuid)` gives ("1b4e28ba-2fa1-11d2-883f-0016d3cca427"): how
    other apps store a row's id in a plain reference column (a busy interval's `reference`).

    PostgreSQL casts its uuid type to exactly that text. SQLite stores a UUID as 32 hex digits
    without hyphens, so the hyphens go back in there. Comparing the UUID as text (rather than
    the reference cast to a UUID) never fails on a reference that is not a UUID ("offer:…").
    """
    if connection.vendor == "postgresql":
        return Cast(column, output_field=CharField())
    parts = [Substr(column, 1, 8), Substr(column, 9, 4), Substr(column, 13, 4), Substr(column, 17, 4)]
    pieces: list = []
    for part in parts:
        pieces += [part, Value("-")]
    return Concat(*pieces, Substr(column, 21, 12), output_field=CharField())
