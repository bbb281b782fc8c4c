"""The catalogue (issue 16): filters, search, authoring by mentors and staff, and lists that run
a constant number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from learning.models import Enrollment, Opportunity, OpportunityType
from learning.services.enrollment import enrollment_create
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.learning.factories import ENROLLMENTS_URL, OPPORTUNITIES_URL, PATHS_URL, a_subcategory, opportunity
from tests.mentors.factories import MentorFactory

pytestmark = pytest.mark.django_db

# count + page, and the provider's user joined in.
LIST_QUERIES = 2
# auth user, count + page.
ENROLLMENT_QUERIES = 3
# auth user, count + page, milestones prefetch.
PATH_QUERIES = 4


def _ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_filters_and_search_find_the_right_items():
    python = opportunity(
        lessons=1, title="Python for beginners", tags=["python", "data"], difficulty="beginner"
    )
    paid = opportunity(lessons=1, title="Advanced statistics", price=Decimal("30.00"), difficulty="advanced")
    job = opportunity(type=OpportunityType.JOB, title="Junior data analyst")
    opportunity(lessons=1, title="Hidden draft", status="draft")
    client = client_for(None)

    assert set(_ids(client.get(OPPORTUNITIES_URL))) == {str(python.pk), str(paid.pk), str(job.pk)}
    assert _ids(client.get(OPPORTUNITIES_URL, {"type": "job"})) == [str(job.pk)]
    assert _ids(client.get(OPPORTUNITIES_URL, {"is_paid": "true"})) == [str(paid.pk)]
    assert _ids(client.get(OPPORTUNITIES_URL, {"difficulty": "beginner", "type": "course"})) == [
        str(python.pk)
    ]
    assert _ids(client.get(OPPORTUNITIES_URL, {"tags": "python"})) == [str(python.pk)]
    assert _ids(client.get(OPPORTUNITIES_URL, {"q": "statistics"})) == [str(paid.pk)]
    free = client.get(f"{OPPORTUNITIES_URL}/{python.pk}").json()
    assert free["is_paid"] is False and free["price"] is None
    assert free["is_enrolled"] is None
    assert client.get(f"{OPPORTUNITIES_URL}/{job.pk}").json()["apply_url"] == job.apply_url


@pytest.mark.parametrize("rows", [5, 50])
def test_the_catalogue_runs_a_constant_number_of_queries(rows, django_assert_max_num_queries):
    mentor = MentorFactory()
    for n in range(rows):
        opportunity(lessons=0, title=f"Course {n}", mentor=mentor if n % 2 else None)
    client = client_for(None)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(OPPORTUNITIES_URL, {"limit": 50})
    assert response.json()["total"] == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_enrollments_run_a_constant_number_of_queries(rows, django_assert_max_num_queries):
    learner = UserFactory()
    for n in range(rows):
        item = opportunity(lessons=1, title=f"Course {n}")
        # Through the service: the enroll route is rate-limited like every call that creates payments.
        enrollment_create(user=learner, opportunity_id=item.pk)
    client = client_for(learner)
    with django_assert_max_num_queries(ENROLLMENT_QUERIES):
        response = client.get(ENROLLMENTS_URL, {"limit": 50})
    assert response.json()["total"] == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_learning_paths_run_a_constant_number_of_queries(rows, django_assert_max_num_queries):
    from learning.models import LearningPath, Milestone
    from mentors.models import Category

    learner = UserFactory()
    a_subcategory()
    subcategories = list(Category.objects.filter(parent__isnull=False)[:rows])
    for subcategory in subcategories:
        path = LearningPath.objects.create(user=learner, subcategory=subcategory, total_steps=2)
        Milestone.objects.create(path=path, step=1, title="One")
        Milestone.objects.create(path=path, step=2, title="Two")
    client = client_for(learner)
    with django_assert_max_num_queries(PATH_QUERIES):
        response = client.get(PATHS_URL, {"limit": 50})
    assert response.json()["total"] == len(subcategories)


def _body(subcategory, **extra):
    return {
        "type": "course",
        "title": "Intro to SQL",
        "summary": "Queries from zero",
        "description": "## Why SQL\nBecause data.",
        "category_id": str(subcategory.parent_id),
        "subcategory_id": str(subcategory.pk),
        "difficulty": "beginner",
        "tags": ["SQL", "data"],
        "price": {"amount": "25.00", "currency": "EUR"},
        "lessons": [
            {"title": "SELECT", "duration_minutes": 15, "content": "SELECT * FROM t;"},
            {"title": "JOIN", "duration_minutes": 20, "video_url": "https://video.example.com/join"},
        ],
        **extra,
    }


def test_a_mentor_creates_edits_publishes_and_archives_a_course():
    mentor = MentorFactory()
    subcategory = a_subcategory()
    client = client_for(mentor.user)

    created = client.post(OPPORTUNITIES_URL, _body(subcategory), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft"
    assert body["price"] == {"amount": "25.00", "currency": "EUR"}
    assert [lesson["title"] for lesson in body["lessons"]] == ["SELECT", "JOIN"]
    assert body["tags"] == ["sql", "data"]
    assert body["duration_minutes"] == 35
    assert body["provider"]["mentor_id"] == str(mentor.pk)
    url = f"{OPPORTUNITIES_URL}/{body['id']}"
    assert client_for(None).get(url).status_code == 404  # drafts are the author's

    assert (
        client.patch(url, {"title": "SQL from zero", "status": "published"}, format="json").status_code == 200
    )
    public = client_for(None).get(url).json()
    assert (public["title"], public["status"]) == ("SQL from zero", "published")

    assert client.patch(url, {"status": "archived"}, format="json").json()["status"] == "archived"
    assert client_for(None).get(url).status_code == 404


def test_another_mentor_cannot_edit_and_a_learner_cannot_author():
    owner = MentorFactory()
    subcategory = a_subcategory()
    body = client_for(owner.user).post(OPPORTUNITIES_URL, _body(subcategory), format="json").json()
    url = f"{OPPORTUNITIES_URL}/{body['id']}"

    assert (
        client_for(MentorFactory().user).patch(url, {"title": "Mine now"}, format="json").status_code == 404
    )
    assert (
        client_for(UserFactory()).post(OPPORTUNITIES_URL, _body(subcategory), format="json").status_code
        == 403
    )
    assert (
        client_for(UserFactory(is_staff=True)).patch(url, {"title": "Staff fix"}, format="json").status_code
        == 200
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"type": "webinar"}, "type"),
        ({"title": ""}, "title"),
        ({"price": {"amount": "-1", "currency": "USD"}}, "price"),
        ({"category_id": "not-a-uuid"}, "category_id"),
        ({"type": "job"}, "apply_url"),
        ({"lessons": [{"duration_minutes": 5}]}, "lessons"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_bad_input_is_400_naming_the_field(changes, field):
    mentor = MentorFactory()
    response = client_for(mentor.user).post(
        OPPORTUNITIES_URL, _body(a_subcategory(), **changes), format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["details"]


def test_a_course_without_lessons_cannot_be_published():
    mentor = MentorFactory()
    response = client_for(mentor.user).post(
        OPPORTUNITIES_URL, _body(a_subcategory(), lessons=[], status="published"), format="json"
    )
    assert response.status_code == 400
    assert "lessons" in response.json()["details"]
    assert not Opportunity.objects.filter(status="published").exists()


def test_ratings_are_kept_on_the_opportunity():
    course = opportunity(lessons=1)
    for rating in (5, 4, 3):
        learner = UserFactory()
        enrollment_id = (
            client_for(learner)
            .post(f"{OPPORTUNITIES_URL}/{course.pk}/enroll", {}, format="json")
            .json()["enrollment"]["id"]
        )
        assert (
            client_for(learner)
            .post(f"{ENROLLMENTS_URL}/{enrollment_id}/rate", {"rating": rating}, format="json")
            .status_code
            == 200
        )
    course.refresh_from_db()
    assert (course.average_rating, course.rating_count) == (Decimal("4.00"), 3)
    assert Enrollment.objects.filter(opportunity=course).count() == 3


def test_the_description_is_sanitized_markdown():
    from learning.markdown import render

    html = render("## Title\n<script>alert(1)</script> [x](javascript:alert(1)) **bold**")
    assert "<h2>Title</h2>" in html
    assert "<script>" not in html
    assert "javascript:" not in html
    assert "<strong>bold</strong>" in html
