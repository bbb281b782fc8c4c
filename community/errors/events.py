"""Errors of community events, each with a stable code (API.md §0)."""

from core.errors import Conflict, Forbidden, NotFound


class EventNotFound(NotFound):
    default_message = "Event not found."


class EventFull(Conflict):
    code = "EVENT_FULL"
    default_message = "This event is full."


class EventClosed(Conflict):
    default_message = "This event is cancelled or has already started."


class EnrollmentRequired(Conflict):
    """RSVP `going` on a paid workshop: people join it by enrolling in its opportunity."""

    code = "ENROLLMENT_REQUIRED"
    default_message = "This workshop is joined by enrolling in it."


class NotAHost(Forbidden):
    default_message = "Only mentors, staff and a group's owner or moderators can create events."
