"""seed_demo's events part: upcoming online and in-person events in several cities (time zones
from their coordinates), one nearly full, the paid workshop of learning's demo; again adds nothing."""

from __future__ import annotations

import io

import pytest

from accounts import demo as accounts_demo
from community.demo import events as demo
from community.models.events import Event
from community.selectors.events import going_count
from learning import demo as learning_demo
from mentors import demo as mentors_demo
from tests.conftest import ensure_taxonomy

pytestmark = pytest.mark.django_db


def test_the_demo_events_and_a_second_run_adds_nothing():
    ensure_taxonomy()
    out = io.StringIO()
    for module in (accounts_demo, mentors_demo, learning_demo, demo):
        module.seed(out)

    events = Event.objects.all()
    in_person = events.filter(is_online=False)
    assert events.filter(is_online=True).exists()
    assert in_person.values("city").distinct().count() >= 4
    zones = dict(in_person.values_list("city", "timezone"))
    assert zones["Berlin"] == "Europe/Berlin"
    assert zones["Tokyo"] == "Asia/Tokyo"
    nearly_full = events.get(title=demo.NEARLY_FULL)
    assert going_count(nearly_full) == nearly_full.capacity - 1
    paid = events.get(opportunity__isnull=False)
    assert paid.opportunity.title == demo.PAID_WORKSHOP
    assert paid.opportunity.is_paid

    count = events.count()
    demo.seed(io.StringIO())
    assert Event.objects.count() == count
