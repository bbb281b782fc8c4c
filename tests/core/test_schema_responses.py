"""The API test client (tests/api_client.py) holds every response to the OpenAPI document."""

import re
from pathlib import Path

import pytest

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls")]

DRIFTED = "/api/v1/test/drifted"


def test_a_body_that_drifts_from_its_serializer_fails_the_test(anon_client):
    UserFactory()
    with pytest.raises(AssertionError, match="at \\(body\\): 'email' is a required property"):
        anon_client.get(DRIFTED)


def test_a_status_the_schema_does_not_document_fails_the_test(anon_client):
    UserFactory()
    with pytest.raises(AssertionError, match="POST /api/v1/test/drifted -> 202: not in the OpenAPI schema"):
        anon_client.post(DRIFTED)


def test_an_undocumented_error_must_still_have_the_error_shape(anon_client):
    with pytest.raises(AssertionError, match="not the error shape"):
        anon_client.delete(DRIFTED)


def test_a_response_that_matches_passes_through(anon_client):
    UserFactory(email="kim@example.com")
    assert anon_client.get("/api/v1/test/users").json()["items"][0]["email"] == "kim@example.com"


def test_every_test_uses_the_validating_client():
    tests = Path(__file__).resolve().parents[1]
    direct = re.compile(
        r"from rest_framework\.test import [^\n]*\bAPIClient\b|rest_framework\.test\.APIClient\("
    )
    offenders = [
        str(path.relative_to(tests))
        for path in tests.rglob("*.py")
        if path.name != "api_client.py" and direct.search(path.read_text())
    ]
    assert offenders == []


def test_no_test_empties_the_whole_cache():
    """django-redis's clear() is FLUSHDB: it would wipe the other xdist workers' counters
    mid-test (their log-in limits then let guesses through). tests/cache.clear_cache() removes
    only this worker's keys."""
    tests = Path(__file__).resolve().parents[1]
    offenders = [
        str(path.relative_to(tests))
        for path in tests.rglob("*.py")
        if path.name != "cache.py" and re.search(r"\bcache\.clear\(\)", path.read_text())
    ]
    assert offenders == []
