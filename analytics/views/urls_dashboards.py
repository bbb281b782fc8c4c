"""analytics pages: dashboards."""

urlpatterns: list = []
