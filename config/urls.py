from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from bookings import views as bookings_views
from core import views as core_views

api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("messaging.api.urls")),
    path("", include("mentors.api.urls")),
    path("", include("payments.api.urls")),
    path("", include("bookings.api.urls")),
    path("", include("learning.api.urls")),
    path("", include("community.api.urls")),
    path("", include("assistant.api.urls")),
    path("", include("analytics.api.urls")),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    # GET only: its OPTIONS rendered the Swagger page without its context (a 500).
    path(
        "docs",
        SpectacularSwaggerView.as_view(url_name="schema", http_method_names=["get", "head"]),
        name="swagger-ui",
    ),
    path("redoc", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    # Last: any other path under /api/v1/ is a NOT_FOUND in the API's error format.
    re_path(r"^(?P<unmatched>.*)$", core_views.api_not_found),
]

urlpatterns = [
    path("health", core_views.health_view, name="health"),
    path("api/v1/", include(api_v1)),
    path("admin/", admin.site.urls),
    path("social/", include("accounts.social_urls")),
    path("", include("accounts.urls")),
    path("", include("messaging.urls")),
    path("", include("mentors.urls")),
    path("", include("payments.urls")),
    path("", include("bookings.urls")),
    path("", include("learning.urls")),
    path("", include("community.urls")),
    path("", include("assistant.urls")),
    path("", include("analytics.urls")),
    # Visitors get the welcome page, signed-in people their dashboard.
    path("", bookings_views.home, name="home"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
