"""Issue 15 in the directory: prices stay in the mentor's currency with an approximate one in the
viewer's (the staff's exchange-rate table), the price filter and sort compare in one currency, and
availability filters people use (this week, a weekday, a time of day in the viewer's zone)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from core import exchange
from core.models import ExchangeRate
from mentors import services
from mentors.models import BusyInterval, BusySource, MentorProfile
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory, mentor_with_weekly_hours

NOW = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # a Monday, 08:00 UTC
URL = "/api/v1/mentors"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def ids(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["items"]]


def set_rates(capture, **rates: str) -> None:
    """What the admin does: write the rates, then announce them (recomputed on commit)."""
    with capture(execute=True):
        for code, rate in rates.items():
            ExchangeRate.objects.update_or_create(
                currency=code, defaults={"rate": Decimal(rate), "as_of": date(2027, 1, 2)}
            )
        exchange.exchange_rates_saved(list(rates))


@pytest.fixture
def priced(django_capture_on_commit_callbacks):
    """60 USD, 40 EUR and 5000 JPY an hour, made before the rates exist (as on a live site)."""
    mentors = {
        "usd": MentorFactory(hourly_rate=Decimal("60.00"), currency="USD"),
        "eur": MentorFactory(hourly_rate=Decimal("40.00"), currency="EUR"),
        "jpy": MentorFactory(hourly_rate=Decimal("5000"), currency="JPY"),
    }
    # 1 USD buys 0.5 EUR or 100 JPY: 40 EUR = 80 USD, 5000 JPY = 50 USD.
    set_rates(django_capture_on_commit_callbacks, EUR="0.5", JPY="100")
    return mentors


def names(priced, response) -> list[str]:
    by_id = {str(m.pk): name for name, m in priced.items()}
    return [by_id[i] for i in ids(response)]


def test_price_sort_and_filters_compare_in_one_currency_through_the_rate_table(
    anon_client, priced, django_capture_on_commit_callbacks
):
    assert names(priced, anon_client.get(URL, {"sort": "rate"})) == ["jpy", "usd", "eur"]
    assert names(priced, anon_client.get(URL, {"min_rate": "55", "max_rate": "70"})) == ["usd"]
    # Bounds in the viewer's currency: 35 EUR is 70 USD.
    eur = anon_client.get(URL, {"currency": "EUR", "max_rate": "35", "sort": "rate"})
    assert names(priced, eur) == ["jpy", "usd"]

    # Staff change a rate: the order follows (1 USD = 1 EUR: 40 EUR is now the cheapest).
    set_rates(django_capture_on_commit_callbacks, EUR="1")
    assert names(priced, anon_client.get(URL, {"sort": "rate"})) == ["eur", "jpy", "usd"]


def test_a_card_keeps_the_mentors_price_and_adds_the_viewers_approximation(anon_client, priced):
    cards = {item["id"]: item for item in anon_client.get(URL, {"currency": "EUR"}).json()["items"]}
    eur, usd, jpy = (cards[str(priced[name].pk)] for name in ("eur", "usd", "jpy"))
    assert eur["hourly_rate"] == {"amount": "40.00", "currency": "EUR"}
    assert eur["hourly_rate_approx"] is None  # already in the viewer's currency
    assert usd["hourly_rate"] == {"amount": "60.00", "currency": "USD"}
    assert usd["hourly_rate_approx"] == {"amount": "30.00", "currency": "EUR"}
    assert jpy["hourly_rate_approx"] == {"amount": "25.00", "currency": "EUR"}


def test_the_viewers_currency_is_their_own_then_their_choice_then_their_region(priced):
    learner = UserFactory(currency="EUR")
    from tests.conftest import client_for

    signed_in = client_for(learner).get(URL).json()["items"]
    assert {c["hourly_rate_approx"]["currency"] for c in signed_in if c["hourly_rate_approx"]} == {"EUR"}
    browser = Client(HTTP_ACCEPT_LANGUAGE="ja-JP")
    page = browser.get("/mentors/")
    assert "(about ¥6,000)" in page.content.decode()  # 60 USD, for a visitor reading Japanese
    chosen = browser.get("/mentors/", {"currency": "EUR"})
    assert chosen.cookies[exchange.COOKIE].value == "EUR"
    assert "(about €30.00)" in browser.get("/mentors/").content.decode()


def test_the_directory_page_shows_both_prices_and_sorts_in_one_currency(priced):
    page = Client().get("/mentors/", {"sort": "rate", "currency": "USD"}).content.decode()
    assert "€40.00 an hour" in page and "(about $80.00)" in page
    assert "¥5,000 an hour" in page and "(about $50.00)" in page
    assert page.index("¥5,000") < page.index("$60.00") < page.index("€40.00")


def test_a_currency_without_a_rate_is_refused_and_its_mentors_sort_last(anon_client, priced):
    chf = MentorFactory(hourly_rate=Decimal("1.00"), currency="CHF")
    assert MentorProfile.objects.get(pk=chf.pk).hourly_rate_base is None
    assert ids(anon_client.get(URL, {"sort": "rate"}))[-1] == str(chf.pk)
    response = anon_client.get(URL, {"currency": "CHF"})
    assert response.status_code == 400 and "currency" in response.json()["details"]


def test_the_admin_keeps_dated_rates_and_reprices_on_save(client, django_capture_on_commit_callbacks):
    eur = MentorFactory(hourly_rate=Decimal("40.00"), currency="EUR")
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/core/exchangerate/add/", {"currency": "eur", "rate": "0.8", "as_of": "2027-01-03"}
        )
    assert response.status_code == 302
    assert MentorProfile.objects.get(pk=eur.pk).hourly_rate_base == Decimal("50.0000")
    listing = client.get("/admin/core/exchangerate/").content.decode()
    assert "EUR" in listing and "2027" in listing
    refused = client.post(
        "/admin/core/exchangerate/add/", {"currency": "USD", "rate": "2", "as_of": "2027-01-03"}
    )
    assert refused.status_code == 200 and "base currency" in refused.content.decode()


# --- finding time ---------------------------------------------------------------------------------


@pytest.fixture
def week():
    """Monday 08:00 UTC. Free: Monday 09-11 UTC, Thursday 18-20 UTC; Wednesdays fully booked."""
    monday = mentor_with_weekly_hours(days=[0], start=9, end=11)
    thursday = mentor_with_weekly_hours(days=[3], start=18, end=20)
    booked = mentor_with_weekly_hours(days=[2], start=9, end=11)
    for day in (6, 13):
        BusyInterval.objects.create(
            mentor=booked,
            start_at=datetime(2027, 1, day, 9, tzinfo=UTC),
            end_at=datetime(2027, 1, day, 11, tzinfo=UTC),
            source=BusySource.BOOKING,
        )
    # One stored next slot and two never computed: both ways decide the same.
    services.free_time_refresh(mentor_ids=[monday.pk])
    return {"monday": monday, "thursday": thursday, "booked": booked}


def found(client, week, **params) -> set[str]:
    by_id = {str(m.pk): name for name, m in week.items()}
    return {by_id[i] for i in ids(client.get(URL, params))}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"free_this_week": "true"}, {"monday", "thursday"}),
        ({"day_of_week": "thursday"}, {"thursday"}),
        ({"day_of_week": "wednesday"}, set()),
        ({"time_of_day": "morning"}, {"monday"}),
        ({"time_of_day": "evening"}, {"thursday"}),
        ({"time_of_day": "afternoon"}, set()),
        # In Tokyo (UTC+9) Monday 09-11 UTC is the evening and Thursday 18 UTC is Friday 03:00.
        ({"time_of_day": "evening", "timezone": "Asia/Tokyo"}, {"monday"}),
        ({"day_of_week": "friday", "timezone": "Asia/Tokyo"}, {"thursday"}),
        ({"day_of_week": "thursday", "time_of_day": "morning"}, set()),
        ({"available": "true"}, {"monday"}),
    ],
)
def test_availability_filters(anon_client, week, params, expected):
    assert found(anon_client, week, **params) == expected


def test_the_time_of_day_follows_the_signed_in_viewers_zone(week):
    from tests.conftest import client_for

    tokyo = client_for(UserFactory(timezone="Asia/Tokyo"))
    assert found(tokyo, week, time_of_day="evening") == {"monday"}


def test_the_directory_page_filters_by_free_time(week):
    page = Client().get("/mentors/", {"day_of_week": "thursday", "time_of_day": "evening"}).content.decode()
    assert "1 mentor found" in page
    assert f"/mentors/{week['thursday'].pk}/" in page
    assert "Free in the next 24 hours" not in Client().get("/mentors/").content.decode()


def test_time_taken_past_the_stored_next_slot_leaves_it_without_a_refresh(django_capture_on_commit_callbacks):
    """A booking a week on cannot move Monday 09:00 (nor its day's caps or gap): nothing is
    recomputed. Taking Monday 09:00 itself moves the stored slot to 10:00."""
    mentor = mentor_with_weekly_hours(days=[0], start=9, end=12)
    services.free_time_refresh(mentor_ids=[mentor.pk])
    later = NOW.replace(minute=1)

    def stored():
        return MentorProfile.objects.values_list("next_free_at", "free_time_refreshed_at").get(pk=mentor.pk)

    assert stored() == (NOW.replace(hour=9), NOW)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.slot_reserve(
            mentor=mentor, start_at=datetime(2027, 1, 11, 9, tzinfo=UTC), duration_minutes=60, reference="b1"
        )
    assert stored() == (NOW.replace(hour=9), NOW)  # not recomputed
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.slot_reserve(
            mentor=mentor, start_at=NOW.replace(hour=9), duration_minutes=60, reference="b2"
        )
    assert stored() == (NOW.replace(hour=10), later)
