"""Fixtures of the mentors tests: a local calendar server and the setting that lets us reach it."""

import pytest

from tests.mentors.feed_server import FeedServer


@pytest.fixture
def feed_server():
    with FeedServer() as server:
        yield server


@pytest.fixture
def allow_private_feeds(settings):
    """The test server lives on 127.0.0.1, which production refuses (the default, False)."""
    settings.CALENDAR_FEEDS_ALLOW_PRIVATE = True
