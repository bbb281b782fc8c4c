"""The list envelope of API.md §0: {"items", "total", "page", "limit", "pages"} plus headers."""

from __future__ import annotations

import math
from typing import Any

from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from core.errors import ValidationFailed

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def _positive_int(raw: str | None, *, name: str, default: int) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationFailed.for_field(name, f"'{name}' must be a whole number.") from None
    if value < 1:
        raise ValidationFailed.for_field(name, f"'{name}' must be 1 or more.")
    return value


class PagePagination(BasePagination):
    """`?page=&limit=` (default 20, at most 100). A page past the end is empty, not an error."""

    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT
    extra_keys: dict[str, dict[str, Any]] = {}

    @classmethod
    def with_keys(cls, **schemas: dict[str, Any]) -> type[PagePagination]:
        """The envelope plus summary keys next to `items` (API.md §0), each with its schema:
        `PagePagination.with_keys(unread_count={"type": "integer"})`."""
        return type(
            f"{cls.__name__}With{len(schemas)}Keys", (cls,), {"extra_keys": {**cls.extra_keys, **schemas}}
        )

    def paginate_queryset(self, queryset, request, view=None) -> list[Any]:
        self.page = _positive_int(request.query_params.get("page"), name="page", default=1)
        self.limit = min(
            _positive_int(request.query_params.get("limit"), name="limit", default=self.default_limit),
            self.max_limit,
        )
        # count() and one slice: two queries whatever the page holds.
        self.total = len(queryset) if isinstance(queryset, list) else queryset.count()
        offset = (self.page - 1) * self.limit
        if offset >= self.total:
            return []
        return list(queryset[offset : offset + self.limit])

    def get_paginated_response(self, data, **extra: Any) -> Response:
        pages = math.ceil(self.total / self.limit) if self.total else 0
        body = {"items": data, "total": self.total, "page": self.page, "limit": self.limit, "pages": pages}
        body.update(extra)
        # From the body, so a list that states its own `limit` in `extra` says the same in both.
        return Response(
            body,
            headers={
                "X-Total-Count": str(body["total"]),
                "X-Page": str(body["page"]),
                "X-Page-Size": str(body["limit"]),
            },
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["items", "total", "page", "limit", "pages", *self.extra_keys],
            "properties": {
                "items": schema,
                "total": {"type": "integer", "example": 42},
                "page": {"type": "integer", "example": 1},
                "limit": {"type": "integer", "example": DEFAULT_LIMIT},
                "pages": {"type": "integer", "example": 3},
                **self.extra_keys,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": "limit",
                "required": False,
                "in": "query",
                "description": f"Items per page (default {DEFAULT_LIMIT}, at most {MAX_LIMIT}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            },
        ]


class WholePagination(PagePagination):
    """Every row on one page, in the same envelope (API.md §0): small reference lists, and
    rankings cut at their own `limit` (which their FilterSet declares). No `page` or `limit`
    parameter of its own; a list that states the `limit` it was asked for returns it from
    `extra()`."""

    def paginate_queryset(self, queryset, request, view=None) -> list[Any]:
        rows = list(queryset)
        self.page, self.total, self.limit = 1, len(rows), len(rows)
        return rows

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        return []
