"""Timelines built as one UNION ALL over several tables: each source is a queryset annotated to
the same text columns and one timestamp, so the database sorts, counts and pages the whole
timeline in two queries whatever a page holds or how many sources feed it."""

from __future__ import annotations

from django.db import connection
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Coalesce, Left, NullIf, StrIndex


def person_name(prefix: str):
    """User.display_name in SQL: the full name, else the username, else the e-mail address's
    part before the @ (never the whole address: timelines show people each other's names)."""
    email = F(f"{prefix}email")
    return Coalesce(
        NullIf(F(f"{prefix}full_name"), Value("")),
        NullIf(F(f"{prefix}username"), Value("")),
        Left(email, StrIndex(email, Value("@")) - 1),
        output_field=CharField(),
    )


def text(value: str):
    return Value(value, output_field=CharField())


def union_part(rows, kind: str, columns: tuple[str, ...], **values):
    """`rows` as the union's columns in `columns` order: the first is the type (`kind`), the last
    the time; every other one is cast to text, so UUIDs, numbers and names line up."""
    named = {columns[0]: text(kind)}
    for name in columns[1:-1]:
        named[name] = Cast(values[name], CharField())
    named[columns[-1]] = values[columns[-1]]
    return rows.annotate(**named).values(*columns).order_by()


def newest_first(part, *, newest: str, cap: int):
    """Only `part`'s newest `cap` rows, where the database can limit a part of a UNION
    (PostgreSQL; SQLite cannot, and its databases are small): with an index on the time column
    each part reads `cap` index entries instead of the whole table."""
    if connection.features.supports_slicing_ordering_in_compound:
        return part.order_by(f"-{newest}", "-pk")[:cap]
    return part


def union_of(parts: list, *, newest: str, then: tuple[str, ...]):
    """One UNION ALL of the parts, newest first, ties broken by `then` so pages never overlap
    (an empty list when no part is asked for)."""
    if not parts:
        return []
    first, *rest = parts
    if not rest and first.query.is_sliced:
        return first  # one capped part: already newest first (and a slice cannot be reordered)
    return (first.union(*rest, all=True) if rest else first).order_by(f"-{newest}", *then)
