"""The categories a user's skill is filed under.

The taxonomy belongs to the mentors app (DESIGN.md), which sits above accounts, so accounts may
not import it. `UserSkill.category_id` is therefore a plain reference, and the mentors app
registers how to read category names at start-up (mentors.apps.MentorsConfig.ready). Without a
registered taxonomy a skill simply has no category.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple
from uuid import UUID


class CategoryRef(NamedTuple):
    id: UUID
    name: str


_names: Callable[[set[UUID]], dict[UUID, str]] | None = None
_choices: Callable[[], list[CategoryRef]] | None = None


def register(
    *, names: Callable[[set[UUID]], dict[UUID, str]], choices: Callable[[], list[CategoryRef]]
) -> None:
    global _names, _choices
    _names, _choices = names, choices


def category_names(ids: Iterable[UUID | None]) -> dict[UUID, str]:
    """Names of the given categories in one query; unknown ids are left out."""
    wanted = {i for i in ids if i}
    if not wanted or _names is None:
        return {}
    return _names(wanted)


def category_choices() -> list[CategoryRef]:
    """The categories a person can file a skill under (the top-level ones)."""
    return _choices() if _choices is not None else []


def attach_categories(rows: Iterable) -> list:
    """Give each UserSkill row a `category` (CategoryRef or None), for all rows in one query."""
    rows = list(rows)
    names = category_names(row.category_id for row in rows)
    for row in rows:
        row.category = (
            CategoryRef(row.category_id, names[row.category_id]) if row.category_id in names else None
        )
    return rows
