"""Resumes, the portfolio and sharing: input shapes and output rows."""

from __future__ import annotations

import base64
import binascii
import re

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import absolute_url
from accounts.models import ProficiencyLevel
from accounts.portfolio import captions
from accounts.portfolio.services import MAX_PROJECTS, public_url

# --- resumes --------------------------------------------------------------------------------------


class PortfolioSkillLevelOut(serializers.Serializer):
    name = serializers.CharField()
    level = serializers.CharField(help_text=", ".join(ProficiencyLevel.values))
    category = serializers.CharField(allow_null=True)


class PortfolioExperienceOut(serializers.Serializer):
    title = serializers.CharField()
    type = serializers.CharField(help_text="mentoring: completed 1:1 sessions")
    duration = serializers.CharField(help_text='e.g. "3 sessions, 2 h 30 min"')
    mentor = serializers.CharField()
    sessions = serializers.IntegerField()
    minutes = serializers.IntegerField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField()


class PortfolioCourseOut(serializers.Serializer):
    title = serializers.CharField()
    type = serializers.CharField(help_text="course, workshop or group")
    duration = serializers.CharField(help_text="Empty when the course states no length.")
    minutes = serializers.IntegerField()
    completed_on = serializers.DateField()
    provider = serializers.CharField()


class PortfolioCertificateOut(serializers.Serializer):
    title = serializers.CharField()
    type = serializers.CharField()
    issued_on = serializers.DateField()
    verification_code = serializers.CharField()
    verify_url = serializers.URLField()


class PortfolioAchievementOut(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
    rarity = serializers.CharField()
    icon = serializers.CharField()
    earned_on = serializers.DateField()


class PortfolioMentorStatsOut(serializers.Serializer):
    mentor_id = serializers.UUIDField()
    title = serializers.CharField()
    average_rating = serializers.CharField(help_text='A decimal string, e.g. "4.80"')
    total_reviews = serializers.IntegerField()
    total_sessions_completed = serializers.IntegerField()
    years_of_experience = serializers.IntegerField()


class ResumeDataOut(serializers.Serializer):
    name = serializers.CharField()
    location = serializers.CharField()
    portfolio_url = serializers.CharField(help_text="The published portfolio, or empty.")
    generated_on = serializers.DateField()
    summary = serializers.CharField(help_text="Written by the platform from the facts below only.")
    skills = PortfolioSkillLevelOut(many=True)
    experience = PortfolioExperienceOut(many=True, help_text="Completed sessions, by mentor and topic.")
    courses = PortfolioCourseOut(many=True, help_text="Finished courses, workshops and cohorts.")
    certificates = PortfolioCertificateOut(many=True)
    achievements = PortfolioAchievementOut(many=True)
    mentor_stats = PortfolioMentorStatsOut(allow_null=True)


class ResumeOut(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    pdf_url = serializers.SerializerMethodField()
    pdf_size = serializers.IntegerField(help_text="Bytes")
    json_data = ResumeDataOut()
    generated_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_pdf_url(self, resume) -> str:
        return absolute_url(self, reverse("users-me-resume-pdf", args=[resume.pk]))


# --- the portfolio --------------------------------------------------------------------------------

_DATA_URL = re.compile(r"^data:[\w/+.-]+;base64,", re.ASCII)


@extend_schema_field(
    {
        "type": "string",
        "format": "byte",
        "nullable": True,
        "description": "A JPG, PNG, GIF or WebP picture in base64 (a data: URL is fine). Omit it to keep "
        "the picture of the project with this `id`; null removes it.",
    }
)
class Base64PictureField(serializers.Field):
    default_error_messages = {
        "invalid": "Not valid base64.",
        "too_large": "The picture is larger than {mb} MB.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        text = _DATA_URL.sub("", data.strip())
        limit = settings.AVATAR_MAX_BYTES
        if len(text) * 3 // 4 > limit + 3:
            self.fail("too_large", mb=limit // (1024 * 1024))
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            self.fail("invalid")
        return SimpleUploadedFile("picture", raw)

    def to_representation(self, value):  # input only
        return None


class ProjectIn(serializers.Serializer):
    id = serializers.UUIDField(required=False, help_text="An existing project's id, to keep its picture.")
    title = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    link = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    image = Base64PictureField(required=False)


class PortfolioIn(serializers.Serializer):
    custom_url = serializers.CharField(
        max_length=50, help_text="Your address: /p/<custom_url>. 3-50 lower-case letters, digits, hyphens."
    )
    bio = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    featured_projects = ProjectIn(many=True, required=False, default=list, max_length=MAX_PROJECTS)
    is_published = serializers.BooleanField(required=False, default=True, help_text="false unpublishes it.")


class ProjectOut(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    description = serializers.CharField()
    link = serializers.CharField()
    image_url = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_image_url(self, project) -> str | None:
        return absolute_url(self, project.image.url) if project.image else None


class PortfolioOut(serializers.Serializer):
    custom_url = serializers.CharField()
    public_url = serializers.SerializerMethodField()
    bio = serializers.CharField()
    is_published = serializers.BooleanField()
    featured_projects = ProjectOut(source="projects.all", many=True)
    updated_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_public_url(self, portfolio) -> str:
        return public_url(portfolio)


class PublicOwnerOut(serializers.Serializer):
    name = serializers.CharField(source="display_name")
    username = serializers.CharField(allow_null=True)
    avatar_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_avatar_url(self, user) -> str:
        return absolute_url(self, user.avatar_url)


class PublicPortfolioOut(serializers.Serializer):
    owner = PublicOwnerOut()
    custom_url = serializers.CharField(source="portfolio.custom_url")
    public_url = serializers.SerializerMethodField()
    is_published = serializers.BooleanField(
        source="portfolio.is_published", help_text="false only ever reaches the owner."
    )
    bio = serializers.CharField(source="portfolio.bio")
    projects = ProjectOut(source="portfolio.projects.all", many=True)
    skills = PortfolioSkillLevelOut(many=True)
    courses = PortfolioCourseOut(source="facts.courses", many=True)
    certificates = PortfolioCertificateOut(source="facts.certificates", many=True)
    achievements = PortfolioAchievementOut(
        source="facts.achievements", many=True, help_text="Earned achievements, each an Open Badge."
    )
    mentor_stats = PortfolioMentorStatsOut(
        source="facts.mentor_stats", allow_null=True, help_text="Mentors only."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_public_url(self, found) -> str:
        return public_url(found.portfolio)


# --- sharing --------------------------------------------------------------------------------------


class ShareIn(serializers.Serializer):
    platforms = serializers.ListField(
        child=serializers.ChoiceField(choices=["linkedin", "twitter", "x"]), min_length=1, max_length=3
    )
    auto_generate_caption = serializers.BooleanField(required=False, default=True)
    caption = serializers.CharField(
        max_length=3000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Your own text when auto_generate_caption is false; the link is added if missing.",
    )


class ShareOut(serializers.Serializer):
    platform = serializers.ChoiceField(choices=list(captions.PLATFORMS))
    post_text = serializers.CharField()
    post_url = serializers.URLField(
        help_text="The platform's share page, pre-filled with the caption and link."
    )
    posted = serializers.BooleanField(help_text="true only when the platform confirmed a post.")
    length = serializers.IntegerField(help_text="As the platform counts it (X: every URL is 23).")
    limit = serializers.IntegerField()
    error = serializers.CharField(help_text="Why a configured post failed; empty otherwise.")


class ShareResultOut(serializers.Serializer):
    portfolio_url = serializers.URLField()
    shares = ShareOut(many=True)
