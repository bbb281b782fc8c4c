"""community pages: events."""

urlpatterns: list = []
