"""API routes: the onboarding interview and the AI profile."""

urlpatterns: list = []
