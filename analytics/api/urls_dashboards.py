"""analytics API routes: dashboards."""

urlpatterns: list = []
