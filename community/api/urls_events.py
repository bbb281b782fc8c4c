"""community API routes: events."""

urlpatterns: list = []
