"""core.outage and the fail-open rate limits: a Redis outage is logged once, tried again after a
pause, and costs REST nothing but its rate limits. (tests/core/test_redis_outage.py stops a real
Redis under a live server; these run on the embedded default too.)"""

from __future__ import annotations

import logging

import pytest
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from core.outage import Outage
from tests.conftest import client_for
from tests.factories import DEFAULT_PASSWORD, UserFactory

# Nothing listens on port 1: every connection is refused at once.
UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }
}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_outage_is_logged_once_and_tried_again_only_after_the_pause(caplog):
    clock = FakeClock()
    outage = Outage("Redis", consequence="nothing is counted", retry_after=1.0, clock=clock)
    tries = []

    def refused():
        tries.append(clock.now)
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with caplog.at_level(logging.INFO, logger="mentora.outage"):
        assert outage.attempt(refused, fallback="open") == "open"
        assert outage.attempt(refused, fallback="open") == "open"  # within the pause: not tried
        clock.now += 1.0
        assert outage.attempt(refused, fallback="open") == "open"
        clock.now += 1.0
        assert outage.attempt(lambda: "counted", fallback="open") == "counted"
        assert outage.attempt(lambda: "counted", fallback="open") == "counted"

    assert tries == [1000.0, 1001.0]
    assert [(r.levelname, r.getMessage().split(" (")[0]) for r in caplog.records] == [
        ("WARNING", "Redis is unreachable"),
        ("INFO", "Redis answers again."),
    ]


def test_a_bug_is_not_taken_for_an_outage():
    outage = Outage("Redis", consequence="nothing is counted")
    with pytest.raises(ZeroDivisionError):
        outage.attempt(lambda: 1 / 0, fallback=None)


@pytest.mark.django_db
def test_rest_answers_without_rate_limits_while_the_cache_is_unreachable(caplog):
    api = client_for(UserFactory())
    with (
        override_settings(CACHES=UNREACHABLE_CACHE),
        caplog.at_level(logging.WARNING, logger="mentora.outage"),
    ):
        answers = [api.get("/api/v1/notifications") for _ in range(3)]
        answers.append(client_for().get("/api/v1/mentors"))
        answers.append(
            client_for().post(
                "/api/v1/auth/register",
                {"email": "newcomer@example.com", "password": "a-long-enough-pass", "full_name": "New"},
                format="json",
            )
        )

    assert [r.status_code for r in answers] == [200, 200, 200, 200, 201]
    assert not any("X-RateLimit-Remaining" in r for r in answers)  # nothing counted, nothing promised
    warnings = [r.getMessage() for r in caplog.records if r.name == "mentora.outage"]
    assert len(warnings) == 1 and warnings[0].startswith("The cache is unreachable")


@pytest.mark.django_db
def test_people_still_log_in_while_the_cache_is_unreachable():
    UserFactory(email="owner@example.com")
    login = {"email": "owner@example.com", "password": DEFAULT_PASSWORD}
    with override_settings(CACHES=UNREACHABLE_CACHE):
        wrong = client_for().post("/api/v1/auth/login", {**login, "password": "wrong"}, format="json")
        right = client_for().post("/api/v1/auth/login", login, format="json")

    assert wrong.status_code == 401
    assert right.status_code == 200 and right.json()["access"]
