from django.urls import path

from mentors import views

app_name = "mentors"

# Fixed words (recommended, favorites, me) come before the <uuid> of a mentor's profile.
urlpatterns = [
    path("mentors/", views.directory, name="directory"),
    path("mentors/recommended/", views.recommended, name="recommended"),
    path("mentors/favorites/", views.favorites, name="favorites"),
    path("mentors/me/", views.my_profile, name="me"),
    path("mentors/me/profile/", views.my_profile_save, name="me-profile"),
    path("mentors/me/topics/", views.my_topics_save, name="me-topics"),
    path("mentors/me/sessions/", views.my_service_add, name="me-service-add"),
    path("mentors/me/sessions/<uuid:service_id>/delete/", views.my_service_delete, name="me-service-delete"),
    path("mentors/me/submit/", views.my_submit, name="me-submit"),
    path("mentors/me/availability/", views.availability, name="availability"),
    path("mentors/me/calendars/", views.calendars, name="calendars"),
    path("mentors/me/calendars/<uuid:feed_id>/refresh/", views.calendar_refresh, name="calendar-refresh"),
    path("mentors/me/calendars/<uuid:feed_id>/remove/", views.calendar_remove, name="calendar-remove"),
    path("mentors/me/apply/<slug:step>/", views.apply, name="apply"),
    path("mentors/<uuid:mentor_id>/", views.profile, name="profile"),
    path("mentors/<uuid:mentor_id>/favorite/", views.favorite_toggle, name="favorite"),
]
