"""Pages: resumes, the portfolio editor, sharing and the public portfolio."""

from django.urls import path

from accounts.views_portfolio import pages

urlpatterns = [
    path("account/resumes/", pages.resumes, name="resumes"),
    path("account/resumes/generate/", pages.resume_generate, name="resume-generate"),
    path("account/resumes/<uuid:resume_id>/pdf/", pages.resume_pdf, name="resume-pdf"),
    path("account/portfolio/", pages.portfolio_edit, name="portfolio-edit"),
    path("account/portfolio/share/", pages.portfolio_share, name="portfolio-share"),
    path("p/<str:slug>/", pages.portfolio_public, name="portfolio-public"),
]
