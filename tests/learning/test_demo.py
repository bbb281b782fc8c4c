"""seed_demo's learning part: a catalogue of 30+ opportunities across types and categories with
lessons; Lea has a course in progress, a finished one and an active path; a mentor authors a
workshop; a second run adds nothing."""

from __future__ import annotations

import io

import pytest

from accounts import demo as accounts_demo
from learning import demo
from learning.models import Enrollment, LearningPath, Opportunity, OpportunityStatus
from mentors import demo as mentors_demo
from tests.conftest import ensure_taxonomy

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = io.StringIO()
    for module in (accounts_demo, mentors_demo, demo):
        module.seed(out)
    return out.getvalue()


def test_the_demo_catalogue_and_lea_and_again_adds_nothing():
    ensure_taxonomy()
    _seed()

    published = Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED)
    assert published.count() >= 30
    assert set(published.values_list("type", flat=True)) == {
        "course",
        "workshop",
        "group",
        "mentorship",
        "job",
    }
    assert published.values("category").distinct().count() >= 8
    assert all(o.lessons.exists() for o in published.filter(type="course"))
    assert published.filter(type="workshop", mentor__user__email=mentors_demo._email("Dana Fischer")).exists()

    statuses = set(Enrollment.objects.filter(user__email=demo.LEA).values_list("status", flat=True))
    assert statuses == {"in_progress", "completed"}
    path = LearningPath.objects.get(user__email=demo.LEA, status="active")
    assert path.current_step == 2

    count = Opportunity.objects.count()
    _seed()
    assert Opportunity.objects.count() == count
    assert Enrollment.objects.filter(user__email=demo.LEA).count() == 2
