"""Reads of resumes and portfolios."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Lower

from accounts.models import Portfolio, PortfolioProject, Resume, User
from accounts.portfolio import facts, summary
from core.errors import NotFound


def resume_list(*, user: User) -> QuerySet[Resume]:
    """The user's versions, newest first, without their PDFs (a list never loads the files)."""
    return Resume.objects.filter(user=user).defer("pdf").order_by("-version")


def resume_for_owner(*, user: User, resume_id: uuid.UUID) -> Resume:
    """One version with its PDF; someone else's is NOT_FOUND, as is an unknown id."""
    resume = Resume.objects.filter(pk=resume_id, user=user).first()
    if resume is None:
        raise NotFound("No such resume.")
    return resume


def _with_projects(queryset: QuerySet[Portfolio]) -> QuerySet[Portfolio]:
    return queryset.select_related("user").prefetch_related(
        Prefetch("projects", queryset=PortfolioProject.objects.order_by("order", "id"))
    )


def portfolio_own(*, user: User) -> Portfolio | None:
    return _with_projects(Portfolio.objects.filter(user=user)).first()


@dataclass
class PublicPortfolio:
    portfolio: Portfolio
    owner: User
    facts: facts.Facts
    skills: list[dict]
    is_owner: bool


def portfolio_public(*, slug: str, viewer: User | None) -> PublicPortfolio:
    """The portfolio at /p/<slug>: by custom_url, else by the owner's username. An unpublished
    one, or a deleted owner's, is NOT_FOUND to everyone but its owner (deleted: to everyone)."""
    wanted = (slug or "").strip().lower()
    live = _with_projects(Portfolio.objects.filter(user__deleted_at__isnull=True))
    portfolio = live.annotate(slug=Lower("custom_url")).filter(slug=wanted).first()
    if portfolio is None:
        portfolio = live.annotate(name=Lower("user__username")).filter(name=wanted).first()
    is_owner = bool(
        portfolio and viewer is not None and viewer.is_authenticated and viewer.pk == portfolio.user_id
    )
    if portfolio is None or not (portfolio.is_published or is_owner):
        raise NotFound("No such portfolio.")
    owner = portfolio.user
    return PublicPortfolio(
        portfolio=portfolio,
        owner=owner,
        facts=facts.collect(owner),
        skills=summary.skills_of(owner),
        is_owner=is_owner,
    )
