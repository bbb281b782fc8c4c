"""Races for an event's places, with real threads on their own connections released together by
a barrier (PostgreSQL: the event's row lock queues them). 30 people asking for the last 3 places
give exactly 3 going; the rest hear 409 EVENT_FULL, or wait on the waitlist if they asked to;
two drop-outs at once promote two different people, each once."""

from __future__ import annotations

import os

import pytest

from community.models.events import EventRSVP
from messaging.models import Notification
from tests.community.events_factories import EVENTS_URL, an_event
from tests.concurrency import run_together
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="row locks under real concurrency: PostgreSQL only",
    ),
]


def _outcome(result):
    if isinstance(result, Exception):
        return ("raised", repr(result))
    body = result.json()
    return (result.status_code, body.get("error") or body.get("status"))


def test_thirty_people_racing_for_three_places_leave_exactly_three_going():
    event = an_event(capacity=3)
    people = [UserFactory() for _ in range(30)]
    # Half of them would rather wait than be turned away.
    asks = [(user, n % 2 == 0) for n, user in enumerate(people)]

    def rsvp(ask):
        user, wait = ask
        return client_for(user).post(
            f"{EVENTS_URL}/{event.pk}/rsvp", {"status": "going", "join_waitlist": wait}, format="json"
        )

    outcomes = [_outcome(r) for r in run_together(rsvp, asks, threads=15)]

    assert outcomes.count((200, "going")) == 3, outcomes
    waited = sum(
        1
        for (_, wait), outcome in zip(asks, outcomes, strict=True)
        if wait and outcome == (200, "waitlisted")
    )
    refused = sum(
        1
        for (_, wait), outcome in zip(asks, outcomes, strict=True)
        if not wait and outcome == (409, "EVENT_FULL")
    )
    assert waited + refused == 27, outcomes
    assert EventRSVP.objects.filter(event=event, status="going").count() == 3
    assert EventRSVP.objects.filter(event=event, status="waitlisted").count() == waited


def test_two_drop_outs_at_once_promote_two_different_people_once_each():
    event = an_event(capacity=2)
    going = [UserFactory(), UserFactory()]
    waiting = [UserFactory(), UserFactory(), UserFactory()]
    for user in going:
        client_for(user).post(f"{EVENTS_URL}/{event.pk}/rsvp", {"status": "going"}, format="json")
    for user in waiting:
        client_for(user).post(
            f"{EVENTS_URL}/{event.pk}/rsvp", {"status": "going", "join_waitlist": True}, format="json"
        )

    def leave(user):
        return client_for(user).post(f"{EVENTS_URL}/{event.pk}/rsvp", {"status": "not_going"}, format="json")

    outcomes = [_outcome(r) for r in run_together(leave, going)]

    assert outcomes == [(200, "not_going"), (200, "not_going")], outcomes
    statuses = dict(EventRSVP.objects.filter(event=event).values_list("user_id", "status"))
    assert [statuses[u.pk] for u in waiting] == ["going", "going", "waitlisted"]
    promoted = Notification.objects.filter(type="event_waitlist_promoted")
    assert sorted(promoted.values_list("user_id", flat=True)) == sorted(u.pk for u in waiting[:2])
