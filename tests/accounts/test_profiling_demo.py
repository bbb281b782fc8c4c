"""seed_demo: the demo learner has a completed interview and the profile built from it, once."""

import io

import pytest

from accounts import demo
from accounts.models import AIProfile, ProfilingSession, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("taxonomy")]


def test_the_demo_learner_has_a_completed_interview_and_profile_made_once():
    demo.seed(io.StringIO())
    out = io.StringIO()
    demo.seed(out)

    learner = User.objects.get(email="learner@mentora.local")
    assert learner.onboarding_completed
    assert ProfilingSession.objects.filter(user=learner, status="completed").count() == 1
    profile = AIProfile.objects.get(user=learner)
    assert "Figma" in {s["name"] for s in profile.skills}
    assert profile.recommended_categories
    assert "kept the demo learner's AI profile" in out.getvalue()
