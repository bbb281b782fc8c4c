"""community pages: groups."""

urlpatterns: list = []
