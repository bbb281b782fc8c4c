"""Issue 13: a burst waits for a free connection or answers 503 with Retry-After, never a 500,
and a server never holds more connections than its pool (core.capacity, settings DB_POOL_*)."""

from __future__ import annotations

import asyncio
import json

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.db import OperationalError, connection
from django.test import RequestFactory
from psycopg_pool import PoolTimeout

from core.capacity import ConcurrencyLimit, PoolExhaustedMiddleware
from core.exceptions import api_exception_handler
from tests import asgi_processes as asgi

HTTP = {"type": "http", "method": "GET", "path": "/api/v1/bookings"}


async def _no_body():
    return {"type": "http.request", "body": b"", "more_body": False}


def _two_requests_one_place(*, wait: float) -> tuple[list[dict], list[dict]]:
    """Two requests through a limit of one: the first holds its place until the second has its
    answer (or, when the second may wait long enough, until the second starts waiting)."""

    async def scenario():
        started, release = asyncio.Event(), asyncio.Event()

        async def app(scope, receive, send):
            started.set()
            await release.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"{}"})

        limited = ConcurrencyLimit(app, limit=1, wait=wait)
        first_sent: list[dict] = []
        second_sent: list[dict] = []

        async def collect_first(message):
            first_sent.append(message)

        async def collect_second(message):
            second_sent.append(message)

        first = asyncio.create_task(limited(HTTP, _no_body, collect_first))
        await started.wait()
        started.clear()
        second = asyncio.create_task(limited(HTTP, _no_body, collect_second))
        if wait < 1:
            await second  # its wait runs out while the first still holds the place
            release.set()
        else:
            for _ in range(10):  # a few turns of the loop: the second reaches the queue and waits
                await asyncio.sleep(0)
            assert second_sent == []
            release.set()
            await second
        await first
        return first_sent, second_sent

    return async_to_sync(scenario)()


def test_a_request_that_finds_no_free_place_in_time_answers_503_with_retry_after():
    first, second = _two_requests_one_place(wait=0.01)

    assert first[0]["status"] == 200
    assert second[0]["status"] == 503
    headers = dict(second[0]["headers"])
    assert headers[b"retry-after"] == b"2"
    assert headers[b"content-type"] == b"application/json"
    body = json.loads(second[1]["body"])
    assert body["error"] == "SERVICE_UNAVAILABLE"
    assert set(body) == {"error", "message", "details"}


def test_a_request_that_finds_the_places_taken_waits_its_turn_and_is_served():
    first, second = _two_requests_one_place(wait=30)

    assert [first[0]["status"], second[0]["status"]] == [200, 200]


def _pool_timeout() -> OperationalError:
    """The error Django raises when the pool has no connection to give (it wraps psycopg's)."""
    try:
        try:
            raise PoolTimeout("couldn't get a connection after 5.00 sec")
        except PoolTimeout as error:
            raise OperationalError(str(error)) from error
    except OperationalError as wrapped:
        return wrapped


def test_an_api_call_that_finds_no_free_connection_answers_503_with_retry_after():
    response = api_exception_handler(_pool_timeout(), {})

    assert response.status_code == 503
    assert response.data["error"] == "SERVICE_UNAVAILABLE"
    assert response["Retry-After"] == "2"


def test_a_page_that_finds_no_free_connection_answers_503_with_retry_after():
    middleware = PoolExhaustedMiddleware(lambda request: None)
    request = RequestFactory().get("/bookings/")

    response = middleware.process_exception(request, _pool_timeout())

    assert response.status_code == 503
    assert json.loads(response.content)["error"] == "SERVICE_UNAVAILABLE"
    assert response["Retry-After"] == "2"
    # Any other database error stays a bug, reported as one.
    assert middleware.process_exception(request, OperationalError("server closed the connection")) is None


# --- a real server: uvicorn, two processes, the pool ---------------------------------------------

POOL_SIZE = 4
WORKERS = 2
RACERS = 100


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_100_bookings_on_a_real_server_stays_within_the_pool_and_never_answers_5xx():
    if connection.vendor != "postgresql":
        pytest.skip("the connection pool is PostgreSQL's (the embedded SQLite default has none)")
    mentor = asgi.bookable_around_the_clock()
    tokens = asgi.learner_tokens(RACERS)
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,  # the tokens above are signed with it
        "DATABASE_URL": asgi.database_url(connection.settings_dict),
        "DB_POOL": "true",
        "DB_POOL_MIN_SIZE": "1",
        "DB_POOL_MAX_SIZE": str(POOL_SIZE),
        # Long enough that a slow machine queues the whole burst rather than shedding it: this
        # test is about the connections; the 503 of a full queue is tested above.
        "HTTP_QUEUE_TIMEOUT": "120",
        "DB_POOL_TIMEOUT": "120",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "memory://",
    }
    conninfo = asgi.database_url(connection.settings_dict).replace("postgres://", "postgresql://", 1)

    with asgi.UvicornProcesses(env=env, workers=WORKERS) as server:
        slot = asgi.free_slot_ids(server.url, mentor, 1)
        with asgi.ConnectionCounter(conninfo=conninfo, server=server) as counter:
            answers = asgi.burst(server.url, asgi.bookings(tokens, slot))
        after = counter.now()

    assert asgi.statuses(answers) == {"201": 1, "409": RACERS - 1}, [
        a.body if isinstance(a, asgi.Answer) else repr(a) for a in answers
    ]
    assert counter.samples > 0
    assert 0 < counter.peak <= WORKERS * POOL_SIZE
    # The connections went back to the pools; none was opened past them.
    assert after <= WORKERS * POOL_SIZE
