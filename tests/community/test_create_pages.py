"""The pages that start things: "Start a group" for mentors and staff, "Host an event" for
mentors, staff and a group's owner or moderators. Each calls the service the API calls; what
the service refuses comes back on the form, next to its field, and nothing is written."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.models.events import Event
from community.models.groups import Group, GroupMembership, MembershipRole
from tests.community.events_factories import join
from tests.community.group_factories import a_group, member_of
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory

pytestmark = pytest.mark.django_db

GROUP_NEW = reverse("community:group-new")
EVENT_NEW = reverse("community:event-new")
NEW_YORK = ZoneInfo("America/New_York")


def browser_for(user=None) -> Client:
    browser = Client()
    if user is not None:
        browser.force_login(user)
    return browser


def html(browser: Client, name: str, *args) -> str:
    return browser.get(reverse(name, args=args)).content.decode()


def a_mentor(**user_fields):
    return MentorFactory(**{f"user__{name}": value for name, value in user_fields.items()}).user


def local_minutes(moment: datetime) -> str:
    """What a datetime-local input sends for `moment`'s wall clock."""
    return moment.strftime("%Y-%m-%dT%H:%M")


def next_week_at(hour: int, zone: ZoneInfo = NEW_YORK) -> datetime:
    day = (timezone.now() + timedelta(days=7)).astimezone(zone)
    return day.replace(hour=hour, minute=30, second=0, microsecond=0)


def online_event(**fields) -> dict:
    start = next_week_at(18)
    return {
        "type": "webinar",
        "title": "Portfolio review night",
        "description": "Bring **one** project.",
        "starts_at": local_minutes(start),
        "ends_at": local_minutes(start + timedelta(hours=2)),
        "is_online": "true",
        "online_url": "https://meet.example.com/abc-defg-hij",
        **fields,
    }


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


@pytest.mark.parametrize("url", [GROUP_NEW, EVENT_NEW])
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


# --- Host an event -----------------------------------------------------------------------------


def test_an_event_in_a_group_keeps_the_hosts_local_time_and_lands_on_its_page():
    mentor = a_mentor(timezone="America/New_York")
    group = a_group(owner=mentor, name="Design critique")
    start = next_week_at(18)
    me = browser_for(mentor)

    form = me.get(EVENT_NEW, {"group": str(group.pk)}).content.decode()
    assert f'<option value="{group.pk}" selected>Design critique</option>' in form
    assert 'type="datetime-local"' in form and "In your time zone, America/New_York." in form
    landed = me.post(EVENT_NEW, online_event(group_id=str(group.pk), capacity="12"), follow=True)

    event = Event.objects.get()
    assert landed.redirect_chain == [(reverse("community:event", args=[event.pk]), 302)]
    # 18:30 on the New York wall clock, stored in UTC (4 or 5 hours later, by the season).
    assert event.starts_at == start.astimezone(ZoneInfo("UTC"))
    assert event.starts_at.astimezone(NEW_YORK).hour == 18
    assert event.ends_at - event.starts_at == timedelta(hours=2)
    assert (event.group, event.host, event.capacity) == (group, mentor, 12)
    assert event.timezone == "America/New_York"
    assert "Portfolio review night" in landed.content.decode()


def test_an_in_person_event_takes_its_zone_from_the_place_and_its_times_from_the_host():
    mentor = a_mentor(timezone="America/New_York")
    start = next_week_at(18)
    answer = browser_for(mentor).post(
        EVENT_NEW,
        online_event(
            type="meetup", is_online="false", online_url="", venue="Impact Hub", address="Rudi-Dutschke-Str. 23",
            city="Berlin", country="de", latitude="52.5069", longitude="13.3906",
        ),
    )  # fmt: skip
    event = Event.objects.get()
    assert answer.status_code == 302
    assert (event.is_online, event.country, event.timezone) == (False, "DE", "Europe/Berlin")
    assert event.starts_at == start.astimezone(ZoneInfo("UTC"))


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ends_at": local_minutes(next_week_at(17))}, "ends_at", "The event must end after it starts."),
        (
            {"starts_at": local_minutes(next_week_at(18) - timedelta(days=14))},
            "starts_at",
            "The event must start in the future.",
        ),
        ({"online_url": ""}, "online_url", "An online event needs its link."),
        ({"is_online": "false", "online_url": ""}, "address", "An in-person event needs an address or a venue."),
        ({"is_online": "false", "address": "Main St 1"}, "latitude", "An in-person event needs its coordinates."),
        ({"title": ""}, "title", "This field is required."),
    ],
    ids=["ends-before-start", "starts-in-the-past", "online-without-link", "no-address", "no-coordinates",
         "no-title"],
)  # fmt: skip
def test_an_event_the_rules_refuse_is_shown_again_with_the_error_on_its_field(change, field, message):
    mentor = a_mentor(timezone="America/New_York")
    answer = browser_for(mentor).post(EVENT_NEW, online_event(**change))
    page = answer.content.decode()
    assert answer.status_code == 400
    assert f'<ul class="field__errors" id="id_{field}_error">' in page
    assert message in page.split(f'id="id_{field}_error">')[1].split("</ul>")[0]
    assert "Portfolio review night" in page or field == "title"
    assert not Event.objects.exists()


def test_a_moderator_hosts_in_the_groups_they_moderate_and_nowhere_else():
    moderator = UserFactory(timezone="America/New_York")
    theirs = a_group(name="Theirs")
    join(theirs, moderator, role=MembershipRole.MODERATOR)
    other = a_group(name="Other")
    member_of(other, moderator)
    me = browser_for(moderator)

    assert f'href="{EVENT_NEW}"' in html(me, "community:events")
    assert "Host an event in this group" in html(me, "community:group", theirs.pk)
    assert "Host an event in this group" not in html(me, "community:group", other.pk)
    form = me.get(EVENT_NEW).content.decode()
    assert ">Theirs</option>" in form and ">Other</option>" not in form

    elsewhere = me.post(EVENT_NEW, online_event(group_id=str(other.pk)))
    assert elsewhere.status_code == 400
    assert "Select a valid choice." in elsewhere.content.decode().split('id="id_group_id_error">')[1]
    no_group = me.post(EVENT_NEW, online_event())
    assert no_group.status_code == 400
    summary = no_group.content.decode().split('class="error-summary__list">')[1].split("</ul>")[0]
    assert "Only mentors, staff and a group&#x27;s owner or moderators can create events." in summary
    assert not Event.objects.exists()

    assert me.post(EVENT_NEW, online_event(group_id=str(theirs.pk))).status_code == 302
    assert Event.objects.get().group == theirs


def test_a_learner_who_hosts_nowhere_gets_403_and_no_link():
    learner = UserFactory()
    group = a_group()
    member_of(group, learner)
    me = browser_for(learner)
    assert f'href="{EVENT_NEW}' not in html(me, "community:events")
    assert "Host an event in this group" not in html(me, "community:group", group.pk)
    assert me.get(EVENT_NEW).status_code == 403
    assert me.post(EVENT_NEW, online_event(group_id=str(group.pk))).status_code == 403
    assert not Event.objects.exists()


def test_an_archived_group_is_not_offered_for_a_new_event():
    mentor = a_mentor()
    archived = a_group(owner=mentor, name="Old cohort")
    archived.archived_at = timezone.now()
    archived.save(update_fields=["archived_at"])
    me = browser_for(mentor)
    assert "Host an event in this group" not in html(me, "community:group", archived.pk)
    assert ">Old cohort</option>" not in me.get(EVENT_NEW, {"group": str(archived.pk)}).content.decode()
