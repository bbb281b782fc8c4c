"""Freed time goes to the waitlist: after a cancellation, decline, expiry or reschedule
commits, the mentor's waiting learners are matched again (bookings.services.waitlist)."""

from __future__ import annotations

from functools import partial

from django.db import transaction


def time_freed(booking) -> None:
    from bookings import tasks

    transaction.on_commit(partial(tasks.waitlist_match.delay, str(booking.mentor_id)), robust=True)
