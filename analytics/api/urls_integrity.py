"""analytics API routes: integrity."""

urlpatterns: list = []
