"""assistant pages: agent."""

urlpatterns: list = []
