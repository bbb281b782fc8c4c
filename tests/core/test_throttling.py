"""Rate limits of API.md §0 and the X-RateLimit-* headers."""

import os
import time

import pytest
from django.core.cache import cache

from core.throttling import hit, window_count_key
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


# On Redis each limit is counted by one Lua script (core.throttling._count_on_redis); these tests
# reach into Redis for the window's key, so they run in the PostgreSQL + Redis run only.
on_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="tests the counts kept on Redis")


def redis_client():
    return cache.client.get_client(write=True)


def redis_key(scope: str, ident: str) -> str:
    return cache.make_key(window_count_key(scope=scope, ident=ident))


@on_redis
def test_on_redis_the_sixty_first_call_of_a_minute_is_refused_until_the_window_ends():
    user = UserFactory()
    client = client_for(user)
    responses = [client.get("/api/v1/users/me") for _ in range(61)]

    assert [response.status_code for response in responses] == [200] * 60 + [429]
    assert [response["X-RateLimit-Remaining"] for response in responses[:3]] == ["59", "58", "57"]
    refused = responses[-1]
    assert refused.json()["error"] == "RATE_LIMITED"
    assert refused["X-RateLimit-Limit"] == "60"
    assert refused["X-RateLimit-Remaining"] == "0"
    assert 1 <= int(refused["Retry-After"]) <= 61  # core.exceptions rounds the wait up, plus one
    assert time.time() < int(refused["X-RateLimit-Reset"]) <= time.time() + 61
    assert redis_client().pttl(redis_key("user_minute", str(user.pk))) <= 60_000


@on_redis
def test_on_redis_a_window_lasts_from_the_first_call_and_a_new_one_opens_when_it_ends():
    key = redis_key("window", "one")
    start = time.time()
    assert [hit(scope="window", ident="one", rate="3/min", now=start)[0] for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert 59_000 < redis_client().pttl(key) <= 60_000

    # 40 seconds on: the refused calls since have not moved the window's end
    redis_client().pexpire(key, 20_000)
    allowed, state = hit(scope="window", ident="one", rate="3/min", now=start + 40)
    assert not allowed
    assert state.remaining == 0
    assert start + 59 <= state.reset <= start + 60

    # the window is over (Redis drops the expired count): the caller has three calls again
    redis_client().delete(key)
    allowed, state = hit(scope="window", ident="one", rate="3/min", now=start + 60)
    assert allowed
    assert state.remaining == 2
    assert start + 119 <= state.reset <= start + 120
    assert 59_000 < redis_client().pttl(key) <= 60_000


@on_redis
def test_on_redis_a_count_that_lost_its_expiry_still_ends():
    key = redis_key("window", "stuck")
    redis_client().set(key, 3)  # no expiry: without one the caller would be refused forever

    allowed, state = hit(scope="window", ident="stuck", rate="3/min")

    assert not allowed
    assert time.time() + 59 <= state.reset <= time.time() + 60
    assert 59_000 < redis_client().pttl(key) <= 60_000


@on_redis
@pytest.mark.django_db(transaction=True)
def test_on_redis_simultaneous_calls_never_pass_more_than_the_limit(settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "10/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}

    def call(_):
        return client_for().get("/api/v1/utils/countries", REMOTE_ADDR="203.0.113.50")

    responses = run_together(call, range(30))

    statuses = sorted(getattr(response, "status_code", response) for response in responses)
    assert statuses == [200] * 10 + [429] * 20
    assert int(redis_client().get(redis_key("anon", "203.0.113.50"))) == 30  # every call counted


@on_redis
def test_on_redis_each_limit_costs_one_command_per_request(monkeypatch):
    """A signed-in call passes two limits (a minute and an hour), an anonymous one one: each is
    one EVALSHA, not the add/get/add/incr of the other caches."""
    client = redis_client()
    commands: list[tuple] = []
    execute = client.execute_command

    def counting(*args, **options):
        commands.append(args)
        return execute(*args, **options)

    def rate_limit_commands(request) -> list[str]:
        request()  # loads the script into Redis the first time
        commands.clear()
        monkeypatch.setattr(client, "execute_command", counting)
        try:
            assert request().status_code == 200
        finally:
            monkeypatch.undo()
        return [args[0] for args in commands if any(":rl:" in str(arg) for arg in args)]

    signed_in = client_for(UserFactory())
    assert rate_limit_commands(lambda: signed_in.get("/api/v1/users/me")) == ["EVALSHA", "EVALSHA"]
    anonymous = client_for()
    assert rate_limit_commands(lambda: anonymous.get("/api/v1/utils/countries")) == ["EVALSHA"]
