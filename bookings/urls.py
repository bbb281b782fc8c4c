"""Site pages of bookings."""

from django.urls import path

from bookings import views

app_name = "bookings"

urlpatterns = [
    path("bookings/", views.my_bookings, name="list"),
    path("bookings/<uuid:booking_id>/", views.detail, name="detail"),
    path("waitlist/offers/<uuid:offer_id>/", views.offer, name="offer"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
