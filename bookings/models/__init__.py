from bookings.models.booking import (
    FINAL_STATUSES,
    LIVE_STATUSES,
    Booking,
    BookingStatus,
    LessonType,
    Party,
    PaymentMethod,
    RefundPolicy,
)
from bookings.models.calendars import CalendarToken
from bookings.models.reminders import (
    REMINDER_OFFSETS_MINUTES,
    Reminder,
    ReminderAttempt,
    ReminderKind,
    ReminderStatus,
)
from bookings.models.reviews import ASPECTS, Review, ReviewDirection
from bookings.models.session import Recording, SessionNote, SessionParticipant
from bookings.models.waitlist import OfferStatus, WaitlistEntry, WaitlistOffer, WaitlistStatus

__all__ = [
    "ASPECTS",
    "FINAL_STATUSES",
    "LIVE_STATUSES",
    "REMINDER_OFFSETS_MINUTES",
    "Booking",
    "BookingStatus",
    "CalendarToken",
    "LessonType",
    "OfferStatus",
    "Party",
    "PaymentMethod",
    "Recording",
    "RefundPolicy",
    "Reminder",
    "ReminderAttempt",
    "ReminderKind",
    "ReminderStatus",
    "Review",
    "ReviewDirection",
    "SessionNote",
    "SessionParticipant",
    "WaitlistEntry",
    "WaitlistOffer",
    "WaitlistStatus",
]
