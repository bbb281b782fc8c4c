"""seed_demo's rewards part: the demo learner holds a certificate that verifies, points and
some achievements; a second run adds nothing."""

from __future__ import annotations

import io

import pytest

from accounts import demo as accounts_demo
from learning import demo
from learning.models import AchievementAward, Certificate
from mentors import demo as mentors_demo
from tests.conftest import ensure_taxonomy
from tests.learning.rewards_factories import ensure_achievements

pytestmark = pytest.mark.django_db


def test_the_demo_learner_has_a_certificate_and_achievements(anon_client):
    ensure_taxonomy()
    ensure_achievements()
    out = io.StringIO()
    for module in (accounts_demo, mentors_demo, demo):
        module.seed(out)
    certificate = Certificate.objects.get(user__email=demo.LEA)
    assert anon_client.get(f"/api/v1/certificates/verify/{certificate.verification_code}").json()["valid"]
    slugs = set(
        AchievementAward.objects.filter(user__email=demo.LEA).values_list("achievement__slug", flat=True)
    )
    assert {"first-steps", "course-finisher", "first-milestone"} <= slugs
    assert "Learning rewards:" in out.getvalue()
    demo.seed(io.StringIO())
    assert Certificate.objects.filter(user__email=demo.LEA).count() == 1
