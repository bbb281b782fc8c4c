"""The beat job stores the staff figures; a cold cache reads them while fresh (at most five
minutes old), and aggregates the tables itself otherwise."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from analytics.models.dashboards import StaffFigure
from analytics.services import staff_figures_refresh
from analytics.tasks import refresh_staff_figures
from tests.analytics.world import NOW, staff_world
from tests.cache import clear_cache
from tests.conftest import client_for
from tests.factories import UserFactory

URL = "/api/v1/staff/dashboard/"


def test_a_cold_cache_reads_the_stored_figures_until_they_are_five_minutes_old(db):
    with time_machine.travel(NOW, tick=False):
        world = staff_world()
        assert refresh_staff_figures() == 2  # New York (the staff member's) and UTC (the default)
        assert StaffFigure.objects.count() >= 8
        UserFactory()  # joins after the job ran
        clear_cache()
        client = client_for(world.staff)
        assert client.get(URL + "stats").json()["total_users"] == 5
        assert client.get(URL + "user-growth").json()["by_month"][-1]["total_users"] == 5
    with time_machine.travel(NOW + timedelta(minutes=6), tick=False):
        clear_cache()
        assert client.get(URL + "stats").json()["total_users"] == 6


def test_stored_figures_render_exactly_as_computed_ones(db):
    with time_machine.travel(NOW, tick=False):
        world = staff_world()
        client = client_for(world.staff)
        live = {
            route: client.get(URL + route).json()
            for route in (
                "stats",
                "monthly-revenue",
                "user-growth",
                "session-metrics",
                "subject-distribution",
            )
        }
        staff_figures_refresh()
        clear_cache()
        assert StaffFigure.objects.exists()
        for route, body in live.items():
            clear_cache()
            assert client.get(URL + route).json() == body, route


def test_old_stored_figures_are_forgotten(db):
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        staff_figures_refresh()
    assert StaffFigure.objects.exists()
    with time_machine.travel(NOW, tick=False):
        staff_figures_refresh()
    assert not StaffFigure.objects.filter(computed_at__lt=NOW - timedelta(days=1)).exists()
