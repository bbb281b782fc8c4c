"""Site pages of learning: one module per part (catalogue, my learning, paths, authoring here;
rewards adds its own module)."""

from django.urls import include, path

app_name = "learning"

urlpatterns = [
    path("", include("learning.views.urls")),
    path("", include("learning.views.urls_rewards")),
]
