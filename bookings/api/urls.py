"""Routes of API.md §3, and issue 8's waitlists and the calendar feed."""

from django.urls import path

from bookings.api import views

urlpatterns = [
    path("bookings", views.BookingListCreateView.as_view(), name="bookings"),
    path("bookings/<uuid:id>", views.BookingDetailView.as_view(), name="booking"),
    path("bookings/<uuid:id>/confirm", views.BookingConfirmView.as_view(), name="booking-confirm"),
    path("bookings/<uuid:id>/decline", views.BookingDeclineView.as_view(), name="booking-decline"),
    path("bookings/<uuid:id>/cancel", views.BookingCancelView.as_view(), name="booking-cancel"),
    path("bookings/<uuid:id>/reschedule", views.BookingRescheduleView.as_view(), name="booking-reschedule"),
    path("bookings/<uuid:id>/join", views.BookingJoinView.as_view(), name="booking-join"),
    path("bookings/<uuid:id>/complete", views.BookingCompleteView.as_view(), name="booking-complete"),
    path("bookings/<uuid:id>/mark-no-show", views.BookingNoShowView.as_view(), name="booking-no-show"),
    path("bookings/<uuid:id>/session", views.BookingSessionView.as_view(), name="booking-session"),
    path("bookings/<uuid:id>/notes", views.BookingNotesView.as_view(), name="booking-notes"),
    path("bookings/<uuid:id>/recording", views.RecordingView.as_view(), name="booking-recording"),
    path(
        "bookings/<uuid:id>/recording/share",
        views.RecordingShareView.as_view(),
        name="booking-recording-share",
    ),
    path("bookings/<uuid:id>/receipt", views.BookingReceiptView.as_view(), name="booking-receipt"),
    path("bookings/<uuid:id>/review", views.BookingReviewView.as_view(), name="booking-review"),
    path("bookings/<uuid:id>/ics", views.BookingIcsView.as_view(), name="booking-ics"),
    path("reviews/<uuid:id>/respond", views.ReviewRespondView.as_view(), name="review-respond"),
    path("calendar-feed", views.CalendarFeedView.as_view(), name="calendar-feed"),
    path("mentors/<uuid:id>/waitlist", views.MentorWaitlistView.as_view(), name="mentor-waitlist"),
    path("waitlist/me", views.MyWaitlistView.as_view(), name="waitlist-me"),
    path("waitlist/<uuid:id>", views.WaitlistEntryView.as_view(), name="waitlist-entry"),
    path("waitlist-offers", views.OfferListView.as_view(), name="waitlist-offers"),
    path("waitlist-offers/<uuid:id>", views.OfferDetailView.as_view(), name="waitlist-offer"),
    path("waitlist-offers/<uuid:id>/accept", views.OfferAcceptView.as_view(), name="waitlist-offer-accept"),
    path(
        "waitlist-offers/<uuid:id>/decline", views.OfferDeclineView.as_view(), name="waitlist-offer-decline"
    ),
]
