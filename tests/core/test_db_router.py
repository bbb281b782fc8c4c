"""config.db_router: which reads a read replica may serve (DATABASE_REPLICA_URL), and which stay
on the primary (read-your-writes). The router is tried as if a replica were configured: the test
settings have none, so nothing is routed in any other test."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import User
from bookings.models import Booking
from config import db_router
from config.db_router import ReplicaReadsMiddleware, ReplicaRouter, primary_reads, replica_reads
from mentors.models import MentorProfile


@pytest.fixture
def router(monkeypatch) -> ReplicaRouter:
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    return ReplicaRouter()


def test_without_a_replica_nothing_is_routed():
    # (On PostgreSQL the tests' own router builds dj-stripe's tables: tests/djstripe_schema.py.)
    assert "config.db_router.ReplicaRouter" not in settings.DATABASE_ROUTERS
    assert "replica" not in settings.DATABASES
    with replica_reads():
        assert ReplicaRouter().db_for_read(MentorProfile) == "default"


def test_only_marked_reads_go_to_the_replica(router):
    assert router.db_for_read(MentorProfile) == "default"
    with replica_reads():
        assert router.db_for_read(MentorProfile) == "replica"
        assert router.db_for_read(Booking) == "replica"
    assert router.db_for_read(MentorProfile) == "default"


def test_who_is_asking_is_always_read_from_the_primary(router):
    with replica_reads():
        assert router.db_for_read(User) == "default"
        assert router.db_for_read(Session) == "default"


def test_after_a_write_the_rest_of_the_scope_reads_the_primary(router):
    with replica_reads():
        assert router.db_for_write(Booking) == "default"
        assert router.db_for_read(MentorProfile) == "default"
    with replica_reads():  # the next request starts afresh
        assert router.db_for_read(MentorProfile) == "replica"


def test_reads_inside_a_transaction_stay_on_the_primary(router, monkeypatch):
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    with replica_reads():
        assert router.db_for_read(MentorProfile) == "default"


def test_primary_reads_pins_a_block_inside_a_marked_one(router):
    with replica_reads():
        with primary_reads():
            assert router.db_for_read(MentorProfile) == "default"
        assert router.db_for_read(MentorProfile) == "replica"


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("get", "/api/v1/mentors", "replica"),
        ("get", "/api/v1/slots", "replica"),
        ("get", "/api/v1/bookings", "default"),  # the caller's own bookings: read-your-writes
        ("post", "/api/v1/bookings", "default"),
        ("post", "/api/v1/mentors", "default"),
        ("get", "/api/v1/no-such-route", "default"),
    ],
)
def test_the_middleware_marks_get_requests_to_the_listed_routes(router, method, path, expected):
    seen = []

    def view(request):
        seen.append(router.db_for_read(MentorProfile))
        return HttpResponse()

    ReplicaReadsMiddleware(view)(getattr(RequestFactory(), method)(path))
    assert seen == [expected]


def _route_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _route_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_listed_route_exists():
    assert set(settings.REPLICA_READ_ROUTES) <= _route_names(get_resolver())
