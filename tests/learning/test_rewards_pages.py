"""The achievements, level and streak page; the streak reminder opt-in; the public key routes."""

from __future__ import annotations

import pytest
from django.test import Client

from learning.models import LearnerStanding
from learning.services.points import points_award
from tests.factories import UserFactory
from tests.learning.rewards_factories import ensure_achievements

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_achievements_page_shows_level_streak_earned_and_locked():
    ensure_achievements()
    user = UserFactory()
    points_award(user=user, source="course", reference="enrollment:1", description="Finished Rust basics")
    page = signed_in(user).get("/learning/achievements")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Level 2" in html
    assert 'data-testid="total-points">200<' in html
    assert 'data-testid="current-streak">1 day<' in html
    assert "Course finisher" in html  # earned
    assert "Luminary" in html  # still to earn
    assert "Finished Rust basics" in html  # the points history


def test_the_pages_need_a_sign_in():
    for path in ("/learning/achievements", "/learning/certificates"):
        response = Client().get(path)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_streak_reminders_are_opt_in_and_switched_on_the_page():
    user = UserFactory()
    client = signed_in(user)
    client.post("/learning/achievements/streak-reminders", {"enabled": "on"})
    assert LearnerStanding.objects.get(user=user).streak_reminders is True
    client.post("/learning/achievements/streak-reminders", {})
    assert LearnerStanding.objects.get(user=user).streak_reminders is False
    assert client.get("/learning/achievements/streak-reminders").status_code == 405


def test_the_issuer_profile_and_jwks_are_public():
    profile = Client().get("/credentials/issuer")
    assert profile.status_code == 200
    body = profile.json()
    assert body["type"] == ["Profile"]
    assert body["assertionMethod"] == [body["verificationMethod"][0]["id"]]
    assert Client().get("/credentials/jwks.json").json()["keys"][0]["crv"] == "Ed25519"
    assert Client().get("/certificates/badge.png")["Content-Type"] == "image/png"
    assert Client().get("/achievements/no-such-thing/icon.png").status_code == 404
