"""Inputs that used to answer 500 or 503 (issue 13, item 7): each is now 400 VALIDATION_ERROR
naming the field, in the error format of API.md §0."""

from __future__ import annotations

import pytest

from tests.api_client import APIClient
from tests.conftest import client_for
from tests.core.test_auth_walker import api_routes, concrete_path
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory

pytestmark = pytest.mark.django_db


def assert_invalid(response, field: str) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["error"] == "VALIDATION_ERROR"
    assert field in body["details"]
    assert body["message"].startswith(f"{field}: ")


@pytest.fixture
def mentor_client():
    return client_for(MentorFactory(user__is_verified=True).user)


def test_options_answers_on_every_api_route_a_mentor_can_call():
    # a staff member with a mentor profile may call every route, so OPTIONS reaches each view
    user = MentorFactory(user__is_staff=True, user__is_verified=True).user
    client = client_for(user)
    client.raise_request_exception = False
    failed = {}
    for route, _view in api_routes():
        response = client.options(concrete_path(route))
        if response.status_code >= 500:
            failed[route] = response.status_code
    assert failed == {}, failed


def test_options_on_your_mentor_profile_describes_the_view_and_points_to_the_schema(mentor_client):
    response = mentor_client.options("/api/v1/mentors/me")
    assert response.status_code == 200
    body = response.json()
    assert body["schema"] == "/api/v1/schema"
    assert "application/json" in body["parses"]


def test_an_hourly_rate_that_is_an_empty_object_is_refused(mentor_client):
    assert_invalid(
        mentor_client.patch("/api/v1/mentors/me", {"hourly_rate": {}}, format="json"), "hourly_rate"
    )


@pytest.mark.parametrize("price", [{}, [], "abc", {"amount": "x"}, {"amount": "1", "extra": 1}, "1e999"])
def test_a_service_with_a_malformed_price_is_refused(mentor_client, price):
    response = mentor_client.post(
        "/api/v1/mentors/me/services",
        {"title": "Review", "duration_minutes": 60, "price": price},
        format="json",
    )
    assert_invalid(response, "price")


def test_availability_that_is_neither_days_nor_rules_is_refused():
    client = client_for(UserFactory(is_verified=True))
    response = client.post("/api/v1/mentors/me", {"availability": "nope"}, format="json")
    assert_invalid(response, "availability")
    assert "monday" in response.json()["details"]["availability"][0]


def test_earnings_up_to_the_calendars_first_month_are_an_empty_window(mentor_client):
    response = mentor_client.get("/api/v1/earnings/me?end_date=0001-01-27")
    assert response.status_code == 200
    assert (response.json()["start_date"], response.json()["end_date"]) == ("0001-01-01", "0001-01-27")


def test_a_purge_cut_off_beyond_any_date_is_refused():
    client = client_for(UserFactory(is_staff=True))
    response = client.post(
        "/api/v1/staff/users/purge-deleted", {"older_than_days": 2407065569}, format="json"
    )
    assert_invalid(response, "older_than_days")


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/payments?status=%00", "status"),
        ("/api/v1/payments?purpose=%00", "purpose"),
        ("/api/v1/credits/me/transactions?type=%00", "type"),
        ("/api/v1/package-purchases?status=%00", "status"),
    ],
)
def test_a_nul_character_in_a_list_filter_is_refused(learner_client, path, field):
    assert_invalid(learner_client.get(path), field)


@pytest.mark.parametrize("method", ["made-up", "pm_made_up"])
def test_credits_bought_with_a_made_up_payment_method_are_refused(learner_client, method):
    response = learner_client.post(
        "/api/v1/credits/me/purchases", {"credits": 10, "payment_method": method}, format="json"
    )
    assert_invalid(response, "payment_method")


def test_a_category_pick_without_its_category_is_refused_in_a_patch(mentor_client):
    response = mentor_client.patch(
        "/api/v1/mentors/me", {"categories": [{"subcategory_ids": []}]}, format="json"
    )
    assert_invalid(response, "categories")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_an_unknown_api_path_is_a_json_404_for_every_method(method):
    client = APIClient(enforce_csrf_checks=True)  # as a browser's session would be checked
    client.cookies["sessionid"] = "any"
    response = getattr(client, method)("/api/v1/bookings/null,null/cancel")
    assert response.status_code == 404
    assert response.json()["error"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/api/v1/users/me/avatar", "text/plain"),  # the fuzzer's case: a file upload without multipart
        ("/api/v1/messages", "application/xml"),
    ],
)
def test_a_body_in_a_media_type_the_operation_does_not_read_is_415_as_documented(
    learner_client, path, content_type
):
    # The schema fuzzer met this answer where the OpenAPI document did not name it; now every
    # operation that reads a body documents it (tests/core/test_schema.py).
    response = learner_client.generic("POST", path, "<x/>", content_type=content_type)

    assert response.status_code == 415
    assert response.json() == {
        "error": "UNSUPPORTED_MEDIA_TYPE",
        "message": f'Unsupported media type "{content_type}" in request.',
        "details": {},
    }
