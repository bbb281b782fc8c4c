"""Freed time goes to the waitlist: after a cancellation, decline, expiry or reschedule
commits, the mentor's waiting learners are matched again (bookings.services.waitlist)."""

from __future__ import annotations


def time_freed(booking) -> None:
    from bookings import tasks

    tasks.waitlist_match.delay_on_commit(str(booking.mentor_id))
