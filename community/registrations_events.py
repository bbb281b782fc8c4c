"""What the events part registers with the lower apps that cannot import it (DESIGN.md): its
entries in bookings' calendar feed, and a receiver of learning's enrollment_confirmed (a
confirmed enrollment in a paid workshop is going to its events)."""

from __future__ import annotations


def _enrollment_confirmed(sender, enrollment, **kwargs) -> None:
    # Inside learning's transaction: the RSVP and its reminder commit with the enrollment.
    from community.services.events import enrollment_confirmed

    enrollment_confirmed(enrollment=enrollment)


def _feed_entries(*, user, now, stamp):
    from community.services.events_calendar import feed_entries

    return feed_entries(user=user, now=now, stamp=stamp)


def register_all() -> None:
    from bookings.calendar_entries import register_feed_entries
    from learning.signals import enrollment_confirmed

    register_feed_entries(_feed_entries)
    enrollment_confirmed.connect(_enrollment_confirmed, dispatch_uid="community-events-enrollment-confirmed")
