"""Every list endpoint: one path (core.api.ListView), its filters in the schema, and a bad filter
value answered with 400 VALIDATION_ERROR naming the parameter (API.md §0). Paged lists take
`page` and `limit`; whole lists (reference lists, rankings) come back in the same envelope without
them."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.conftest import client_for
from tests.factories import UserFactory

ENVELOPE = {"items", "total", "page", "limit", "pages"}
SOMEONE = "3f1c2b9e-0000-4000-8000-000000000001"  # fixed: xdist workers must collect the same ids

SEARCH = {
    "q",
    "category_id",
    "subcategory_id",
    "subject_id",
    "skill",
    "languages",
    "min_rating",
    "min_rate",
    "max_rate",
    "min_experience_years",
    "available",
    "free_this_week",
    "day_of_week",
    "time_of_day",
    "timezone",
    "currency",
    "online",
    "lesson_type",
}

# Each list's query parameters, as API.md names them (page and limit on every one).
FILTERS = {
    "/api/v1/bookings": {"role", "status", "upcoming", "mentor_id", "start_date", "end_date"},
    "/api/v1/bookings/{id}/notes": set(),
    "/api/v1/waitlist/me": {"status"},
    "/api/v1/waitlist-offers": {"status"},
    "/api/v1/payments": {"status", "purpose", "start_date", "end_date"},
    "/api/v1/credits/me/transactions": {"type"},
    "/api/v1/packages": {"mentor_id"},
    "/api/v1/package-purchases": {"status"},
    "/api/v1/payouts": set(),
    "/api/v1/certificates/me": set(),
    "/api/v1/conversations": {"participant_id", "unread"},
    "/api/v1/conversations/{id}/messages": set(),
    "/api/v1/messages/search": {"q", "participant_id"},
    "/api/v1/notifications": {"is_read", "type"},
    "/api/v1/mentors": SEARCH | {"sort"},
    "/api/v1/mentors/proximity": SEARCH | {"lat", "lng", "radius_km"},
    "/api/v1/mentors/{id}/reviews": {"rating", "has_response", "sort"},
    "/api/v1/slots": {"mentor_id", "service_id", "start_date", "end_date", "duration_minutes", "timezone"},
    "/api/v1/subjects": {"category_id", "q"},
    "/api/v1/skills": {"q", "category_id"},
    "/api/v1/learners/me/favorites": set(),
    "/api/v1/mentors/me/services": set(),
    "/api/v1/mentors/me/calendar-feeds": set(),
    "/api/v1/users/me/skills": set(),
    "/api/v1/staff/users": {"role", "search", "is_active", "deleted"},
    "/api/v1/staff/audit-logs": {"action_type", "user_id", "date_from", "date_to"},
    "/api/v1/staff/mentors": {"status", "q", "submitted_from", "submitted_to"},
    "/api/v1/opportunities": {
        "type",
        "category_id",
        "subcategory_id",
        "difficulty",
        "is_paid",
        "q",
        "tags",
        "sort",
    },
    "/api/v1/enrollments": {"status", "type"},
    "/api/v1/learning-paths": {"status"},
    "/api/v1/analytics/me/activity": {"type", "from", "to"},
    "/api/v1/staff/dashboard/recent-activities": {"type"},
    "/api/v1/staff/dashboard/upcoming-sessions": set(),
    "/api/v1/staff/dashboard/subject-distribution": {"from", "to"},
    "/api/v1/groups": {"q", "category_id", "joined"},
    "/api/v1/groups/{id}/members": {"status"},
    "/api/v1/groups/{id}/posts": set(),
    "/api/v1/posts/{id}/comments": set(),
    "/api/v1/group-reports": {"group_id", "status"},
    "/api/v1/events": {"type", "group_id", "category_id", "from", "to", "online", "lat", "lng", "radius_km"},
    "/api/v1/agents/me/actions": {"action_type"},
    "/api/v1/users/me/resumes": set(),
}

# Lists that come back whole (core.pagination.WholePagination): no page; a ranking's `limit` is its own.
WHOLE = {
    "/api/v1/categories": set(),
    "/api/v1/categories/search": {"q", "limit"},
    "/api/v1/mentors/recommended": {"limit"},
    "/api/v1/opportunities/recommended": {"limit"},
    "/api/v1/utils/countries": set(),
    "/api/v1/utils/languages": set(),
    "/api/v1/utils/proficiency-levels": set(),
    "/api/v1/utils/phone-codes": set(),
    "/api/v1/utils/currencies": set(),
}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _list_schema(schema, path):
    body = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return schema["components"]["schemas"][body["$ref"].split("/")[-1]]


@pytest.mark.parametrize("path", sorted(FILTERS))
def test_each_list_documents_its_filters_and_the_envelope(schema, path):
    operation = schema["paths"][path]["get"]
    query = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
    assert query == FILTERS[path] | {"page", "limit"}
    assert set(_list_schema(schema, path)["required"]) >= ENVELOPE


@pytest.mark.parametrize("path", sorted(WHOLE))
def test_each_whole_list_documents_its_filters_and_the_envelope(schema, path):
    operation = schema["paths"][path]["get"]
    query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    assert query == WHOLE[path]
    assert set(_list_schema(schema, path)["required"]) >= ENVELOPE


def test_every_enveloped_list_in_the_schema_is_in_a_table(schema):
    lists = {
        path: operations["get"].get("parameters", [])
        for path, operations in schema["paths"].items()
        if "get" in operations
        and "$ref"
        in operations["get"]["responses"]["200"]["content"].get("application/json", {}).get("schema", {})
        and "items" in _list_schema(schema, path).get("properties", {})
    }
    paged = {path for path, parameters in lists.items() if any(p["name"] == "page" for p in parameters)}
    assert paged == set(FILTERS)
    assert set(lists) - paged == set(WHOLE)


def test_no_list_is_documented_as_a_bare_array(schema):
    arrays = [
        path
        for path, operations in schema["paths"].items()
        if operations.get("get", {})
        .get("responses", {})
        .get("200", {})
        .get("content", {})
        .get("application/json", {})
        .get("schema", {})
        .get("type")
        == "array"
    ]
    assert arrays == []


BAD = [
    ("/api/v1/bookings", "learner", {"status": "confirmed,bogus"}, "status"),
    ("/api/v1/bookings", "learner", {"role": "staff"}, "role"),
    ("/api/v1/bookings", "learner", {"upcoming": "maybe"}, "upcoming"),
    ("/api/v1/bookings", "learner", {"mentor_id": "a\x00b"}, "mentor_id"),
    ("/api/v1/bookings", "learner", {"start_date": "0001-01-01"}, "start_date"),
    ("/api/v1/waitlist/me", "learner", {"status": "bogus"}, "status"),
    ("/api/v1/waitlist-offers", "learner", {"status": "bogus"}, "status"),
    ("/api/v1/payments", "learner", {"status": "bogus"}, "status"),
    ("/api/v1/payments", "learner", {"end_date": "2026-13-01"}, "end_date"),
    ("/api/v1/payments", "learner", {"purpose": "x\x00"}, "purpose"),
    ("/api/v1/credits/me/transactions", "learner", {"type": "bogus"}, "type"),
    ("/api/v1/packages", None, {"mentor_id": "not-a-uuid"}, "mentor_id"),
    ("/api/v1/package-purchases", "learner", {"status": "bogus"}, "status"),
    ("/api/v1/conversations", "learner", {"unread": "maybe"}, "unread"),
    ("/api/v1/conversations", "learner", {"participant_id": "42"}, "participant_id"),
    ("/api/v1/messages/search", "learner", {"q": "a\x00b"}, "q"),
    ("/api/v1/messages/search", "learner", {}, "q"),
    ("/api/v1/notifications", "learner", {"type": "bogus"}, "type"),
    ("/api/v1/notifications", "learner", {"is_read": "maybe"}, "is_read"),
    ("/api/v1/mentors", None, {"min_rating": "NaN"}, "min_rating"),
    ("/api/v1/mentors", None, {"q": "\x00"}, "q"),
    ("/api/v1/mentors", None, {"sort": "cheapest"}, "sort"),
    ("/api/v1/mentors", None, {"min_experience_years": "1e9"}, "min_experience_years"),
    ("/api/v1/mentors", None, {"free_this_week": "soon"}, "free_this_week"),
    ("/api/v1/mentors", None, {"day_of_week": "someday"}, "day_of_week"),
    ("/api/v1/mentors", None, {"time_of_day": "noon"}, "time_of_day"),
    ("/api/v1/mentors", None, {"timezone": "Mars/Olympus"}, "timezone"),
    ("/api/v1/mentors", None, {"currency": "QQQ"}, "currency"),
    ("/api/v1/mentors/proximity", "learner", {"lat": "91", "lng": "0", "radius_km": "5"}, "lat"),
    (f"/api/v1/mentors/{SOMEONE}/reviews", None, {"rating": "9"}, "rating"),
    ("/api/v1/slots", None, {"mentor_id": SOMEONE, "start_date": "0001-01-01"}, "start_date"),
    ("/api/v1/slots", None, {"mentor_id": SOMEONE, "duration_minutes": "31"}, "duration_minutes"),
    ("/api/v1/slots", None, {"mentor_id": SOMEONE, "timezone": "Mars/Olympus"}, "timezone"),
    ("/api/v1/subjects", None, {"category_id": "nope"}, "category_id"),
    ("/api/v1/skills", None, {"category_id": "nope"}, "category_id"),
    ("/api/v1/learners/me/favorites", "learner", {"page": "0"}, "page"),
    ("/api/v1/users/me/skills", "learner", {"limit": "many"}, "limit"),
    ("/api/v1/staff/users", "staff", {"role": "bogus"}, "role"),
    ("/api/v1/staff/users", "staff", {"deleted": "perhaps"}, "deleted"),
    ("/api/v1/staff/audit-logs", "staff", {"date_from": "0001-01-01"}, "date_from"),
    ("/api/v1/staff/audit-logs", "staff", {"date_from": "2026-02-01", "date_to": "2026-01-01"}, "date_to"),
    ("/api/v1/staff/mentors", "staff", {"status": "bogus"}, "status"),
    ("/api/v1/categories/search", None, {}, "q"),
    ("/api/v1/categories/search", None, {"q": "design\x00"}, "q"),
    ("/api/v1/categories/search", None, {"q": "design", "limit": "51"}, "limit"),
    ("/api/v1/mentors/recommended", "learner", {"limit": "0"}, "limit"),
    ("/api/v1/mentors/recommended", "learner", {"limit": "ten"}, "limit"),
    ("/api/v1/opportunities", None, {"type": "course,bogus"}, "type"),
    ("/api/v1/opportunities", None, {"difficulty": "expert"}, "difficulty"),
    ("/api/v1/opportunities", None, {"is_paid": "maybe"}, "is_paid"),
    ("/api/v1/opportunities", None, {"category_id": "nope"}, "category_id"),
    ("/api/v1/opportunities", None, {"sort": "cheapest"}, "sort"),
    ("/api/v1/opportunities", None, {"q": "a\x00b"}, "q"),
    ("/api/v1/opportunities/recommended", "learner", {"limit": "0"}, "limit"),
    ("/api/v1/enrollments", "learner", {"status": "bogus"}, "status"),
    ("/api/v1/enrollments", "learner", {"type": "bogus"}, "type"),
    ("/api/v1/learning-paths", "learner", {"status": "bogus"}, "status"),
    ("/api/v1/analytics/me/activity", "learner", {"type": "bogus"}, "type"),
    ("/api/v1/analytics/me/activity", "learner", {"from": "2027-13-01"}, "from"),
    ("/api/v1/staff/dashboard/recent-activities", "staff", {"type": "bogus"}, "type"),
    (
        "/api/v1/staff/dashboard/subject-distribution",
        "staff",
        {"from": "2027-03-02", "to": "2027-03-01"},
        "to",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "who", "params", "name"), BAD)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(path, who, params, name):
    user = {None: None, "learner": lambda: UserFactory(), "staff": lambda: UserFactory(is_staff=True)}[who]
    response = client_for(user() if user else None).get(path, params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["error"] == "VALIDATION_ERROR"
    assert name in body["details"]


def test_list_parameters_are_checked_by_shared_fields_each_request_with_its_own_answer():
    """A list's FilterSet builds its form class once and its forms share the fields (Django
    would deep-copy them for every request); what each request gave is still its own."""
    import threading
    from uuid import uuid4

    from django.http import QueryDict

    from core.errors import ValidationFailed
    from mentors.api.filters import SlotFilters
    from mentors.models import MentorProfile

    def form(query: str):
        filterset = SlotFilters(data=QueryDict(query), queryset=MentorProfile.objects.none())
        filterset.is_valid()
        return filterset.form

    first, second = form(f"mentor_id={uuid4()}"), form("mentor_id=nope")
    assert first.fields["mentor_id"] is second.fields["mentor_id"]
    assert first.fields is not second.fields

    asked = [str(uuid4()) for _ in range(8)] + ["not-a-uuid"] * 8
    answers: dict[int, object] = {}
    start = threading.Barrier(len(asked))

    def check(i: int) -> None:
        filterset = SlotFilters(
            data=QueryDict(f"mentor_id={asked[i]}&duration_minutes=60"),
            queryset=MentorProfile.objects.none(),
        )
        start.wait()
        try:
            answers[i] = str(filterset.values()["mentor_id"])
        except ValidationFailed as error:
            answers[i] = sorted(error.details)

    threads = [threading.Thread(target=check, args=(i,)) for i in range(len(asked))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [answers[i] for i in range(8)] == asked[:8]
    assert [answers[i] for i in range(8, 16)] == [["mentor_id"]] * 8
