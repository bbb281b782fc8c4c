"""Site pages of bookings."""

from django.urls import path

from bookings import views

app_name = "bookings"

# Fixed words (new, requests, calendar-feed) come before the <uuid> of a booking.
urlpatterns = [
    path("bookings/", views.my_bookings, name="list"),
    path("bookings/new/", views.new, name="new"),
    path("bookings/requests/", views.requests_queue, name="requests"),
    path("bookings/calendar-feed/", views.calendar_feed_manage, name="feed-manage"),
    path("bookings/reviews/<uuid:review_id>/respond/", views.review_respond, name="review-respond"),
    path("bookings/<uuid:booking_id>/", views.detail, name="detail"),
    path("bookings/<uuid:booking_id>/edit/", views.update, name="update"),
    path("bookings/<uuid:booking_id>/confirm/", views.confirm, name="confirm"),
    path("bookings/<uuid:booking_id>/decline/", views.decline, name="decline"),
    path("bookings/<uuid:booking_id>/cancel/", views.cancel, name="cancel"),
    path("bookings/<uuid:booking_id>/reschedule/", views.reschedule, name="reschedule"),
    path("bookings/<uuid:booking_id>/join/", views.join, name="join"),
    path("bookings/<uuid:booking_id>/complete/", views.complete, name="complete"),
    path("bookings/<uuid:booking_id>/no-show/", views.no_show, name="no-show"),
    path("bookings/<uuid:booking_id>/notes/", views.note_add, name="note-add"),
    path("bookings/<uuid:booking_id>/review/", views.review, name="review"),
    path("bookings/<uuid:booking_id>/recording/share/", views.recording_share, name="recording-share"),
    path("bookings/<uuid:booking_id>/calendar.ics", views.booking_ics, name="ics"),
    path("waitlist/", views.my_waitlist, name="waitlist"),
    path("waitlist/join/<uuid:mentor_id>/", views.waitlist_join, name="waitlist-join"),
    path("waitlist/<uuid:entry_id>/leave/", views.waitlist_leave, name="waitlist-leave"),
    path("waitlist/offers/<uuid:offer_id>/", views.offer, name="offer"),
    path("waitlist/offers/<uuid:offer_id>/decline/", views.offer_decline, name="offer-decline"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
