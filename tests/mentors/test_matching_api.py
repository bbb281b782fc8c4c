"""GET /api/v1/mentors/recommended and GET /api/v1/categories/search, with the real model."""

from datetime import UTC, datetime

import pytest
import time_machine

from mentors import matching
from tests.conftest import client_for
from tests.mentors.test_matching import (
    design_mentor,
    tax_mentor,
    would_be_designer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("taxonomy")]

NOW = datetime(2027, 1, 13, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_recommended_mentors_come_as_cards_with_scores_and_reasons():
    design = design_mentor()
    tax = tax_mentor()
    matching.mentor_embeddings_refresh()
    learner = would_be_designer()

    response = client_for(learner).get("/api/v1/mentors/recommended", {"limit": 5})

    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["page"], body["limit"], body["pages"]) == (2, 1, 5, 1)
    assert (response["X-Total-Count"], response["X-Page-Size"]) == ("2", "5")  # as the body says
    first, second = body["items"]
    assert [first["mentor"]["id"], second["mentor"]["id"]] == [str(design.pk), str(tax.pk)]
    assert first["mentor"]["title"] == "Senior UX Designer"
    assert first["mentor"]["subjects"][0]["name"] == "UX Design"
    assert first["mentor"]["next_available_slot"]["start_at"].endswith("Z")
    assert first["mentor"]["is_favorite"] is False
    assert first["match_score"] > second["match_score"]
    assert "Teaches UX Design, which matches your goal “become a UX designer”" in first["match_reasons"]
    assert first["common_skills"] == []


def test_recommendations_run_the_same_queries_for_one_mentor_or_ten(django_assert_max_num_queries):
    learner = would_be_designer()
    design_mentor()
    matching.mentor_embeddings_refresh()
    client = client_for(learner)
    client.get("/api/v1/mentors/recommended")  # loads the model and the taxonomy once

    with django_assert_max_num_queries(16) as one:
        assert len(client.get("/api/v1/mentors/recommended", {"limit": 10}).json()["items"]) == 1
    budget = len(one.captured_queries)  # read now: the next request clears the query log
    for _ in range(9):
        design_mentor()
    matching.mentor_embeddings_refresh()
    # The first request after mentors changed reads their matrix again (mentors.matching.matrix).
    client.get("/api/v1/mentors/recommended")
    with django_assert_max_num_queries(budget):
        assert len(client.get("/api/v1/mentors/recommended", {"limit": 10}).json()["items"]) == 10


def test_a_limit_beyond_fifty_is_refused(learner_client):
    response = learner_client.get("/api/v1/mentors/recommended", {"limit": 500})

    assert response.status_code == 400
    assert "limit" in response.json()["details"]


def test_anyone_can_search_categories_by_meaning(anon_client):
    response = anon_client.get("/api/v1/categories/search", {"q": "learn mobile design", "limit": 3})

    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "learn mobile design"
    assert (body["total"], body["limit"]) == (3, 3)
    top = body["items"][0]
    assert (top["category"]["name"], top["subcategory"]["name"]) in {
        ("Creativity & Arts", "Design & Media"),
        ("Tech & Digital Innovation", "UX & UI Design"),
    }
    assert set(top["category"]) == {"id", "name", "slug"}
    assert 0 < top["relevance_score"] <= 1
    assert top["why_relevant"].startswith("Matches “learn mobile design”")


def test_a_category_search_without_words_is_a_validation_error(anon_client):
    response = anon_client.get("/api/v1/categories/search", {"q": "   "})

    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert "q" in response.json()["details"]


def test_both_endpoints_are_in_the_openapi_schema(anon_client):
    schema = anon_client.get("/api/v1/schema", HTTP_ACCEPT="application/json").json()
    paths, components = schema["paths"], schema["components"]["schemas"]

    recommended = paths["/api/v1/mentors/recommended"]["get"]["responses"]
    assert set(recommended) >= {"200", "400", "401", "429"}
    assert recommended["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/PaginatedMatchOutList"
    )
    assert set(components["MatchOut"]["properties"]) == {
        "mentor",
        "match_score",
        "match_reasons",
        "common_skills",
    }
    search = paths["/api/v1/categories/search"]["get"]
    assert "q" in [p["name"] for p in search["parameters"]]
    assert "why_relevant" in components["CategoryHitOut"]["properties"]
