"""The list envelope and its headers, as every list endpoint returns them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls")]


def test_envelope_and_headers(anon_client):
    UserFactory.create_batch(7)
    response = anon_client.get("/api/v1/test/users?page=2&limit=3")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "total", "page", "limit", "pages"}
    assert (body["total"], body["page"], body["limit"], body["pages"]) == (7, 2, 3, 3)
    assert len(body["items"]) == 3
    assert response["X-Total-Count"] == "7"
    assert response["X-Page"] == "2"
    assert response["X-Page-Size"] == "3"


def test_default_limit_is_20_and_at_most_100(anon_client):
    UserFactory.create_batch(21)
    assert anon_client.get("/api/v1/test/users").json()["limit"] == 20
    body = anon_client.get("/api/v1/test/users?limit=1000").json()
    assert body["limit"] == 100
    assert len(body["items"]) == 21


def test_page_past_the_end_is_empty(anon_client):
    UserFactory.create_batch(2)
    body = anon_client.get("/api/v1/test/users?page=9").json()
    assert body["items"] == []
    assert body["total"] == 2


@pytest.mark.parametrize("query", ["page=zero", "page=0", "limit=-1", "limit=abc"])
def test_bad_page_or_limit_is_a_validation_error(anon_client, query):
    response = anon_client.get(f"/api/v1/test/users?{query}")
    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"


@pytest.mark.parametrize("rows", [5, 50])
def test_list_runs_the_same_queries_whatever_the_page_holds(anon_client, rows):
    UserFactory.create_batch(rows)
    with CaptureQueriesContext(connection) as queries:
        response = anon_client.get(f"/api/v1/test/users?limit={rows}")
    assert len(response.json()["items"]) == rows
    # one COUNT for the total, one SELECT for the page
    assert len(queries) == 2, [q["sql"] for q in queries]
