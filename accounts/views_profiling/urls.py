"""Pages: profiling."""

urlpatterns: list = []
