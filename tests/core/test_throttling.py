"""Rate limits of API.md §0 and the X-RateLimit-* headers."""

import time

import pytest

from core.throttling import hit
from tests.concurrency import run_together
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def register(client, n: int, ip: str = "203.0.113.7", **extra):
    return client.post(
        "/api/v1/auth/register",
        {"email": f"racer{n}-{ip}@example.com", "password": "a-long-enough-pass", "full_name": "Racer"},
        format="json",
        REMOTE_ADDR=ip,
        **extra,
    )


def test_sixth_register_from_one_ip_in_a_minute_is_rate_limited(anon_client):
    for n in range(5):
        response = register(anon_client, n)
        assert response.status_code == 201
        assert response["X-RateLimit-Limit"] == "5"
        assert response["X-RateLimit-Remaining"] == str(4 - n)
    response = register(anon_client, 5)
    assert response.status_code == 429
    body = response.json()
    assert body["error"] == "RATE_LIMITED"
    assert response["X-RateLimit-Limit"] == "5"
    assert response["X-RateLimit-Remaining"] == "0"
    reset = int(response["X-RateLimit-Reset"])
    assert time.time() < reset <= time.time() + 61
    assert int(response["Retry-After"]) >= 1


def test_register_limit_is_per_ip(anon_client):
    for n in range(5):
        assert register(anon_client, n, ip="198.51.100.1").status_code == 201
    assert register(anon_client, 0, ip="198.51.100.2").status_code == 201


def test_a_forged_forwarded_for_does_not_move_the_per_ip_counter(anon_client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": None}
    statuses = [
        register(anon_client, n, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 192.0.2.{n}").status_code
        for n in range(6)
    ]
    assert statuses == [201] * 5 + [429]


def test_behind_configured_proxies_the_forwarded_address_is_the_client(anon_client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    statuses = [
        register(anon_client, n, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(6)
    ]
    assert statuses == [201] * 6
    # the address the proxy saw is the one counted, not whatever the client put before it
    spoofed = [
        register(anon_client, 10 + n, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.1").status_code
        for n in range(5)
    ]
    assert spoofed == [201] * 4 + [429]


def test_other_auth_calls_allow_ten_a_minute_per_ip(anon_client):
    statuses = [
        anon_client.post(
            "/api/v1/auth/password/reset", {"email": "x@example.com"}, REMOTE_ADDR="192.0.2.9"
        ).status_code
        for _ in range(11)
    ]
    assert statuses == [202] * 10 + [429]


def test_signed_in_calls_carry_rate_limit_headers():
    user = UserFactory()
    response = client_for(user).get("/api/v1/users/me")
    assert response.status_code == 200
    # the tightest of 60/min and 1,000/h is the minute window
    assert response["X-RateLimit-Limit"] == "60"
    assert response["X-RateLimit-Remaining"] == "59"


def test_signed_in_users_get_sixty_calls_a_minute():
    client = client_for(UserFactory())
    statuses = [client.get("/api/v1/users/me").status_code for _ in range(61)]
    assert statuses.count(200) == 60
    assert statuses[-1] == 429


def test_concurrent_requests_never_share_the_last_place():
    """The count is an atomic cache increment: of 20 simultaneous calls on a 5/min limit, 5 pass."""
    results = run_together(lambda _: hit(scope="race", ident="one", rate="5/min")[0], range(20))
    assert results.count(True) == 5, results
