"""Schemathesis against the whole API (issue 13): for every operation of the OpenAPI document, a
fixed number of requests generated from the schema, sent through the WSGI app with a real token
of a seeded learner, mentor or staff member. Fails on any 5xx and on any response whose status,
content type or body the schema does not describe.

Stateless and small on purpose (EXAMPLES per operation, derandomised so a run is repeatable):
`make test` runs it on both databases within CI's time. Each operation is a test of its own, so
xdist spreads them and every operation starts from a clean database and cache.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework_simplejwt.tokens import RefreshToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_client import schema_for
from tests.conftest import ensure_taxonomy
from tests.factories import UserFactory
from tests.mentors.factories import RuleFactory, ScheduleFactory, ServiceFactory

EXAMPLES = 6
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

app = WSGIHandler()
schema = schemathesis.openapi.from_dict(schema_for("config.urls"))
schema.app = app


@pytest.fixture
def tokens(db):
    """A learner, an approved mentor with a schedule and a service, and a staff member."""
    ensure_taxonomy()
    learner = UserFactory(is_verified=True)
    schedule = ScheduleFactory(mentor__user__is_verified=True)
    RuleFactory(schedule=schedule)
    ServiceFactory(mentor=schedule.mentor)
    staff = UserFactory(is_staff=True, is_superuser=True, is_verified=True)
    return {
        name: f"Bearer {RefreshToken.for_user(user).access_token}"
        for name, user in (("learner", learner), ("mentor", schedule.mentor.user), ("staff", staff))
    }


@pytest.fixture
def no_rate_limits(settings):
    """Every generated request of an operation comes from one caller within a minute: the rate
    limits (tested on their own) would answer most of them 429 and hide what they exercise."""
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {scope: "100000/min" for scope in rates},
    }


@pytest.fixture
def same_connection():
    """The app runs in the test's thread: keep Django from closing the test's connection (and
    its open transaction) at each request's start and end, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def caller(path: str) -> str:
    if path.startswith("/api/v1/staff") or "/staff/" in path:
        return "staff"
    if path.startswith("/api/v1/mentors/me") or path.startswith("/api/v1/earnings") or "payouts" in path:
        return "mentor"
    return "learner"


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_operation_answers_as_its_schema_says(case, tokens, no_rate_limits, same_connection):
    case.call_and_validate(headers={"Authorization": tokens[caller(case.path)]}, checks=CHECKS)
