"""The community pages read a constant number of queries whatever their lists hold: the group page
(its posts), a post (its comment threads with replies), the members page and the events list,
each at 5 and at 50 rows, as a moderator (who also sees pending requests and hidden items)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.community import events_factories
from tests.community.group_factories import a_comment, a_group, a_post, member_of

pytestmark = pytest.mark.django_db


def _queries(user, url: str) -> int:
    browser = Client()
    browser.force_login(user)
    browser.get(url)  # the session and anything a first visit warms
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries)


def _group_page(rows: int):
    group = a_group()
    for n in range(rows):
        a_post(group, title=f"Question {n}")
    return group.owner, reverse("community:group", args=[group.pk])


def _post_page(rows: int):
    group = a_group()
    post = a_post(group)
    for _ in range(rows):
        a_comment(post, parent=a_comment(post))
    return group.owner, reverse("community:post", args=[post.pk])


def _members_page(rows: int):
    group = a_group(visibility="private")
    for _ in range(rows):
        member_of(group)
    return group.owner, reverse("community:members", args=[group.pk])


def _events_list(rows: int):
    host = a_group().owner
    for _ in range(rows):
        events_factories.an_event(host=host)
    return host, reverse("community:events")


@pytest.mark.parametrize("page", [_group_page, _post_page, _members_page, _events_list])
def test_a_page_reads_as_many_queries_for_50_rows_as_for_5(page):
    counts = {rows: _queries(*page(rows)) for rows in (5, 50)}
    assert counts[5] == counts[50], counts
