"""Pieces every writer of the mentors app uses."""

from __future__ import annotations

from core.errors import ValidationFailed

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(f"{field}: {message}", details={field: [message]})
