"""Fixtures of the bookings tests: a bookable mentor, a learner, their API clients, and a frozen
clock on a Monday morning (slots from 09:00 UTC that day on)."""

from __future__ import annotations

import datetime
from datetime import UTC

import pytest
import time_machine

from tests.api_client import APIClient
from tests.bookings.factories import bookable_mentor
from tests.factories import UserFactory

NOW = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # Monday 08:00 UTC


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def api_as(user) -> APIClient:
    """A client signed in as `user` whatever the frozen clock says (a JWT would expire when a
    test travels days ahead)."""
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def mentor_profile(db):
    return bookable_mentor()


@pytest.fixture
def learner_user(db):
    return UserFactory(timezone="UTC")


@pytest.fixture
def as_learner(learner_user):
    return api_as(learner_user)


@pytest.fixture
def as_mentor(mentor_profile):
    return api_as(mentor_profile.user)


@pytest.fixture
def stranger_client(db):
    return api_as(UserFactory())
