"""Signals mentors sends to the apps above it (a lower layer owns its signals, DESIGN.md).

availability_changed: a mentor's free time may have grown or shrunk for a reason other than a
booking of theirs: the schedule was replaced, a rule was added or removed, an external calendar's
busy time changed or a calendar was removed. Sent after commit, with sender=MentorProfile and
mentor_id=<the mentor profile's UUID>. bookings listens to offer freed time to waiting learners;
a listener recomputes what it needs, the signal says only whose time changed.

profile_viewed: somebody other than the mentor opened the mentor's public profile (the page or
GET /mentors/{id}). Sent synchronously with sender=MentorProfile and mentor_id=<UUID>; analytics
counts views per mentor per day with one upsert. A listener must stay that cheap: it runs on the
profile's request path.
"""

from django.dispatch import Signal

availability_changed = Signal()  # mentor_id
profile_viewed = Signal()  # mentor_id


def profile_view_announce(*, mentor, viewer) -> None:
    """Tell listeners a mentor's profile was viewed, unless by the mentor themself (their own
    visits are not interest from learners)."""
    if getattr(viewer, "pk", None) != mentor.user_id:
        profile_viewed.send(sender=type(mentor), mentor_id=mentor.pk)
