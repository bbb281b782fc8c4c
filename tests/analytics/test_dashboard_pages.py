"""The pages: your progress (dashboard and timeline), your statistics as a mentor with charts."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from tests.analytics.test_dashboard import learner_world
from tests.analytics.world import NOW
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_progress_shows_my_figures_next_steps_and_timeline(db):
    with time_machine.travel(NOW, tick=False):
        me, mentor = UserFactory(), MentorFactory()
        learner_world(me, mentor)
        page = signed_in(me).get("/analytics/me/").content.decode()
    assert "<dt>Hours learned</dt><dd>3.0</dd>" in page
    assert "<dt>Points</dt><dd>300 (level 3)</dd>" in page
    assert 'href="/learning/paths/' in page and "Functions" in page
    assert f'href="/mentors/{mentor.pk}/"' in page
    assert "Session completed" in page and "Milestone completed: Variables" in page


def test_my_mentor_statistics_page_has_charts_with_tables(db):
    with time_machine.travel(NOW, tick=False):
        mentor = MentorFactory()
        client = signed_in(mentor.user)
        page = client.get("/analytics/me/mentor-stats/").content.decode()
        for name in ("outcomes", "ratings", "trend"):
            assert f'src="/analytics/me/mentor-stats/charts/{name}.svg"' in page
            chart = client.get(f"/analytics/me/mentor-stats/charts/{name}.svg")
            assert chart.status_code == 200 and b"<script" not in chart.content
    assert page.count("The table below lists the same figures.") == 3
    assert "Median time to your first reply" in page


@pytest.mark.parametrize(
    "path", ["/analytics/me/mentor-stats/", "/analytics/me/mentor-stats/charts/trend.svg"]
)
def test_mentor_statistics_pages_are_403_to_non_mentors(db, path):
    assert signed_in(UserFactory()).get(path).status_code == 403
    assert signed_in(MentorFactory(status="pending_approval").user).get(path).status_code == 403


def test_pages_need_signing_in(db):
    assert Client().get("/analytics/me/").status_code == 302
    assert Client().get("/analytics/me/mentor-stats/").status_code == 302


def test_the_chart_images_draw_what_the_page_worked_out_instead_of_working_it_out_again(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with time_machine.travel(NOW, tick=False):
        mentor = MentorFactory()
        client = signed_in(mentor.user)
        client.get("/analytics/me/mentor-stats/")
        with CaptureQueriesContext(connection) as queries:
            for name in ("outcomes", "ratings", "trend"):
                assert client.get(f"/analytics/me/mentor-stats/charts/{name}.svg").status_code == 200
        assert client.get("/analytics/me/mentor-stats/charts/nothing.svg").status_code == 404
    # Each image: the session, its user and the mentor profile; no statistics.
    assert len(queries) <= 3 * 3, [q["sql"][:80] for q in queries]
