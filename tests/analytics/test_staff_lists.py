"""The staff dashboard's lists run the same queries for a page of 5 and one of 50, and page in the
envelope of API.md §0 (default 20)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentors.models import Category, Subject
from tests.analytics.world import NOW, booking, utc
from tests.cache import clear_cache
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory

URL = "/api/v1/staff/dashboard/"


def rows_for(route: str, size: int) -> None:
    mentor = MentorFactory()
    learner = UserFactory()
    category = Category.objects.create(name=f"Lists {size}", slug=f"lists-{size}")
    for index in range(size):
        subject = Subject.objects.create(name=f"S{size}-{index}", slug=f"s-{size}-{index}", category=category)
        booking(
            mentor,
            learner,
            start=utc(2027, 4, 1) + datetime.timedelta(hours=index),
            status="confirmed",
            subject=subject,
        )


def queries_for(client, route: str, size: int) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        body = client.get(URL + route, {"limit": size}).json()
    return len(queries), body


@pytest.mark.parametrize("route", ["recent-activities", "upcoming-sessions", "subject-distribution"])
def test_lists_run_a_constant_number_of_queries_at_5_and_50_rows(db, route, django_assert_max_num_queries):
    with time_machine.travel(NOW, tick=False):
        client = client_for(UserFactory(is_staff=True))
        client.get(URL + "stats")  # the staff member's session loads once, as on any request
        counts = {}
        for size in (5, 50):
            rows_for(route, size - (5 if size == 50 else 0))
            clear_cache()
            count, body = queries_for(client, route, size)
            assert len(body["items"]) == size, body["total"]
            counts[size] = count
        # The user, then count + page (or one grouped query, cached).
        with django_assert_max_num_queries(3):
            client.get(URL + route, {"limit": 50})
    assert counts[5] == counts[50]


def test_lists_page_like_every_other_list(db):
    with time_machine.travel(NOW, tick=False):
        rows_for("upcoming-sessions", 25)
        body = client_for(UserFactory(is_staff=True)).get(URL + "upcoming-sessions", {"page": 2}).json()
    assert (body["total"], body["page"], body["limit"], body["pages"], len(body["items"])) == (
        25,
        2,
        20,
        2,
        5,
    )
