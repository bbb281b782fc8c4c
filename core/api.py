"""Pieces every API view uses, whatever its app: `parsed()` for input, and `ListView`, the one
way an API view pages a list (API.md §0, Lists).

`ListView` reads the list's parameters through its FilterSet (core/filters.py), asks `rows()`
(the app's selector) for a queryset or list, takes one page of it with `PagePagination`, and
renders the page with the output serializer. A list may add summary keys next to `items` with
`extra()`, documented with `PagePagination.with_keys(...)`.

A list that comes back whole (a small reference list, a ranking cut at its own `limit`) sets
`pagination_class = WholePagination`: the same envelope and path, every row, no `page`/`limit`.
"""

from __future__ import annotations

import abc
from typing import Any

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.filters import ListFilters, parse
from core.pagination import PagePagination


class ListView(GenericAPIView, metaclass=abc.ABCMeta):
    # No docstring: drf-spectacular would print it as the description of every list.
    # GET: a page of `rows(**filters)` in the list envelope, with X-Total-Count/X-Page/X-Page-Size.
    # Subclasses set `serializer_class` (the output serializer), `filterset_class` when the list
    # takes filters, and write `rows()`; `page_context()` and `extra()` are optional.

    pagination_class = PagePagination
    # Only for the schema: drf-spectacular documents the FilterSet's parameters through it.
    filter_backends = [DjangoFilterBackend]
    filterset_class: type[ListFilters] | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.filterset_class is None:
            cls.filter_backends = []

    def get_queryset(self):
        # The schema generator asks for the model the FilterSet describes; requests use rows().
        return self.filterset_class._meta.model.objects.none()

    def filters(self) -> dict[str, Any]:
        return parse(self.filterset_class, self.request) if self.filterset_class else {}

    @abc.abstractmethod
    def rows(self, **filters: Any):
        """The list's selector, called with the FilterSet's values: a queryset or a list."""

    def page_context(self, page: list[Any], filters: dict[str, Any]) -> dict[str, Any]:
        """Serializer context read once for the whole page (never once per row)."""
        return {}

    def extra(self, page: list[Any], filters: dict[str, Any]) -> dict[str, Any]:
        """Summary keys next to `items` (API.md §0), e.g. `unread_count`."""
        return {}

    def get(self, request, *args, **kwargs) -> Response:
        filters = self.filters()
        page = self.paginate_queryset(self.rows(**filters))
        context = {**self.get_serializer_context(), **self.page_context(page, filters)}
        data = self.get_serializer_class()(page, many=True, context=context).data
        return self.paginator.get_paginated_response(data, **self.extra(page, filters))


def parsed(serializer_class, data, **kwargs) -> dict[str, Any]:
    """`data` (a body or query parameters) through an input serializer: its validated values, or
    400 VALIDATION_ERROR naming each bad field (the one exception handler renders it)."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
