"""seed_demo's resumes and portfolio: Lea gets two resume versions over her real demo history
and a published portfolio, made once (learning's demo runs this part at its end)."""

from __future__ import annotations

import io

import pytest

from accounts import demo as accounts_demo
from accounts.models import Portfolio, Resume, User
from learning import demo as learning_demo
from mentors import demo as mentors_demo
from tests.conftest import ensure_taxonomy

pytestmark = pytest.mark.django_db


def _seed() -> None:
    for module in (accounts_demo, mentors_demo, learning_demo):
        module.seed(io.StringIO())


def test_lea_has_two_resume_versions_and_a_published_portfolio_made_once(anon_client):
    ensure_taxonomy()
    _seed()
    lea = User.objects.get(email="learner@mentora.local")

    first, second = Resume.objects.filter(user=lea).order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert first.json_data["portfolio_url"] == ""
    assert second.json_data["portfolio_url"].endswith("/p/lea-learns/")
    assert [c["title"] for c in second.json_data["courses"]] == ["Statistics without tears"]
    portfolio = Portfolio.objects.get(user=lea)
    assert portfolio.is_published
    assert all(project.image for project in portfolio.projects.all())
    public = anon_client.get("/api/v1/portfolios/lea-learns").json()
    assert len(public["projects"]) == 2

    _seed()
    assert Resume.objects.filter(user=lea).count() == 2
    assert Portfolio.objects.get(user=lea).updated_at == portfolio.updated_at
