"""Pieces every API view uses, whatever its app."""

from __future__ import annotations

from typing import Any


def parsed(serializer_class, data, **kwargs) -> dict[str, Any]:
    """`data` (a body or query parameters) through an input serializer: its validated values, or
    400 VALIDATION_ERROR naming each bad field (the one exception handler renders it)."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
