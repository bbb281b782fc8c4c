"""Pages: portfolio."""

urlpatterns: list = []
