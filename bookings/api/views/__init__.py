"""The views of bookings' API, one module per subject (bookings.api.urls routes to them)."""

from bookings.api.views.bookings import (
    BookingCancelView,
    BookingCompleteView,
    BookingConfirmView,
    BookingDeclineView,
    BookingDetailView,
    BookingJoinView,
    BookingListCreateView,
    BookingNoShowView,
    BookingRescheduleView,
)
from bookings.api.views.calendars import (
    BookingIcsView,
    CalendarFeedView,
)
from bookings.api.views.sessions import (
    BookingNotesView,
    BookingReceiptView,
    BookingReviewView,
    BookingSessionView,
    RecordingShareView,
    RecordingView,
    ReviewRespondView,
)
from bookings.api.views.waitlist import (
    MentorWaitlistView,
    MyWaitlistView,
    OfferAcceptView,
    OfferDeclineView,
    OfferDetailView,
    OfferListView,
    WaitlistEntryView,
)

__all__ = [
    "BookingCancelView",
    "BookingCompleteView",
    "BookingConfirmView",
    "BookingDeclineView",
    "BookingDetailView",
    "BookingIcsView",
    "BookingJoinView",
    "BookingListCreateView",
    "BookingNoShowView",
    "BookingNotesView",
    "BookingReceiptView",
    "BookingRescheduleView",
    "BookingReviewView",
    "BookingSessionView",
    "CalendarFeedView",
    "MentorWaitlistView",
    "MyWaitlistView",
    "OfferAcceptView",
    "OfferDeclineView",
    "OfferDetailView",
    "OfferListView",
    "RecordingShareView",
    "RecordingView",
    "ReviewRespondView",
    "WaitlistEntryView",
]
