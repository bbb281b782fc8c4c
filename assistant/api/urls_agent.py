"""assistant API routes: agent."""

urlpatterns: list = []
