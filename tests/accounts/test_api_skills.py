"""/users/me/skills: normalised skills, 409 on a duplicate, only your own rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Skill, UserSkill
from mentors.models import Category
from tests.conftest import client_for
from tests.factories import SkillFactory, UserFactory, UserSkillFactory

pytestmark = pytest.mark.django_db

SKILLS = "/api/v1/users/me/skills"


def test_add_a_skill_by_name_with_category_and_see_it_listed(learner_client, taxonomy):
    category = Category.objects.get(slug="tech-digital-innovation")  # from the taxonomy migration

    created = learner_client.post(
        SKILLS,
        {"skill_name": "  Python ", "category_id": str(category.pk), "proficiency_level": "advanced"},
        format="json",
    )

    assert created.status_code == 201
    row = created.json()
    assert row["skill"]["name"] == "Python"
    assert row["category"] == {"id": str(category.pk), "name": "Tech & Digital Innovation"}
    assert (row["proficiency_level"], row["source"]) == ("advanced", "manual")
    listed = learner_client.get(SKILLS).json()
    assert listed["total"] == 1
    assert listed["items"][0]["id"] == row["id"]


def test_skill_names_are_normalised_so_people_share_one_skill(learner_client):
    learner_client.post(
        SKILLS, {"skill_name": "Machine   Learning", "proficiency_level": "beginner"}, format="json"
    )
    other = client_for(UserFactory())
    other.post(SKILLS, {"skill_name": "machine learning", "proficiency_level": "expert"}, format="json")

    assert Skill.objects.count() == 1
    assert Skill.objects.get().name == "Machine Learning"


def test_adding_the_same_skill_twice_is_a_conflict(learner_client):
    learner_client.post(SKILLS, {"skill_name": "Go", "proficiency_level": "beginner"}, format="json")
    again = learner_client.post(SKILLS, {"skill_name": "GO", "proficiency_level": "expert"}, format="json")
    assert again.status_code == 409
    assert again.json()["error"] == "CONFLICT"
    assert UserSkill.objects.count() == 1


def test_add_by_skill_id(learner_client):
    skill = SkillFactory(name="Chess")
    response = learner_client.post(
        SKILLS, {"skill_id": str(skill.pk), "proficiency_level": "intermediate"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["skill"] == {"id": str(skill.pk), "name": "Chess"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"proficiency_level": "beginner"}, "skill_name"),
        (
            {
                "skill_name": "Go",
                "skill_id": "6f1c1c3e-2a43-4a7e-9a1e-0a1c4b7f2d10",
                "proficiency_level": "beginner",
            },
            "skill_name",
        ),
        ({"skill_name": "Go", "proficiency_level": "guru"}, "proficiency_level"),
        ({"skill_id": "6f1c1c3e-2a43-4a7e-9a1e-0a1c4b7f2d10", "proficiency_level": "beginner"}, "skill_id"),
        (
            {
                "skill_name": "Go",
                "category_id": "6f1c1c3e-2a43-4a7e-9a1e-0a1c4b7f2d10",
                "proficiency_level": "beginner",
            },
            "category_id",
        ),
    ],
)
def test_bad_input_is_refused_and_creates_no_skill(learner_client, body, field):
    response = learner_client.post(SKILLS, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["details"]
    assert not Skill.objects.filter(normalized_name="go").exists()
    assert UserSkill.objects.count() == 0


def test_remove_your_skill(learner_client, learner):
    row = UserSkillFactory(user=learner)
    assert learner_client.delete(f"{SKILLS}/{row.pk}").status_code == 204
    assert learner_client.get(SKILLS).json()["total"] == 0


def test_you_cannot_see_or_remove_someone_elses_skill(learner_client):
    theirs = UserSkillFactory()
    assert learner_client.get(SKILLS).json()["items"] == []
    response = learner_client.delete(f"{SKILLS}/{theirs.pk}")
    assert response.status_code == 404
    assert UserSkill.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_runs_the_same_queries_at_5_and_50_rows(learner, rows):
    UserSkillFactory.create_batch(rows, user=learner)
    client = client_for(learner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SKILLS, {"limit": 100})
    assert response.json()["total"] == rows
    # the user (token), the count, one page with skill and category joined
    assert len(queries) == 3, [q["sql"] for q in queries]
