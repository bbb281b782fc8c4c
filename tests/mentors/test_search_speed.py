"""The directory's structural speed-ups (issue 14): a fixed number of queries that never read the
embedding, a total counted once per set of filters, the next open slot read from the profile and
kept up to date when the mentor's time changes, and cards and slots built by hand exactly as DRF
would render their documented fields."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from core import exchange
from core.models import ExchangeRate
from mentors import search, selectors, services, tasks
from mentors.api.serializers import MentorCardOut, SlotOut
from mentors.models import BusySource, MentorProfile
from tests.cache import clear_cache
from tests.mentors.factories import (
    ServiceFactory,
    SkillFactory,
    SubjectFactory,
    mentor_with_weekly_hours,
)

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # a Monday, 08:00 UTC
URL = "/api/v1/mentors"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def refresh(*mentors) -> None:
    services.free_time_refresh(mentor_ids=[m.pk for m in mentors])


def stored_next(mentor) -> datetime | None:
    return MentorProfile.objects.values_list("next_free_at", flat=True).get(pk=mentor.pk)


def _queries(client, params) -> tuple[list[str], dict]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200, response.json()
    return [q["sql"] for q in captured.captured_queries], response.json()


def _fresh_count(client, params) -> tuple[list[str], dict]:
    clear_cache()
    exchange.rates()  # cached between requests in production: warm, so only the search counts
    return _queries(client, params)


def test_a_subject_search_by_rating_runs_three_queries_at_5_and_50_and_never_reads_the_embedding(anon_client):
    subject = SubjectFactory()
    mentors = [mentor_with_weekly_hours(days=[1], average_rating=Decimal("4.5")) for _ in range(50)]
    for mentor in mentors:
        mentor.subjects.add(subject)
        mentor.skills.add(SkillFactory())
    refresh(*mentors)
    params = {"subject_id": str(subject.pk), "sort": "rating"}

    small, small_body = _fresh_count(anon_client, {**params, "limit": 5})
    large, large_body = _fresh_count(anon_client, {**params, "limit": 50})

    assert (len(small_body["items"]), len(large_body["items"]), large_body["total"]) == (5, 50, 50)
    # count, page, the page's skills and subjects in one: no slot computation (the next slots
    # are stored), no prefetch per tag kind
    assert len(small) == len(large) == 3
    assert all("embedding" not in sql for sql in large)
    page = next(sql for sql in large if "LIMIT" in sql and "mentors_mentorprofile" in sql)
    # The subject filter is an IN over the tag table, and the long texts stay on disk.
    assert "EXISTS" not in page and "IN (SELECT" in page
    assert '"mentors_mentorprofile"."bio"' not in page and "teaching_philosophy" not in page
    assert large_body["items"][0]["next_available_slot"]["start_at"] == "2027-01-05T09:00:00Z"


def test_paging_reuses_the_total_of_the_same_filters(anon_client):
    mentors = [mentor_with_weekly_hours(days=[1]) for _ in range(3)]
    refresh(*mentors)
    first, body = _fresh_count(anon_client, {"limit": 1})
    second, next_page = _queries(anon_client, {"limit": 1, "page": 2})
    assert body["total"] == next_page["total"] == 3 and next_page["pages"] == 3
    assert len(second) == len(first) - 1  # no second count
    assert not any("COUNT(" in sql for sql in second)


def test_the_stored_next_slot_follows_bookings_releases_and_schedule_changes(
    anon_client, django_capture_on_commit_callbacks
):
    mentor = mentor_with_weekly_hours(days=[0])  # Mondays 09-17 UTC, no notice
    refresh(mentor)
    assert stored_next(mentor) == NOW.replace(hour=9)

    with django_capture_on_commit_callbacks(execute=True):
        services.slot_reserve(
            mentor=mentor,
            start_at=NOW.replace(hour=9),
            duration_minutes=60,
            source=BusySource.BOOKING,
            reference="booking-1",
        )
    assert stored_next(mentor) == NOW.replace(hour=10)
    card = anon_client.get(URL).json()["items"][0]
    assert card["next_available_slot"]["start_at"] == "2027-01-04T10:00:00Z"

    with django_capture_on_commit_callbacks(execute=True):
        services.slot_release(reference="booking-1")
    assert stored_next(mentor) == NOW.replace(hour=9)

    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_replace(
            mentor=mentor,
            timezone="UTC",
            rules=[{"day_of_week": "tuesday", "start_time": "13:00", "end_time": "15:00"}],
            booking_rules={"min_notice_hours": 0},
        )
    assert stored_next(mentor) == datetime(2027, 1, 5, 13, 0, tzinfo=UTC)


def test_the_beat_recomputes_slots_past_their_notice_and_a_stale_card_is_computed_meanwhile(anon_client):
    mentor = mentor_with_weekly_hours(days=[0])
    refresh(mentor)
    with time_machine.travel(NOW.replace(hour=10, minute=30), tick=False):
        # 09:00 can no longer be booked: the card computes the next slot itself...
        assert anon_client.get(URL).json()["items"][0]["next_available_slot"]["start_at"] == (
            "2027-01-04T11:00:00Z"
        )
        assert services.free_time_due() == [mentor.pk]
        # ...until the beat job stores it.
        assert tasks.refresh_due_free_time() == 1
        assert stored_next(mentor) == NOW.replace(hour=11)
        assert services.free_time_due() == []


def _as_json(data) -> object:
    return json.loads(JSONRenderer().render(data))


def test_cards_are_exactly_what_drf_renders_for_the_documented_fields():
    ExchangeRate.objects.create(currency="EUR", rate=Decimal("0.5"), as_of=NOW.date())
    clear_cache()
    mentors = [
        mentor_with_weekly_hours(days=[0], hourly_rate=Decimal("40.00"), currency="EUR", credit_price=3),
        mentor_with_weekly_hours(days=[], hourly_rate=None, user__username=None),
    ]
    mentors[0].skills.add(SkillFactory(name="Machine Learning"))
    mentors[0].subjects.add(SubjectFactory())
    listed = list(search.mentor_search(filters=search.MentorFilters()))
    cards = search.card_context(mentors=listed, viewer=None, currency="USD")
    context = {"cards": cards}

    fast = MentorCardOut(listed, many=True, context=context).data
    generic = [serializers.Serializer.to_representation(MentorCardOut(context=context), m) for m in listed]

    assert _as_json(fast) == _as_json(generic)
    by_id = {card["id"]: card for card in _as_json(fast)}
    assert by_id[str(mentors[0].pk)]["hourly_rate_approx"] == {"amount": "80.00", "currency": "USD"}


@pytest.mark.parametrize("with_service", [False, True])
def test_slots_are_exactly_what_drf_renders_for_the_documented_fields(with_service):
    mentor = mentor_with_weekly_hours(days=[0, 1, 2], hourly_rate=Decimal("90.00"), currency="EUR")
    service = (
        ServiceFactory(mentor=mentor, duration_minutes=45, price=Decimal("50.00")) if with_service else None
    )
    mentor = selectors.mentor_bookable_get(mentor_id=mentor.pk)
    found = selectors.slots_for_mentor(
        mentor=mentor,
        start=NOW,
        end=NOW + timedelta(days=14),
        duration_minutes=45 if with_service else None,
        include_unavailable=True,
    )
    context = {"zone": ZoneInfo("America/New_York"), "mentor": mentor, "service": service}

    fast = SlotOut(found, many=True, context=context).data
    generic = [serializers.Serializer.to_representation(SlotOut(context=context), slot) for slot in found]

    assert len(found) > 40
    assert _as_json(fast) == _as_json(generic)
