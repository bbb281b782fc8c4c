"""Races: people asking for one portfolio address at once, and one person generating several
resumes at once."""

from __future__ import annotations

import pytest

from accounts.models import Portfolio, Resume
from accounts.portfolio.services import resume_generate
from tests.concurrency import run_together
from tests.conftest import client_for
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_one_address_asked_for_at_once_goes_to_one_person_and_the_rest_get_409():
    people = UserFactory.create_batch(5)

    def claim(user):
        return (
            client_for(user)
            .put(
                "/api/v1/users/me/portfolio",
                {"custom_url": "the-one", "featured_projects": []},
                format="json",
            )
            .status_code
        )

    assert sorted(run_together(claim, people)) == [200, 409, 409, 409, 409]
    assert Portfolio.objects.filter(custom_url="the-one").count() == 1


@pytest.mark.django_db(transaction=True)
def test_resumes_generated_at_once_each_get_their_own_version():
    learner = UserFactory()
    versions = run_together(lambda _: resume_generate(user=learner).version, range(4))
    assert sorted(versions) == [1, 2, 3, 4]
    assert Resume.objects.filter(user=learner).count() == 4
