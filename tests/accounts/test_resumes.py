"""Resumes: a new immutable version per generation, with a PDF of the learner's real history."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from accounts.models import Resume, ResumeChanged
from accounts.portfolio.services import resume_data, resume_generate
from tests.accounts.portfolio_world import learner_with_history
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.learning.rewards_factories import completed_enrollment

RESUMES = "/api/v1/users/me/resumes"

pytestmark = pytest.mark.usefixtures("taxonomy")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def download(client, resume: dict) -> bytes:
    response = client.get(resume["pdf_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_pdf_holds_the_learners_completed_items_and_no_others():
    world = learner_with_history()
    client = client_for(world.learner)

    response = client.post(RESUMES)

    assert response.status_code == 201
    resume = response.json()
    text = pdf_text(download(client, resume))
    # Cyrillic and accented names render (the PDF embeds a Unicode font) and read back.
    assert "Анна Каренина" in text
    assert "Zoë Brontë-Çelik" in text
    for real in (
        "Portfolio review",
        "Finished Figma Foundations",
        world.certificate.verification_code,
        world.achievement.name,
        "Figma",
    ):
        assert real in text
    for absent in (
        "Cancelled chat about taxes",
        "Someone else's negotiation coaching",
        "Unfinished Rust Adventures",
        "Other Learner's Cooking Course",
        "Olaf Other",
    ):
        assert absent not in text
    data = resume["json_data"]
    assert data["experience"] == [
        {
            "title": "Portfolio review",
            "type": "mentoring",
            "mentor": "Zoë Brontë-Çelik",
            "sessions": 2,
            "minutes": 120,
            "duration": "2 sessions, 2 h",
            "started_on": "2026-05-04",
            "ended_on": "2026-05-11",
        }
    ]
    assert [course["title"] for course in data["courses"]] == ["Finished Figma Foundations"]
    assert data["skills"] == [{"name": "Figma", "level": "advanced", "category": None}]
    # The summary is the platform's template over those facts only.
    assert "2 mentoring sessions (2 h) with Zoë Brontë-Çelik" in data["summary"]
    assert "Finished 1 course: Finished Figma Foundations." in data["summary"]
    assert "Unfinished" not in data["summary"]


def test_an_accented_latin_name_renders_too():
    learner = UserFactory(full_name="Łukasz Żółć-Françoise Müller")
    resume = resume_generate(user=learner)
    assert "Łukasz Żółć-Françoise Müller" in pdf_text(bytes(resume.pdf))
    assert "has not completed a session or a course yet" in resume.json_data["summary"]


def test_versions_never_change_after_generation():
    world = learner_with_history()
    client = client_for(world.learner)
    first = client.post(RESUMES).json()
    first_pdf = download(client, first)

    completed_enrollment(world.learner, title="A Later Course")
    second = client.post(RESUMES).json()

    assert (first["version"], second["version"]) == (1, 2)
    assert "A Later Course" in pdf_text(download(client, second))
    listed = client.get(RESUMES).json()["items"]
    assert [item["version"] for item in listed] == [2, 1]  # newest first
    assert listed[1]["json_data"] == first["json_data"]
    assert download(client, listed[1]) == first_pdf
    assert "A Later Course" not in pdf_text(first_pdf)

    stored = Resume.objects.get(pk=first["id"])
    stored.json_data = {"summary": "rewritten"}
    with pytest.raises(ResumeChanged):
        stored.save()
    assert Resume.objects.get(pk=first["id"]).json_data == first["json_data"]


def test_another_users_resume_pdf_is_not_found():
    owner = UserFactory()
    resume = resume_generate(user=owner)
    stranger = UserFactory()

    response = client_for(stranger).get(f"{RESUMES}/{resume.pk}/pdf")
    assert response.status_code == 404
    assert response.json()["error"] == "NOT_FOUND"
    assert client_for(stranger).get(RESUMES).json()["items"] == []

    from django.test import Client

    page = Client()
    page.force_login(stranger)
    assert page.get(f"/account/resumes/{resume.pk}/pdf/").status_code == 404
    page.force_login(owner)
    assert page.get(f"/account/resumes/{resume.pk}/pdf/").content == bytes(resume.pdf)


def test_resumes_need_a_token(anon_client):
    assert anon_client.get(RESUMES).status_code == 401
    assert anon_client.post(RESUMES).status_code == 401


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_runs_the_same_queries_at_5_and_50_rows(rows):
    learner = UserFactory()
    for version in range(1, rows + 1):
        Resume.objects.create(
            user=learner,
            version=version,
            json_data=resume_data(user=learner),
            pdf=b"%PDF-1.4",
            pdf_size=8,
            generated_at=learner.date_joined,
        )
    client = client_for(learner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(RESUMES, {"limit": 100})
    assert response.json()["total"] == rows
    # the user (token), the count, one page (without the PDFs)
    assert len(queries) == 3, [q["sql"] for q in queries]
    assert not any(f'"accounts_resume"."pdf"{end}' in q["sql"] for q in queries for end in (",", " "))
