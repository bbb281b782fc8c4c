"""Fixtures every test can use: API clients for each kind of caller, factories, a clean cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _clean_cache():
    """Throttle counters and other cached state never leak from one test into the next.

    On Redis each xdist worker has its own key prefix (config/settings/test.py), so this
    removes only this worker's keys.
    """
    _clear_cache()
    yield
    _clear_cache()


def _clear_cache() -> None:
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        from rest_framework_simplejwt.tokens import RefreshToken

        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


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
