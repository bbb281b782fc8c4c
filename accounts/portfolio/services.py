"""Writes of resumes and the portfolio; each public function runs in one transaction.

`resume_generate` reads the facts and renders the PDF before any transaction opens (CPU work and
other apps' reads), then takes the next version number under the user's row lock and inserts the
immutable row. `portfolio_put` checks and re-encodes project pictures first, stores them, and
replaces the portfolio in one transaction; stored files the database does not end up naming are
deleted (new ones on failure, replaced ones after commit).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import Portfolio, PortfolioProject, Resume, User
from accounts.portfolio import facts, summary
from accounts.portfolio.pdf import resume_pdf
from accounts.services.audit import audit_entry_create
from accounts.services.avatars import picture_checked, picture_encoded
from core.errors import Conflict, ValidationFailed

# Paths and words a portfolio address may not take: they would read as the site's own pages or
# as someone official.
RESERVED_SLUGS = frozenset(
    [
        "about",
        "account",
        "accounts",
        "admin",
        "administrator",
        "api",
        "app",
        "apps",
        "assets",
        "auth",
        "blog",
        "dashboard",
        "docs",
        "edit",
        "help",
        "home",
        "login",
        "logout",
        "me",
        "media",
        "mentor",
        "mentora",
        "mentors",
        "new",
        "null",
        "p",
        "portfolio",
        "portfolios",
        "privacy",
        "public",
        "resume",
        "resumes",
        "root",
        "search",
        "settings",
        "share",
        "signup",
        "staff",
        "static",
        "support",
        "system",
        "terms",
        "undefined",
        "user",
        "users",
        "www",
    ]
)
SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,48}[a-z0-9])$")
MAX_PROJECTS = 12
PROJECT_IMAGE_MAX_SIDE = 1600


# --- resumes --------------------------------------------------------------------------------------


def public_url(portfolio: Portfolio) -> str:
    return settings.SITE_URL + reverse("accounts:portfolio-public", args=[portfolio.custom_url])


def resume_data(*, user: User, now=None) -> dict[str, Any]:
    """The facts of a new resume version, as stored in json_data and drawn in the PDF."""
    now = now or timezone.now()
    found = facts.collect(user)
    skills = summary.skills_of(user)
    name = user.display_name
    location = ", ".join(part for part in (user.location_city, user.location_country) if part)
    portfolio = Portfolio.objects.filter(user=user, is_published=True).first()
    plain = found.as_json()
    return {
        "name": name,
        "location": location,
        "portfolio_url": public_url(portfolio) if portfolio else "",
        "generated_on": now.date().isoformat(),
        "summary": summary.summary_text(name=name, skills=skills, found=found),
        "skills": skills,
        **plain,
    }


def resume_generate(*, user: User, request=None) -> Resume:
    """A new resume version from what the user has really done, with its PDF."""
    now = timezone.now()
    data = resume_data(user=user, now=now)
    pdf = resume_pdf(data)  # CPU work, before the transaction opens
    with transaction.atomic():
        # The user's row lock orders two generations at once: each gets its own version number.
        User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).get()
        latest = Resume.objects.filter(user=user).aggregate(latest=Max("version"))["latest"] or 0
        resume = Resume(
            user=user, version=latest + 1, json_data=data, pdf=pdf, pdf_size=len(pdf), generated_at=now
        )
        resume.save(force_insert=True)
        audit_entry_create(
            actor=user,
            action="resume.generate",
            target=resume,
            details={"version": resume.version},
            request=request,
        )
    return resume


# --- the portfolio --------------------------------------------------------------------------------


@dataclass
class ProjectIn:
    """One featured project as asked for. `image`: an upload to store, None to keep the existing
    picture of project `id` (if any), or False to remove it."""

    title: str
    description: str = ""
    link: str = ""
    id: uuid.UUID | None = None
    image: UploadedFile | None | bool = None


def slug_check(*, user: User, slug: str) -> str:
    """The normalised slug, or 400 (malformed, reserved) / 409 (someone else's)."""
    slug = (slug or "").strip().lower()
    if slug in RESERVED_SLUGS:
        raise ValidationFailed.for_field("custom_url", f"“{slug}” is reserved; choose another address.")
    if not SLUG_PATTERN.match(slug):
        raise ValidationFailed.for_field(
            "custom_url",
            "Use 3 to 50 lower-case letters, digits and hyphens, starting and ending with a letter or digit.",
        )
    taken = (
        Portfolio.objects.annotate(slug=Lower("custom_url")).filter(slug=slug).exclude(user=user).exists()
        # /portfolios/{slug} also finds portfolios by username: another person's username is theirs.
        or User.objects.annotate(name=Lower("username")).filter(name=slug).exclude(pk=user.pk).exists()
    )
    if taken:
        raise _slug_taken(slug)
    return slug


def _slug_taken(slug: str) -> Conflict:
    return Conflict(
        f"The address “{slug}” is taken.", details={"custom_url": [f"The address “{slug}” is taken."]}
    )


def _project_picture(upload: UploadedFile, index: int) -> tuple[bytes, str]:
    picture, has_alpha = picture_checked(upload, field=f"featured_projects[{index}].image")
    picture.thumbnail((PROJECT_IMAGE_MAX_SIDE, PROJECT_IMAGE_MAX_SIDE), Image.Resampling.LANCZOS)
    return picture_encoded(picture, has_alpha=has_alpha)


def portfolio_put(
    *,
    user: User,
    custom_url: str,
    bio: str = "",
    featured_projects: list[ProjectIn] | None = None,
    is_published: bool = True,
    request=None,
) -> Portfolio:
    """Create or replace the user's portfolio. On any error nothing is saved."""
    projects = list(featured_projects or [])
    if len(projects) > MAX_PROJECTS:
        raise ValidationFailed.for_field("featured_projects", f"At most {MAX_PROJECTS} projects.")
    slug = slug_check(user=user, slug=custom_url)
    # Pictures are checked and re-encoded before anything is written.
    encoded = {
        index: _project_picture(project.image, index)
        for index, project in enumerate(projects)
        if isinstance(project.image, UploadedFile)
    }
    storage = PortfolioProject._meta.get_field("image").storage
    field = PortfolioProject._meta.get_field("image")
    stored: dict[int, str] = {}
    try:
        for index, (data, extension) in encoded.items():
            stored[index] = storage.save(
                field.generate_filename(None, f"{uuid.uuid4().hex}.{extension}"), ContentFile(data)
            )
        with transaction.atomic():
            # The user's row orders two saves of one portfolio (the first one creates it).
            User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).get()
            portfolio = Portfolio.objects.filter(user=user).first()
            if portfolio is None:
                portfolio = Portfolio(user=user)
            portfolio.custom_url, portfolio.bio, portfolio.is_published = slug, bio, is_published
            try:
                with transaction.atomic():
                    portfolio.save()
            except IntegrityError:
                raise _slug_taken(slug) from None  # another person took it a moment ago
            existing = {row.pk: row for row in portfolio.projects.all()}
            previous = list(existing.values())
            kept_images = set()
            rows = []
            for index, project in enumerate(projects):
                image = ""
                if index in stored:
                    image = stored[index]
                elif project.image is None and project.id in existing:
                    # Each stored picture belongs to one project: a repeated id keeps it once.
                    image = existing.pop(project.id).image.name
                    kept_images.add(image)
                rows.append(
                    PortfolioProject(
                        portfolio=portfolio,
                        order=index,
                        title=project.title,
                        description=project.description,
                        link=project.link,
                        image=image,
                    )
                )
            portfolio.projects.all().delete()
            PortfolioProject.objects.bulk_create(rows)
            dropped = [row.image.name for row in previous if row.image and row.image.name not in kept_images]
            audit_entry_create(
                actor=user,
                action="portfolio.update",
                target=portfolio,
                details={"custom_url": slug, "is_published": is_published, "projects": len(rows)},
                request=request,
            )
            transaction.on_commit(lambda: [storage.delete(name) for name in dropped])
    except BaseException:
        for name in stored.values():
            storage.delete(name)
        raise
    return portfolio


def portfolio_set_published(
    *, user: User, is_published: bool, actor: User | None = None, request=None
) -> Portfolio:
    """Publish or unpublish; `actor` is staff doing it for the owner (audit-logged as them)."""
    with transaction.atomic():
        portfolio = Portfolio.objects.select_for_update().get(user=user)
        portfolio.is_published = is_published
        portfolio.save(update_fields=["is_published", "updated_at"])
        audit_entry_create(
            actor=actor or user,
            action="portfolio.publish" if is_published else "portfolio.unpublish",
            target=portfolio,
            details={},
            request=request,
        )
    return portfolio
