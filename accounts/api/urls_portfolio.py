"""API routes: resumes, the portfolio and sharing."""

from django.urls import path

from accounts.api.views import portfolio

urlpatterns = [
    path("users/me/resumes", portfolio.MyResumesView.as_view(), name="users-me-resumes"),
    path("users/me/resumes/<uuid:id>/pdf", portfolio.MyResumePdfView.as_view(), name="users-me-resume-pdf"),
    path("users/me/portfolio", portfolio.MyPortfolioView.as_view(), name="users-me-portfolio"),
    path("users/me/portfolio/share", portfolio.PortfolioShareView.as_view(), name="users-me-portfolio-share"),
    path("portfolios/<str:slug>", portfolio.PublicPortfolioView.as_view(), name="portfolios-public"),
]
