"""learning's routes of API.md §6, one module per part (catalogue, enrollment and paths here;
rewards adds its own module)."""

from django.urls import include, path

urlpatterns = [
    path("", include("learning.api.urls_learning")),
    path("", include("learning.api.urls_rewards")),
]
