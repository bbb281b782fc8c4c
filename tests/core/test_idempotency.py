"""Idempotency-Key: one effect and one stored response per key."""

import pytest
from django.contrib.auth.models import Group

from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls")]


def post(client, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/test/groups", body, format="json", **headers)


def test_same_key_ten_times_creates_once_and_replays_the_first_response():
    client = client_for(UserFactory())
    responses = [post(client, {"name": "team"}, key="k-1") for _ in range(10)]
    assert Group.objects.count() == 1
    assert {r.status_code for r in responses} == {201}
    assert all(r.json() == responses[0].json() for r in responses)
    assert "Idempotent-Replayed" not in responses[0]
    assert responses[1]["Idempotent-Replayed"] == "true"


def test_same_key_with_another_body_is_a_conflict():
    client = client_for(UserFactory())
    assert post(client, {"name": "team"}, key="k-2").status_code == 201
    response = post(client, {"name": "other"}, key="k-2")
    assert response.status_code == 409
    assert response.json()["error"] == "CONFLICT"
    assert response.json()["details"]["reason"] == "idempotency_key_reused"
    assert Group.objects.count() == 1


def test_without_a_key_every_call_creates():
    client = client_for(UserFactory())
    post(client, {"name": "team"})
    post(client, {"name": "team"})
    assert Group.objects.count() == 2


def test_keys_are_per_user():
    first, second = client_for(UserFactory()), client_for(UserFactory())
    assert post(first, {"name": "team"}, key="shared").status_code == 201
    assert post(second, {"name": "team"}, key="shared").status_code == 201
    assert Group.objects.count() == 2


def test_a_failed_first_attempt_frees_the_key_for_a_retry():
    client = client_for(UserFactory())
    refused = post(client, {"name": "team", "fail": True}, key="k-3")
    assert refused.status_code == 409
    # the retry carries the same key but a corrected body
    assert post(client, {"name": "team"}, key="k-3").status_code == 201
    assert Group.objects.count() == 1


def test_an_overlong_key_is_refused():
    client = client_for(UserFactory())
    response = post(client, {"name": "team"}, key="x" * 256)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["details"]
