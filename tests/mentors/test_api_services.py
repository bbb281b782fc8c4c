"""/mentors/me/services: what a mentor offers, and nobody else's."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentors.models import MentorStatus, Service
from tests.conftest import client_for
from tests.mentors.factories import MentorFactory, ServiceFactory

URL = "/api/v1/mentors/me/services"

pytestmark = pytest.mark.django_db


def test_a_mentor_adds_a_service_priced_in_money():
    mentor = MentorFactory(status=MentorStatus.DRAFT, currency="EUR")
    response = client_for(mentor.user).post(
        URL,
        {
            "title": "Code review",
            "description": "One PR, live.",
            "duration_minutes": 45,
            "price": {"amount": "40.00"},
            "credit_price": 40,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["price"] == {"amount": "40.00", "currency": "EUR"}
    assert body["duration_minutes"] == 45 and body["credit_price"] == 40 and body["is_active"] is True
    assert Service.objects.get(pk=body["id"]).mentor == mentor


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "X", "duration_minutes": 50, "price": "10"}, "duration_minutes"),
        ({"title": "X", "duration_minutes": 60, "price": "-1"}, "price"),
        ({"title": "X", "duration_minutes": 60}, "price"),
        ({"duration_minutes": 60, "price": "10"}, "title"),
        ({"title": "X", "duration_minutes": 60, "price": "10", "mentor_id": "someone"}, "mentor_id"),
    ],
)
def test_bad_services_are_refused_and_nothing_is_saved(body, field):
    mentor = MentorFactory()
    response = client_for(mentor.user).post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["details"]
    assert not Service.objects.exists()


def test_the_list_shows_inactive_services_too_and_only_your_own():
    mentor = MentorFactory()
    active = ServiceFactory(mentor=mentor, title="Active")
    inactive = ServiceFactory(mentor=mentor, title="Paused", is_active=False)
    ServiceFactory(title="Someone else's")
    items = client_for(mentor.user).get(URL).json()["items"]
    assert [item["id"] for item in items] == [str(active.pk), str(inactive.pk)]


def test_editing_and_deactivating_a_service():
    mentor = MentorFactory()
    service = ServiceFactory(mentor=mentor, price=Decimal("75.00"))
    response = client_for(mentor.user).patch(
        f"{URL}/{service.pk}",
        {"price": {"amount": "80.00", "currency": "USD"}, "is_active": False},
        format="json",
    )
    assert response.status_code == 200
    assert (
        response.json()["price"] == {"amount": "80.00", "currency": "USD"}
        and response.json()["is_active"] is False
    )
    service.refresh_from_db()
    assert service.price == Decimal("80.00") and not service.is_active


def test_deleting_a_service_is_204():
    mentor = MentorFactory()
    service = ServiceFactory(mentor=mentor)
    assert client_for(mentor.user).delete(f"{URL}/{service.pk}").status_code == 204
    assert not Service.objects.exists()


def test_another_mentors_service_cannot_be_edited_or_deleted():
    mentor = MentorFactory()
    foreign = ServiceFactory(title="Theirs", price=Decimal("75.00"))
    client = client_for(mentor.user)
    assert client.patch(f"{URL}/{foreign.pk}", {"title": "Mine now"}, format="json").status_code == 404
    assert client.delete(f"{URL}/{foreign.pk}").status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Theirs"


@pytest.mark.parametrize("count", [5, 50])
def test_the_service_list_runs_a_fixed_number_of_queries(count):
    mentor = MentorFactory()
    ServiceFactory.create_batch(count, mentor=mentor)
    client = client_for(mentor.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"limit": count})
    assert len(response.json()["items"]) == count
    assert len(queries) == 4  # user, profile, count, page
