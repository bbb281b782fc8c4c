"""Fixtures every test can use: API clients for each kind of caller, factories, a clean cache."""

from __future__ import annotations

from importlib import import_module

import pytest

from tests.api_client import APIClient
from tests.cache import clear_cache
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _clean_cache():
    """Throttle counters and other cached state never leak from one test into the next.

    On Redis each xdist worker has its own key prefix (config/settings/test.py), so this
    removes only this worker's keys.
    """
    clear_cache()
    yield
    clear_cache()


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        from rest_framework_simplejwt.tokens import RefreshToken

        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


def ensure_taxonomy() -> None:
    """The 22 categories come from a data migration, and a transactional test (a browser test,
    a race test) that ran earlier in this worker flushed every table: load them again then."""
    from django.apps import apps

    from mentors.models import Category

    if not Category.objects.exists():
        import_module("mentors.migrations.0003_taxonomy").load(apps, None)


@pytest.fixture
def taxonomy(db):
    """For tests that use the categories and subjects the migrations load."""
    ensure_taxonomy()


@pytest.fixture
def anon_client() -> APIClient:
    return APIClient()


@pytest.fixture
def learner(db):
    return UserFactory()


@pytest.fixture
def mentor(db):
    return UserFactory(is_mentor=True)


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def learner_client(learner) -> APIClient:
    return client_for(learner)


@pytest.fixture
def mentor_client(mentor) -> APIClient:
    return client_for(mentor)


@pytest.fixture
def staff_client(staff) -> APIClient:
    return client_for(staff)


@pytest.fixture
def asgi_live_server(transactional_db):
    """The project's ASGI application (HTTP and sockets) served by a real server, uvicorn, in a
    thread of the test process (tests/e2e/asgi_server.py)."""
    from config.asgi import application
    from tests.e2e.asgi_server import AsgiLiveServer

    with AsgiLiveServer(application) as server:
        yield server
