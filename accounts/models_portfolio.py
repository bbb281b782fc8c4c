"""Resume versions and the portfolio (issue 18).

A `Resume` is one generated version: its facts (`json_data`) and its PDF are written once, in
the same row, and never changed (API.md §1: "Resume versions never change after generation").
The PDF lives in the row rather than in a file storage: it is small (tens of kilobytes), private
to its owner, and so it can never be missing, half-written or reachable by a guessed URL.

A `Portfolio` is one per account, found publicly at /p/<custom_url> (or the username); its
featured projects are ordered rows with an optional picture, re-encoded like avatars.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from accounts.storage import avatar_storage

__all__ = ["Portfolio", "PortfolioProject", "Resume", "ResumeChanged"]


class ResumeChanged(Exception):
    """Raised when code tries to save a resume version that already exists."""


class Resume(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resumes")
    # 1, 2, 3... per user, taken under the user's row lock (accounts.portfolio.services).
    version = models.PositiveIntegerField()
    json_data = models.JSONField()
    pdf = models.BinaryField(editable=False)
    pdf_size = models.PositiveIntegerField()
    generated_at = models.DateTimeField()

    class Meta:
        ordering = ["-generated_at", "-version"]
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="resume_version_once")]
        indexes = [models.Index(fields=["user", "-version"], name="resume_user_version_idx")]

    def __str__(self) -> str:
        return f"resume v{self.version} of {self.user_id}"

    def save(self, *args, **kwargs) -> None:
        # Versions are immutable: only the first save (the INSERT) is allowed.
        if not self._state.adding:
            raise ResumeChanged("A resume version never changes after it is generated.")
        super().save(*args, **kwargs)


class Portfolio(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="portfolio"
    )
    # Lower-case slug, unique over portfolios (and checked against other people's usernames).
    custom_url = models.SlugField(max_length=50)
    bio = models.TextField(max_length=2000, blank=True)
    is_published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # Two people racing for one slug: the second INSERT/UPDATE fails here (409).
            models.UniqueConstraint(Lower("custom_url"), name="portfolio_custom_url_ci_unique"),
        ]

    def __str__(self) -> str:
        return f"portfolio /p/{self.custom_url}"


class PortfolioProject(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="projects")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=1000, blank=True)
    link = models.URLField(max_length=500, blank=True)
    # Re-encoded like a profile picture (accounts.services.avatars) and public like one.
    image = models.ImageField(upload_to="portfolio/%Y/%m/", blank=True, storage=avatar_storage)

    class Meta:
        ordering = ["portfolio", "order", "id"]

    def __str__(self) -> str:
        return self.title
