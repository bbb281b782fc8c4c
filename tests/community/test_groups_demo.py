"""seed_demo's groups part: public and private groups with posts and threads, a pending member,
an archived group and a cohort's discussion group; a second run adds nothing."""

from __future__ import annotations

import io

import pytest

from accounts import demo as accounts_demo
from community.demo import groups as demo
from community.models.groups import Comment, Group, GroupMembership, Post
from learning import demo as learning_demo
from mentors import demo as mentors_demo
from tests.conftest import ensure_taxonomy

pytestmark = pytest.mark.django_db


def test_the_demo_groups_and_again_adds_nothing():
    ensure_taxonomy()
    out = io.StringIO()
    for module in (accounts_demo, mentors_demo, learning_demo, demo):
        module.seed(out)

    assert Group.objects.filter(visibility="public", archived_at__isnull=True).count() >= 3
    assert Group.objects.filter(visibility="private").count() >= 2
    assert Group.objects.filter(archived_at__isnull=False).exists()
    assert Group.objects.filter(opportunity__isnull=False).exists()
    assert GroupMembership.objects.filter(status="pending", user__email="learner@mentora.local").exists()
    assert Post.objects.filter(is_pinned=True).exists()
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert "<strong>five</strong>" in Post.objects.get(title__startswith="How many users").body_html

    counts = (Group.objects.count(), Post.objects.count(), Comment.objects.count())
    demo.seed(io.StringIO())
    assert (Group.objects.count(), Post.objects.count(), Comment.objects.count()) == counts
