"""API routes: resumes, the portfolio and sharing."""

urlpatterns: list = []
