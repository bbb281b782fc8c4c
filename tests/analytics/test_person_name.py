"""The name a timeline or staff list shows for an account is its display name, worked out in SQL:
never the whole e-mail address of another person."""

from __future__ import annotations

import pytest

from accounts.models import User
from analytics.selectors.unions import person_name
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"full_name": "Dana Fischer", "username": "dana"}, "Dana Fischer"),
        ({"full_name": "", "username": "dana"}, "dana"),
        ({"full_name": "", "username": None}, "dana.f"),
    ],
)
def test_the_name_is_the_display_name(db, fields, shown):
    user = UserFactory(email="dana.f@example.com", **fields)
    named = User.objects.filter(pk=user.pk).annotate(name=person_name("")).get()
    assert named.name == shown == user.display_name
