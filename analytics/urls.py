"""Site pages of analytics, one module per part."""

from django.urls import include, path

app_name = "analytics"

urlpatterns = [
    path("", include("analytics.views.urls_dashboards")),
]
