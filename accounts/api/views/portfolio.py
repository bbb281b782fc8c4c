"""Resumes (/users/me/resumes), the portfolio (/users/me/portfolio, /portfolios/{slug}) and
sharing. Resumes are the caller's own only: another person's id is a 404 like an unknown one."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import portfolio_serializers as s
from accounts.portfolio import selectors, services, sharing
from core.api import ListView, parsed
from core.errors import NotFound
from core.http import download
from core.schema import ERRORS

TAGS = ["portfolio"]


class MyResumesView(ListView):
    serializer_class = s.ResumeOut

    def rows(self):
        return selectors.resume_list(user=self.request.user)

    @extend_schema(
        tags=TAGS,
        summary="Your resume versions, newest first",
        responses={200: s.ResumeOut(many=True), **ERRORS(400, 401, 429)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Generate a new resume version",
        description="Built from what you have really done here: completed sessions, finished courses, "
        "certificates, achievements and your skills with levels. The summary is written by the platform "
        "from those facts. Each generation is a new version with its own PDF; versions never change.",
        request=None,
        responses={201: s.ResumeOut, **ERRORS(401, 429)},
    )
    def post(self, request):
        resume = services.resume_generate(user=request.user, request=request)
        return Response(
            s.ResumeOut(resume, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class MyResumePdfView(APIView):
    def perform_content_negotiation(self, request, force=False):
        # Accept: application/pdf gets the file, and errors still come back as JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        tags=TAGS,
        summary="Download one of your resume versions as PDF",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF."),
            **ERRORS(401, 404, 429),
        },
    )
    def get(self, request, id):
        return resume_download(selectors.resume_for_owner(user=request.user, resume_id=id))


class MyPortfolioView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Your portfolio",
        responses={200: s.PortfolioOut, **ERRORS(401, 404, 429)},
    )
    def get(self, request):
        portfolio = selectors.portfolio_own(user=request.user)
        if portfolio is None:
            raise NotFound("You have no portfolio yet.")
        return Response(s.PortfolioOut(portfolio, context={"request": request}).data)

    @extend_schema(
        tags=TAGS,
        summary="Create or replace your portfolio",
        description="`custom_url` is your address (/p/<custom_url>): 409 CONFLICT when someone else has it "
        "(as a portfolio address or a username), 400 for a reserved word. Projects are replaced in the "
        "order given; a project `image` is checked and re-encoded like a profile picture. "
        "`is_published: false` unpublishes the portfolio (404 to everyone else). On any error nothing "
        "is saved.",
        request=s.PortfolioIn,
        responses={200: s.PortfolioOut, **ERRORS(400, 401, 409, 429)},
    )
    def put(self, request):
        data = parsed(s.PortfolioIn, request.data)
        projects = [
            services.ProjectIn(
                title=item["title"],
                description=item["description"],
                link=item["link"],
                id=item.get("id"),
                # Omitted: keep the picture; null: remove it; base64: a new one.
                image=item["image"]
                if item.get("image") is not None
                else (False if "image" in item else None),
            )
            for item in data["featured_projects"]
        ]
        services.portfolio_put(
            user=request.user,
            custom_url=data["custom_url"],
            bio=data["bio"],
            featured_projects=projects,
            is_published=data["is_published"],
            request=request,
        )
        portfolio = selectors.portfolio_own(user=request.user)
        return Response(s.PortfolioOut(portfolio, context={"request": request}).data)


class PublicPortfolioView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="A public portfolio",
        description="Looked up by custom_url, else by username. An unpublished portfolio is 404 to "
        "everyone but its owner.",
        responses={200: s.PublicPortfolioOut, **ERRORS(404, 429)},
    )
    def get(self, request, slug):
        found = selectors.portfolio_public(slug=slug, viewer=request.user)
        return Response(s.PublicPortfolioOut(found, context={"request": request}).data)


class PortfolioShareView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Captions and share links for your portfolio",
        description="For each platform (linkedin, twitter or x): a caption written from your portfolio's "
        "real facts within the platform's limit (X: 280, every URL counted as 23) and the platform's "
        "share page pre-filled with it. `posted` is true only where the deployment has credentials for "
        "that platform and the post went out; by default nothing is posted. 404 without a portfolio, "
        "409 (details.reason=portfolio_not_published) while it is unpublished.",
        request=s.ShareIn,
        responses={200: s.ShareResultOut, **ERRORS(400, 401, 404, 409, 429)},
    )
    def post(self, request):
        data = parsed(s.ShareIn, request.data)
        url, shares = sharing.portfolio_share(
            user=request.user,
            platforms=data["platforms"],
            auto_generate_caption=data["auto_generate_caption"],
            caption=data["caption"],
        )
        return Response(s.ShareResultOut({"portfolio_url": url, "shares": shares}).data)


def resume_download(resume) -> HttpResponse:
    """One of the owner's resume versions as a PDF file (the API and the resumes page)."""
    return download(
        bytes(resume.pdf),
        content_type="application/pdf",
        filename=f"resume-v{resume.version}.pdf",
        private=True,
    )
