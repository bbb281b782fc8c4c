"""Errors of the bookings app, each with a stable code of API.md §0."""

from core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mentors.errors import SlotNotAvailable

__all__ = [
    "AlreadyReviewed",
    "BookingNotFound",
    "CannotBookYourself",
    "IllegalTransition",
    "NotAParty",
    "NotYet",
    "OfferNotFound",
    "OfferNotOpen",
    "RecordingNotFound",
    "ReviewNotAllowed",
    "ReviewNotFound",
    "SlotNotAvailable",
    "WaitlistEntryNotFound",
]


class BookingNotFound(NotFound):
    default_message = "Booking not found."


class IllegalTransition(Conflict):
    default_message = "The booking cannot change like that from its current status."


class CannotBookYourself(ValidationFailed):
    default_message = "You cannot book a session with yourself."


class NotAParty(Forbidden):
    default_message = "Only the booking's mentor can do this."


class NotYet(Conflict):
    default_message = "It is too early for this."


class ReviewNotAllowed(Conflict):
    default_message = "This booking cannot be reviewed."


class AlreadyReviewed(Conflict):
    default_message = "You have already reviewed this booking."


class ReviewNotFound(NotFound):
    default_message = "Review not found."


class RecordingNotFound(NotFound):
    default_message = "No shared recording of this session."


class WaitlistEntryNotFound(NotFound):
    default_message = "Waitlist entry not found."


class OfferNotFound(NotFound):
    default_message = "Offer not found."


class OfferNotOpen(Conflict):
    default_message = "This offer is no longer open."
