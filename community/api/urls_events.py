"""community API routes: events (API.md §7)."""

from django.urls import path

from community.api import views_events as views

urlpatterns = [
    path("events", views.EventListCreateView.as_view(), name="events"),
    path("events/<uuid:id>", views.EventDetailView.as_view(), name="event"),
    path("events/<uuid:id>/rsvp", views.EventRSVPView.as_view(), name="event-rsvp"),
    path("events/<uuid:id>/cancel", views.EventCancelView.as_view(), name="event-cancel"),
    path("events/<uuid:id>/ics", views.EventIcsView.as_view(), name="event-ics"),
]
