"""Pieces every writer of the mentors app uses."""

from __future__ import annotations

import logging

from django.db import transaction

from core.errors import ValidationFailed
from mentors.models import MentorProfile
from mentors.signals import availability_changed

logger = logging.getLogger(__name__)

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(f"{field}: {message}", details={field: [message]})


def availability_changed_on_commit(mentor_id) -> None:
    """Tell listeners (bookings' waitlist) once the change is committed: before that they would
    read the old availability, and a rolled-back change must not be announced at all. The
    mentor's stored next open slot is refreshed then too (mentors.services.free_time)."""
    from mentors.services.free_time import free_time_changed_on_commit

    free_time_changed_on_commit(mentor_id)

    def send() -> None:
        # The change is already saved: a failing listener is logged, it does not fail the caller.
        for receiver, error in availability_changed.send_robust(sender=MentorProfile, mentor_id=mentor_id):
            if isinstance(error, Exception):
                logger.error(
                    "availability_changed receiver %r failed for mentor %s",
                    receiver,
                    mentor_id,
                    exc_info=(type(error), error, error.__traceback__),
                )

    transaction.on_commit(send)
