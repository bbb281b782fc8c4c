"""seed_demo's accounts part: learners with filled profiles and pictures, idempotent."""

import io

import pytest

from accounts import demo
from accounts.models import LearnerProfile, User, UserSkill

pytestmark = pytest.mark.django_db


def test_seeding_twice_makes_each_learner_once_with_profile_skills_and_picture():
    demo.seed(io.StringIO())
    first = {u.email: u.avatar.name for u in User.objects.all()}

    out = io.StringIO()
    demo.seed(out)

    assert {u.email: u.avatar.name for u in User.objects.all()} == first  # nothing new, nothing replaced
    assert "kept learner maya@mentora.local" in out.getvalue()
    learners = User.objects.filter(email__in=[spec["email"] for spec, *_ in demo.DEMO_LEARNERS])
    assert learners.count() == 5
    for user in learners:
        assert user.avatar.name.endswith(".jpg")
        assert user.bio and user.location_country
        assert LearnerProfile.objects.get(user=user).learning_goals
        assert UserSkill.objects.filter(user=user).exists()
        assert user.check_password(demo.DEMO_PASSWORD)
