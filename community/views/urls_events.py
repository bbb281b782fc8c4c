"""community pages: events."""

from django.urls import path

from community.views import events, pages_create

urlpatterns = [
    path("community/events/", events.event_list_page, name="events"),
    path("community/events/new/", pages_create.event_new, name="event-new"),
    path("community/events/<uuid:event_id>/", events.event_page, name="event"),
    path("community/events/<uuid:event_id>/rsvp/", events.event_rsvp_page, name="event-rsvp"),
    path("community/events/<uuid:event_id>/calendar.ics", events.event_ics_page, name="event-ics"),
]
