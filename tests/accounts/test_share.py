"""Sharing a portfolio: captions from real facts within each platform's limit, pre-filled share
links, and `posted` true only for a post that really went out."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from accounts.portfolio import captions
from tests.accounts import share_posters
from tests.accounts.portfolio_world import learner_with_history
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.learning.rewards_factories import completed_enrollment

SHARE = "/api/v1/users/me/portfolio/share"
MINE = "/api/v1/users/me/portfolio"

pytestmark = pytest.mark.usefixtures("taxonomy")


def with_portfolio(user, **fields):
    client = client_for(user)
    response = client.put(MINE, {"custom_url": "anna-designs", "bio": "", **fields}, format="json")
    assert response.status_code == 200
    return client


def test_captions_come_from_real_facts_and_nothing_is_posted_by_default():
    world = learner_with_history()
    client = with_portfolio(world.learner)

    response = client.post(SHARE, {"platforms": ["linkedin", "twitter"]}, format="json")

    assert response.status_code == 200
    result = response.json()
    assert result["portfolio_url"] == "http://testserver/p/anna-designs/"
    linkedin, x = result["shares"]
    assert (linkedin["platform"], x["platform"]) == ("linkedin", "twitter")
    for share in (linkedin, x):
        assert share["posted"] is False
        assert result["portfolio_url"] in share["post_text"]
        assert "2 mentoring sessions completed" in share["post_text"]
        assert "Finished Figma Foundations" in share["post_text"]
        assert "Unfinished Rust Adventures" not in share["post_text"]
        assert "Cooking" not in share["post_text"]
    # The share links are the platforms' own pages, pre-filled with caption and link.
    assert parse_qs(urlsplit(x["post_url"]).query)["text"] == [x["post_text"]]
    assert urlsplit(x["post_url"]).netloc == "x.com"
    assert parse_qs(urlsplit(linkedin["post_url"]).query)["text"] == [linkedin["post_text"]]
    assert urlsplit(linkedin["post_url"]).netloc == "www.linkedin.com"


def test_the_x_caption_stays_within_280_as_x_counts_it():
    world = learner_with_history()
    for n in range(12):
        completed_enrollment(
            world.learner, title=f"A very long course title about accessible design, part {n}"
        )
    client = with_portfolio(world.learner)

    x = client.post(SHARE, {"platforms": ["x"]}, format="json").json()["shares"][0]

    assert x["platform"] == "twitter"
    assert x["limit"] == 280
    assert captions.x_length(x["post_text"]) == x["length"] <= 280
    assert x["post_text"].endswith("http://testserver/p/anna-designs/")
    assert "courses finished" in x["post_text"]


def test_x_counts_every_url_as_23_and_wide_characters_as_2():
    assert captions.x_length("hi https://example.com/" + "a" * 200) == 3 + 23
    assert captions.x_length("日本") == 4
    assert captions.x_length("Анна") == 4


def test_an_own_caption_too_long_for_x_is_refused():
    client = with_portfolio(UserFactory())
    response = client.post(
        SHARE, {"platforms": ["twitter"], "auto_generate_caption": False, "caption": "x" * 270}, format="json"
    )
    assert response.status_code == 400
    assert "caption" in response.json()["details"]
    ok = client.post(
        SHARE, {"platforms": ["twitter"], "auto_generate_caption": False, "caption": "My work"}, format="json"
    ).json()["shares"][0]
    assert ok["post_text"] == "My work http://testserver/p/anna-designs/"


def test_posted_is_true_only_when_a_configured_platform_accepted_the_post(settings):
    user = UserFactory()
    client = with_portfolio(user)
    settings.PORTFOLIO_SHARE_POSTERS = {
        "linkedin": "tests.accounts.share_posters.RecordingPoster",
        "twitter": "tests.accounts.share_posters.RefusingPoster",
    }
    share_posters.POSTED.clear()

    linkedin, x = client.post(SHARE, {"platforms": ["linkedin", "twitter"]}, format="json").json()["shares"]

    assert linkedin["posted"] is True
    assert [(str(user.pk), linkedin["post_text"])] == share_posters.POSTED
    assert x["posted"] is False
    assert x["error"]


def test_sharing_needs_a_published_portfolio():
    user = UserFactory()
    client = client_for(user)
    assert client.post(SHARE, {"platforms": ["linkedin"]}, format="json").status_code == 404
    with_portfolio(user, is_published=False)
    response = client.post(SHARE, {"platforms": ["linkedin"]}, format="json")
    assert response.status_code == 409
    assert response.json()["details"]["reason"] == "portfolio_not_published"


def test_unknown_platforms_are_refused():
    client = with_portfolio(UserFactory())
    assert client.post(SHARE, {"platforms": ["myspace"]}, format="json").status_code == 400
    assert client.post(SHARE, {"platforms": []}, format="json").status_code == 400


def test_sharing_needs_a_token(anon_client):
    assert anon_client.post(SHARE, {"platforms": ["linkedin"]}, format="json").status_code == 401
