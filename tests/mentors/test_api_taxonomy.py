"""Categories, subcategories, subjects and skills: public lists, and the staff who keep them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentors.models import Category, Subject
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.mentors.factories import (
    CategoryFactory,
    MentorFactory,
    SkillFactory,
    SubcategoryFactory,
    SubjectFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("taxonomy")]


# --- public lists ----------------------------------------------------------------------------------------


def test_categories_are_the_active_top_level_ones_with_their_subcategory_count(anon_client):
    design = CategoryFactory(name="Design", icon="palette")
    SubcategoryFactory.create_batch(2, parent=design)
    SubcategoryFactory(parent=design, is_active=False)
    CategoryFactory(name="Retired", is_active=False)
    body = anon_client.get("/api/v1/categories").json()
    expected = Category.objects.filter(parent__isnull=True, is_active=True).count()
    assert body["total"] == len(body["items"]) == expected  # returned whole
    row = next(item for item in body["items"] if item["id"] == str(design.pk))
    assert row == {
        "id": str(design.pk),
        "name": "Design",
        "slug": design.slug,
        "description": design.description,
        "icon": "palette",
        "subcategory_count": 2,
    }
    assert "Retired" not in [item["name"] for item in body["items"]]


def test_a_categorys_subcategories(anon_client):
    design = CategoryFactory(name="Design")
    ux = SubcategoryFactory(parent=design, name="UX")
    SubcategoryFactory(parent=design, name="Hidden", is_active=False)
    body = anon_client.get(f"/api/v1/categories/{design.pk}/subcategories").json()
    assert body["category"] == {"id": str(design.pk), "name": "Design"}
    assert [s["id"] for s in body["subcategories"]] == [str(ux.pk)]
    assert anon_client.get(f"/api/v1/categories/{ux.pk}/subcategories").status_code == 404


def test_subjects_filter_by_category_and_text(anon_client):
    maths = CategoryFactory(name="Maths")
    algebra = SubjectFactory(name="Linear algebra", category=maths)
    SubjectFactory(name="Calculus", category=maths)
    SubjectFactory(name="Algebraic cooking")
    SubjectFactory(name="Old algebra", category=maths, is_active=False)
    body = anon_client.get("/api/v1/subjects", {"category_id": str(maths.pk), "q": "algebra"}).json()
    assert [s["id"] for s in body["items"]] == [str(algebra.pk)]
    assert body["items"][0]["category"] == {"id": str(maths.pk), "name": "Maths"}
    assert anon_client.get("/api/v1/subjects", {"category_id": "x"}).status_code == 400


def test_skills_autocomplete_by_text_and_category(anon_client):
    design = CategoryFactory()
    figma, fig_jam = SkillFactory(name="Figma"), SkillFactory(name="FigJam")
    SkillFactory(name="Python")
    mentor = MentorFactory()
    mentor.categories.add(design)
    mentor.skills.add(figma)
    body = anon_client.get("/api/v1/skills", {"q": "FIG"}).json()
    assert [s["name"] for s in body["items"]] == ["FigJam", "Figma"]
    assert body["items"][1] == {"id": str(figma.pk), "name": "Figma", "slug": "figma"}
    in_design = anon_client.get("/api/v1/skills", {"category_id": str(design.pk)}).json()
    assert [s["id"] for s in in_design["items"]] == [str(figma.pk)]
    assert str(fig_jam.pk) not in str(in_design)


@pytest.mark.parametrize("count", [5, 50])
def test_the_subject_list_runs_a_fixed_number_of_queries(anon_client, count):
    category = CategoryFactory()
    SubjectFactory.create_batch(count, category=category)
    with CaptureQueriesContext(connection) as queries:
        response = anon_client.get("/api/v1/subjects", {"category_id": str(category.pk), "limit": count})
    assert len(response.json()["items"]) == count
    assert len(queries) == 2  # count, page (category joined)


@pytest.mark.parametrize("extra", [0, 20])
def test_the_category_list_comes_whole_in_one_query(anon_client, extra):
    CategoryFactory.create_batch(extra)
    expected = Category.objects.filter(parent__isnull=True, is_active=True).count()
    with CaptureQueriesContext(connection) as queries:
        body = anon_client.get("/api/v1/categories", {"page": 2, "limit": 1}).json()
    assert (body["total"], body["page"], body["limit"], body["pages"]) == (expected, 1, expected, 1)
    assert len(body["items"]) == expected
    assert len(queries) == 1  # the categories with their subcategory counts


# --- staff -----------------------------------------------------------------------------------------------


def test_staff_create_a_category_and_a_subcategory(staff_client):
    response = staff_client.post(
        "/api/v1/staff/categories", {"name": "Space", "icon": "rocket"}, format="json"
    )
    assert response.status_code == 201
    parent = response.json()
    assert parent["slug"] == "space" and parent["parent_id"] is None
    response = staff_client.post(
        "/api/v1/staff/categories", {"name": "Rocketry", "parent_id": parent["id"]}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["parent_id"] == parent["id"] and response.json()["slug"] == "space-rocketry"


def test_a_duplicate_category_is_a_conflict(staff_client):
    CategoryFactory(name="Space", slug="space")
    response = staff_client.post("/api/v1/staff/categories", {"name": "Space"}, format="json")
    assert response.status_code == 409


def test_staff_edit_or_deactivate_a_category(staff_client):
    category = CategoryFactory(name="Old name")
    response = staff_client.patch(
        f"/api/v1/staff/categories/{category.pk}", {"name": "New name", "is_active": False}, format="json"
    )
    assert response.status_code == 200
    category.refresh_from_db()
    assert category.name == "New name" and not category.is_active
    bad = staff_client.patch(f"/api/v1/staff/categories/{category.pk}", {"parent": "x"}, format="json")
    assert bad.status_code == 400 and "parent" in bad.json()["details"]


def test_staff_create_edit_and_delete_a_subject(staff_client):
    maths = CategoryFactory()
    algebra = SubcategoryFactory(parent=maths)
    response = staff_client.post(
        "/api/v1/staff/subjects",
        {"name": "Group theory", "category_id": str(maths.pk), "subcategory_id": str(algebra.pk)},
        format="json",
    )
    assert response.status_code == 201, response.json()
    subject_id = response.json()["id"]
    assert response.json()["subcategory_id"] == str(algebra.pk)
    response = staff_client.patch(
        f"/api/v1/staff/subjects/{subject_id}", {"description": "Symmetry."}, format="json"
    )
    assert response.json()["description"] == "Symmetry."
    assert staff_client.delete(f"/api/v1/staff/subjects/{subject_id}").status_code == 204
    assert not Subject.objects.filter(pk=subject_id).exists()


def test_a_subject_must_sit_in_a_top_level_category_and_its_own_subcategory(staff_client):
    maths, physics = CategoryFactory(), CategoryFactory()
    elsewhere = SubcategoryFactory(parent=physics)
    body = {"name": "Topology", "category_id": str(maths.pk), "subcategory_id": str(elsewhere.pk)}
    response = staff_client.post("/api/v1/staff/subjects", body, format="json")
    assert response.status_code == 400 and "subcategory_id" in response.json()["details"]
    subject = SubjectFactory(category=maths)
    response = staff_client.patch(
        f"/api/v1/staff/subjects/{subject.pk}", {"category_id": str(elsewhere.pk)}, format="json"
    )
    assert response.status_code == 400 and "category_id" in response.json()["details"]
    subject.refresh_from_db()
    assert subject.category == maths


def test_a_subject_in_use_cannot_be_deleted_but_can_be_deactivated(staff_client):
    subject = SubjectFactory()
    MentorFactory().subjects.add(subject)
    response = staff_client.delete(f"/api/v1/staff/subjects/{subject.pk}")
    assert response.status_code == 409 and response.json()["error"] == "CONFLICT"
    assert (
        staff_client.patch(
            f"/api/v1/staff/subjects/{subject.pk}", {"is_active": False}, format="json"
        ).status_code
        == 200
    )
    subject.refresh_from_db()
    assert not subject.is_active


def test_taxonomy_edits_are_for_staff_only():
    category, subject = CategoryFactory(), SubjectFactory()
    calls = [
        ("post", "/api/v1/staff/categories"),
        ("patch", f"/api/v1/staff/categories/{category.pk}"),
        ("post", "/api/v1/staff/subjects"),
        ("patch", f"/api/v1/staff/subjects/{subject.pk}"),
        ("delete", f"/api/v1/staff/subjects/{subject.pk}"),
    ]
    learner_client = client_for(UserFactory())
    mentor_client = client_for(MentorFactory().user)
    for method, path in calls:
        assert getattr(learner_client, method)(path, {"name": "x"}, format="json").status_code == 403, path
        assert getattr(mentor_client, method)(path, {"name": "x"}, format="json").status_code == 403, path
    assert Subject.objects.filter(pk=subject.pk).exists()


@pytest.mark.parametrize("count", [5, 50])
def test_the_skill_list_runs_a_fixed_number_of_queries(anon_client, count, django_assert_max_num_queries):
    for n in range(count):
        SkillFactory(name=f"Zeta skill {n}")
    with django_assert_max_num_queries(2):  # count, page
        response = anon_client.get("/api/v1/skills", {"q": "zeta skill", "limit": count})
    assert len(response.json()["items"]) == count
