"""community API routes: groups."""

urlpatterns: list = []
