"""The portfolio: PUT /users/me/portfolio, the public GET /portfolios/{slug} and page /p/<slug>/."""

from __future__ import annotations

import base64

import pytest
from django.test import Client

from accounts.models import Portfolio, PortfolioProject
from tests.accounts.images import image_bytes, pdf_bytes
from tests.accounts.portfolio_world import learner_with_history
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory

MINE = "/api/v1/users/me/portfolio"
PUBLIC = "/api/v1/portfolios/"

pytestmark = pytest.mark.usefixtures("taxonomy")


def body(**overrides):
    return {
        "custom_url": "anna-designs",
        "bio": "I design calm interfaces.",
        "featured_projects": [
            {
                "title": "Bakery app",
                "description": "Ordering for a small bakery.",
                "link": "https://example.com/bakery",
            }
        ],
        **overrides,
    }


def b64_picture(**kwargs) -> str:
    return base64.b64encode(image_bytes(**kwargs)).decode()


def test_put_creates_the_portfolio_with_its_public_url_and_anyone_can_read_it(anon_client):
    world = learner_with_history()
    client = client_for(world.learner)

    response = client.put(MINE, body(), format="json")

    assert response.status_code == 200
    saved = response.json()
    assert saved["public_url"] == "http://testserver/p/anna-designs/"
    assert [p["title"] for p in saved["featured_projects"]] == ["Bakery app"]

    public = anon_client.get(PUBLIC + "anna-designs").json()
    assert public["owner"]["name"] == "Анна Каренина"
    assert public["bio"] == "I design calm interfaces."
    assert [p["title"] for p in public["projects"]] == ["Bakery app"]
    assert [s["name"] for s in public["skills"]] == ["Figma"]
    assert [c["title"] for c in public["courses"]] == ["Finished Figma Foundations"]
    assert [c["verification_code"] for c in public["certificates"]] == [world.certificate.verification_code]
    assert [a["name"] for a in public["achievements"]] == [world.achievement.name]
    assert public["mentor_stats"] is None
    # Also found by the username, whatever its case.
    assert anon_client.get(PUBLIC + "ANNA").json()["custom_url"] == "anna-designs"


def test_a_mentor_portfolio_shows_public_mentor_stats(anon_client):
    mentor = MentorFactory(
        total_sessions_completed=42, total_reviews=7, average_rating="4.80", title="UX mentor"
    )
    client_for(mentor.user).put(MINE, body(custom_url="ux-mentor", featured_projects=[]), format="json")
    stats = anon_client.get(PUBLIC + "ux-mentor").json()["mentor_stats"]
    assert stats["total_sessions_completed"] == 42
    assert stats["average_rating"] == "4.80"
    assert stats["title"] == "UX mentor"


def test_a_slug_someone_else_has_is_a_conflict():
    UserFactory(username="taken-name")
    first, second = UserFactory(), UserFactory()
    assert client_for(first).put(MINE, body(custom_url="my-page"), format="json").status_code == 200

    clash = client_for(second).put(MINE, body(custom_url="My-Page"), format="json")
    assert clash.status_code == 409
    assert clash.json()["error"] == "CONFLICT"
    assert "custom_url" in clash.json()["details"]
    # Someone's username is their address too.
    assert client_for(second).put(MINE, body(custom_url="taken-name"), format="json").status_code == 409
    assert not Portfolio.objects.filter(user=second).exists()
    # Keeping your own address is no clash.
    assert (
        client_for(first).put(MINE, body(custom_url="my-page", bio="new"), format="json").status_code == 200
    )


@pytest.mark.parametrize("slug", ["admin", "api", "me", "settings", "mentora"])
def test_reserved_words_are_refused(slug):
    response = client_for(UserFactory()).put(MINE, body(custom_url=slug), format="json")
    assert response.status_code == 400
    assert "reserved" in response.json()["details"]["custom_url"][0]


@pytest.mark.parametrize("slug", ["ab", "has space", "-dash", "UPPER_case", "x" * 51, "ünï"])
def test_malformed_slugs_are_refused(slug):
    response = client_for(UserFactory()).put(MINE, body(custom_url=slug), format="json")
    assert response.status_code == 400
    assert "custom_url" in response.json()["details"]


def test_an_unpublished_portfolio_is_not_found_but_to_its_owner(anon_client):
    owner = UserFactory(username="quiet")
    client = client_for(owner)
    client.put(MINE, body(custom_url="quiet-one", is_published=False), format="json")

    assert anon_client.get(PUBLIC + "quiet-one").status_code == 404
    assert anon_client.get(PUBLIC + "quiet").status_code == 404
    assert client_for(UserFactory()).get(PUBLIC + "quiet-one").status_code == 404
    assert client.get(PUBLIC + "quiet-one").json()["is_published"] is False

    page = Client()
    assert page.get("/p/quiet-one/").status_code == 404
    page.force_login(owner)
    assert b"only you can see it" in page.get("/p/quiet-one/").content

    client.put(MINE, body(custom_url="quiet-one", is_published=True), format="json")
    assert anon_client.get(PUBLIC + "quiet-one").status_code == 200


def test_unknown_portfolios_and_deleted_owners_are_not_found(anon_client):
    assert anon_client.get(PUBLIC + "nobody-here").status_code == 404
    owner = UserFactory()
    client_for(owner).put(MINE, body(custom_url="gone-soon"), format="json")
    owner.deleted_at = owner.date_joined
    owner.save(update_fields=["deleted_at"])
    assert anon_client.get(PUBLIC + "gone-soon").status_code == 404


def test_a_project_picture_is_checked_and_re_encoded_like_an_avatar():
    owner = UserFactory()
    client = client_for(owner)
    picture = "data:image/png;base64," + b64_picture(size=(2400, 1200))
    response = client.put(MINE, body(featured_projects=[{"title": "Shot", "image": picture}]), format="json")
    assert response.status_code == 200
    project = PortfolioProject.objects.get(portfolio__user=owner)
    assert project.image.name.endswith(".jpg")
    assert response.json()["featured_projects"][0]["image_url"].endswith(project.image.name)

    # Sent again without `image`, with its id: the picture stays; null removes it.
    kept = client.put(
        MINE, body(featured_projects=[{"id": str(project.pk), "title": "Shot 2"}]), format="json"
    ).json()
    assert kept["featured_projects"][0]["image_url"].endswith(project.image.name)
    removed = client.put(
        MINE,
        body(
            featured_projects=[{"id": kept["featured_projects"][0]["id"], "title": "Shot 3", "image": None}]
        ),
        format="json",
    ).json()
    assert removed["featured_projects"][0]["image_url"] is None


def test_a_project_that_is_not_a_picture_is_refused_and_nothing_is_saved():
    owner = UserFactory()
    client = client_for(owner)
    client.put(MINE, body(bio="before"), format="json")

    response = client.put(
        MINE,
        body(
            bio="after",
            featured_projects=[{"title": "Fake", "image": base64.b64encode(pdf_bytes()).decode()}],
        ),
        format="json",
    )

    assert response.status_code == 400
    assert "featured_projects[0].image" in response.json()["details"]
    portfolio = Portfolio.objects.get(user=owner)
    assert portfolio.bio == "before"
    assert [p.title for p in portfolio.projects.all()] == ["Bakery app"]


def test_the_public_page_is_server_rendered_with_open_graph_tags():
    world = learner_with_history()
    client_for(world.learner).put(MINE, body(), format="json")

    page = Client().get("/p/anna-designs/")

    assert page.status_code == 200
    html = page.content.decode()
    assert '<meta property="og:title" content="Анна Каренина · Portfolio">' in html
    assert '<meta property="og:url" content="http://testserver/p/anna-designs/">' in html
    assert '<meta property="og:description" content="I design calm interfaces.">' in html
    assert "Bakery app" in html and "Finished Figma Foundations" in html


def test_the_portfolio_needs_a_token(anon_client):
    assert anon_client.put(MINE, body(), format="json").status_code == 401
    assert anon_client.get(MINE).status_code == 401


def test_staff_unpublish_a_portfolio_from_the_admin(anon_client):
    from accounts.models import AuditEntry

    staff = UserFactory(is_staff=True, is_superuser=True)
    owner = UserFactory()
    client_for(owner).put(MINE, body(custom_url="rule-breaker"), format="json")
    page = Client()
    page.force_login(staff)

    response = page.post(
        "/admin/accounts/portfolio/",
        {"action": "unpublish", "_selected_action": [str(owner.pk)]},
    )

    assert response.status_code == 302
    assert anon_client.get(PUBLIC + "rule-breaker").status_code == 404
    entry = AuditEntry.objects.get(action="portfolio.unpublish")
    assert entry.actor == staff
    assert page.get("/admin/accounts/resume/").status_code == 200
    assert page.get(f"/admin/accounts/portfolio/{owner.pk}/change/").status_code == 200


def test_the_purge_removes_resumes_the_portfolio_and_its_pictures(django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from accounts import tasks
    from accounts.models import Resume
    from accounts.portfolio.services import resume_generate

    owner = UserFactory()
    resume_generate(user=owner)
    client_for(owner).put(
        MINE, body(featured_projects=[{"title": "Shot", "image": b64_picture()}]), format="json"
    )
    image = PortfolioProject.objects.get(portfolio__user=owner).image
    storage, name = image.storage, image.name
    owner.deleted_at = timezone.now() - timedelta(days=31)
    owner.save(update_fields=["deleted_at"])

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_deleted_users() == 1

    assert not Resume.objects.filter(user=owner).exists()
    assert not Portfolio.objects.filter(user=owner).exists()
    assert not storage.exists(name)
