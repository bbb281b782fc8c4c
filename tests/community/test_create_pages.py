"""The pages that start things: "Start a group" for mentors and staff. Each calls the service
the API calls; what the service refuses comes back on the form, next to its field, and nothing
is written."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from community.models.groups import Group, GroupMembership, MembershipRole
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory

pytestmark = pytest.mark.django_db

GROUP_NEW = reverse("community:group-new")


def browser_for(user=None) -> Client:
    browser = Client()
    if user is not None:
        browser.force_login(user)
    return browser


def html(browser: Client, name: str, *args) -> str:
    return browser.get(reverse(name, args=args)).content.decode()


def a_mentor(**user_fields):
    return MentorFactory(**{f"user__{name}": value for name, value in user_fields.items()}).user


# --- Start a group -----------------------------------------------------------------------------


def test_a_mentor_starts_a_public_group_and_lands_on_it_as_its_owner():
    mentor = a_mentor()
    me = browser_for(mentor)
    directory = html(me, "community:directory")
    assert f'href="{GROUP_NEW}"' in directory

    form = me.get(GROUP_NEW)
    assert form.status_code == 200
    assert 'for="id_name"' in form.content.decode()
    landed = me.post(
        GROUP_NEW,
        {"name": "Design critique", "description": "Show work in progress.", "rules": "- Be kind.",
         "visibility": "public"},
        follow=True,
    )  # fmt: skip

    group = Group.objects.get(name="Design critique")
    assert landed.redirect_chain == [(reverse("community:group", args=[group.pk]), 302)]
    assert group.owner == mentor and group.visibility == "public" and group.member_count == 1
    assert GroupMembership.objects.get(group=group, user=mentor).role == MembershipRole.OWNER
    page = landed.content.decode()
    assert "You are a owner of this group." in page
    assert "Public group: anyone can read it." in page


def test_a_learner_may_not_start_a_group_and_is_not_offered_to():
    learner = UserFactory()
    me = browser_for(learner)
    assert f'href="{GROUP_NEW}"' not in html(me, "community:directory")

    assert me.get(GROUP_NEW).status_code == 403
    refused = me.post(GROUP_NEW, {"name": "My own group", "visibility": "public"})
    assert refused.status_code == 403
    assert "You cannot open this page" in refused.content.decode()
    assert not Group.objects.exists()


@pytest.mark.parametrize("url", [GROUP_NEW])
def test_a_visitor_is_sent_to_log_in(url):
    answer = browser_for().get(url)
    assert answer.status_code == 302
    assert answer["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_a_group_without_a_name_is_shown_again_with_the_error_and_not_created():
    answer = browser_for(a_mentor()).post(
        GROUP_NEW, {"name": "  ", "description": "Kept", "visibility": "public"}
    )
    page = answer.content.decode()
    assert answer.status_code == 400
    assert '<ul class="field__errors" id="id_name_error">' in page
    assert 'aria-describedby="id_name_error"' in page and 'aria-invalid="true"' in page
    assert '<a href="#id_name">Name: This field is required.</a>' in page
    assert "Kept" in page
    assert not Group.objects.exists()
