"""The onboarding interview by text and by voice, the AI profile it builds, and its effect on
recommendations. The real models run: MiniLM embeddings, faster-whisper, espeak-ng."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from accounts.models import (
    AIProfile,
    ProfilingAnswer,
    ProfilingSession,
    Skill,
    SkillSource,
    SpeechClip,
    UserSkill,
)
from accounts.profiling import agents
from tests.accounts import speech_audio as sa
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("taxonomy")]

SESSIONS = "/api/v1/ai-profiling/sessions"
PROFILE = "/api/v1/users/me/ai-profile"

FIGMA_ANSWERS = [
    "I love sketching app screens in Figma, and drawing comics.",
    "I know the basics of Figma, I taught myself from videos.",
    "I want to become a UX designer and design a real app.",
    "Two or three hours a day, mostly weekends. I like one-to-one sessions and hands-on projects.",
]
# Sentences espeak-ng says clearly enough for tiny.en (checked by the voice test's transcriptions).
# (tiny.en hears espeak-ng's "Figma" as "figment", so the spoken answers name the field itself.)
SPOKEN_ANSWERS = [
    "My passion is graphic design.",
    "I am a beginner in graphic design.",
    "I want to become a designer of mobile apps.",
    "I can spend two or three hours a day, mostly on weekends.",
]


def start(client) -> dict:
    response = client.post(SESSIONS)
    assert response.status_code == 201, response.content
    return response.json()


def answer(client, session_id, step, text=None, audio=None, **extra):
    data = {"step": step, "answer_type": "voice" if audio is not None else "text", **extra}
    if text is not None:
        data["answer_text"] = text
    if audio is not None:
        data["audio"] = audio
    return client.post(f"{SESSIONS}/{session_id}/answers", data, format="json")


def interview(client, answers: list[str]) -> dict:
    session = start(client)
    for step, text in enumerate(answers, start=1):
        response = answer(client, session["session_id"], step, text)
        assert response.status_code == 200, response.content
    response = client.post(f"{SESSIONS}/{session['session_id']}/complete")
    assert response.status_code == 200, response.content
    return response.json()


def is_design(name: str | None) -> bool:
    return bool(name) and "design" in name.lower()


def test_a_typed_interview_builds_a_profile_that_matches_the_answers():
    learner = UserFactory(persona="beginner")
    client = client_for(learner)

    body = interview(client, FIGMA_ANSWERS)

    profile = body["profile"]
    skills = {s["skill"]: s for s in profile["skills"]}
    assert "Figma" in skills
    assert skills["Figma"]["level"] == "beginner"  # "I know the basics"
    assert any(is_design(name) for name in skills)
    top3 = profile["recommended_categories"][:3]
    assert any(
        is_design(c["subcategory"] and c["subcategory"]["name"]) or is_design(c["category"]["name"])
        for c in top3
    )
    assert all(c["reason"] for c in top3)
    assert "sketching app screens in Figma" in profile["passions"]
    assert any("UX designer" in g for g in profile["goals"])
    assert profile["time_commitment"] == "2–3 hours a day · weekends"
    assert profile["schedule"] == ["weekends"]
    assert "one-to-one sessions" in profile["learning_style"]
    assert "hands-on projects" in profile["learning_style"]
    assert body["next_steps"]["action"] == "find_mentor"
    assert any(is_design(s["name"]) for s in body["next_steps"]["suggested_subcategories"])

    learner.refresh_from_db()
    assert learner.onboarding_completed is True
    rows = UserSkill.objects.filter(user=learner)
    assert rows.filter(skill__name="Figma", source=SkillSource.AI_PROFILING).exists()
    assert set(rows.values_list("source", flat=True)) == {SkillSource.AI_PROFILING}
    stored = AIProfile.objects.get(user=learner)
    assert stored.vector().shape == (384,)
    got = client.get(PROFILE).json()
    assert got["skills"] == profile["skills"]
    assert "embedding" not in got


def test_a_spoken_interview_is_transcribed_and_builds_the_same_kind_of_profile():
    learner = UserFactory()
    client = client_for(learner)
    session = start(client)

    heard = []
    for step, sentence in enumerate(SPOKEN_ANSWERS, start=1):
        response = answer(
            client, session["session_id"], step, audio=sa.b64(sa.spoken(sentence), data_url=True)
        )
        assert response.status_code == 200, response.content
        heard.append(response.json()["transcription"])
    done = client.post(f"{SESSIONS}/{session['session_id']}/complete").json()

    assert sa.words(heard[3]) == sa.words(SPOKEN_ANSWERS[3])
    assert sa.words(heard[0]) == sa.words(SPOKEN_ANSWERS[0])
    profile = done["profile"]
    assert any(is_design(s["skill"]) for s in profile["skills"])
    assert profile["passions"] == ["graphic design"]
    top3 = profile["recommended_categories"][:3]
    assert any(is_design(c["subcategory"] and c["subcategory"]["name"]) for c in top3)
    assert profile["hours_per_week"] == 5.0  # 2.5 h on each weekend day
    answers = ProfilingAnswer.objects.filter(session_id=session["session_id"])
    assert set(answers.values_list("answer_type", flat=True)) == {"voice"}
    assert all(a.audio_seconds > 1 for a in answers)


def test_a_multipart_recording_and_a_corrected_transcription_are_accepted():
    client = client_for(UserFactory())
    session = start(client)
    wav = sa.spoken(SPOKEN_ANSWERS[0])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"{SESSIONS}/{session['session_id']}/answers",
        {
            "step": 1,
            "answer_type": "voice",
            "audio": SimpleUploadedFile("a.webm", sa.reencode(wav, "webm", "libopus"), "audio/webm"),
            "answer_text": "I love sketching app screens in Figma.",
        },
        format="multipart",
    )

    assert response.status_code == 200, response.content
    assert "graphic design" in response.json()["transcription"].lower()
    saved = ProfilingAnswer.objects.get()
    assert saved.text == "I love sketching app screens in Figma."  # the learner's correction


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda: sa.tone(121, rate=8000), "AUDIO_TOO_LONG"),
        (lambda: b"%PDF-1.7 not a recording" * 40, "AUDIO_UNREADABLE"),
        (lambda: sa.silence(3), "AUDIO_SILENT"),
        (lambda: b"\0" * (10 * 1024 * 1024 + 1), "AUDIO_TOO_LARGE"),
    ],
)
def test_audio_that_cannot_be_used_is_a_400_and_writes_nothing(make, reason):
    client = client_for(UserFactory())
    session = start(client)

    response = answer(client, session["session_id"], 1, audio=sa.b64(make()))

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "VALIDATION_ERROR"
    assert body["details"]["reason"] == reason
    assert body["details"]["audio"]
    assert not ProfilingAnswer.objects.exists()


def test_transcriptions_endpoint_returns_the_words_and_refuses_bad_audio():
    client = client_for(UserFactory())
    wav = sa.spoken(SPOKEN_ANSWERS[3])

    ok = client.post("/api/v1/speech/transcriptions", {"audio": sa.b64(wav)}, format="json")
    bad = client.post("/api/v1/speech/transcriptions", {"audio": sa.b64(sa.silence(2))}, format="json")

    assert ok.status_code == 200
    assert sa.words(ok.json()["transcription"]) == sa.words(SPOKEN_ANSWERS[3])
    assert bad.status_code == 400 and bad.json()["details"]["reason"] == "AUDIO_SILENT"


def test_another_users_session_is_404_and_unchanged():
    owner, other = client_for(UserFactory()), client_for(UserFactory())
    session = start(owner)
    url = f"{SESSIONS}/{session['session_id']}"

    assert answer(other, session["session_id"], 1, "Stealing your step").status_code == 404
    assert other.post(f"{url}/complete").status_code == 404
    assert client_for(None).post(f"{url}/complete").status_code == 401
    assert not ProfilingAnswer.objects.exists()


def test_steps_come_in_order_and_completion_needs_every_answer():
    client = client_for(UserFactory())
    session = start(client)
    sid = session["session_id"]

    assert answer(client, sid, 2, "too early").status_code == 400
    assert answer(client, sid, 9, "no such step").status_code == 400
    assert answer(client, sid, 1, "").status_code == 400
    first = answer(client, sid, 1, "I love baking bread").json()
    assert (first["step"], first["total_steps"], first["ready_to_complete"]) == (2, 4, False)
    assert "baking bread" in first["next_question"]  # adapted to the earlier answer
    assert first["transcription"] is None and first["ai_response_audio_url"] is None
    incomplete = client.post(f"{SESSIONS}/{sid}/complete")
    assert incomplete.status_code == 400 and "answers" in incomplete.json()["details"]
    assert answer(client, sid, 1, "I love baking sourdough bread").status_code == 200  # replaces step 1
    assert ProfilingAnswer.objects.get(step=1).text == "I love baking sourdough bread"
    for step in (2, 3, 4):
        last = answer(client, sid, step, "Weekends only")
    assert last.json()["ready_to_complete"] is True and last.json()["next_question"] is None
    assert client.post(f"{SESSIONS}/{sid}/complete").status_code == 200
    assert client.post(f"{SESSIONS}/{sid}/complete").status_code == 409
    assert answer(client, sid, 1, "again").status_code == 409


def test_questions_adapt_to_the_persona(settings):
    settings.AI_PROFILING_STEPS = 5
    home = start(client_for(UserFactory(persona="stay_at_home")))
    pro = start(client_for(UserFactory(persona="experienced")))

    assert home["total_steps"] == 5
    assert "to-do list" in home["first_question"]
    assert "work" in pro["first_question"]
    assert home["first_question_audio_url"] is None and home["ai_agent_id"] is None


def test_for_persona_disabled_every_question_is_also_spoken_for_the_learner_only():
    learner = UserFactory(persona="disabled")
    client = client_for(learner)
    session = start(client)

    first_url = session["first_question_audio_url"]
    next_url = answer(client, session["session_id"], 1, "I love music").json()["ai_response_audio_url"]

    for url in (first_url, next_url):
        assert url.startswith("/api/v1/speech/")
        assert client.get(url).status_code == 200
        assert client_for(UserFactory()).get(url).status_code == 404
    assert SpeechClip.objects.filter(owner=learner).count() == 2
    # The assistant app registers its offer at start-up: the learner's agent, made for them.
    assert session["ai_agent_id"] is not None


def test_a_registered_assistant_is_offered_to_persona_disabled_only():
    import uuid

    agent_id = uuid.uuid4()
    registered = agents._offer  # the assistant app's own offer, put back afterwards
    agents.register(lambda user: agent_id)
    try:
        assert start(client_for(UserFactory(persona="disabled")))["ai_agent_id"] == str(agent_id)
        assert start(client_for(UserFactory(persona="beginner")))["ai_agent_id"] is None
    finally:
        agents.register(registered)


def test_only_the_last_completed_interview_counts_and_hand_added_skills_stay():
    learner = UserFactory()
    client = client_for(learner)
    UserSkill.objects.create(
        user=learner,
        skill=Skill.objects.create(name="Cooking", normalized_name="cooking"),
        proficiency_level="advanced",
    )
    interview(client, FIGMA_ANSWERS)
    assert UserSkill.objects.filter(user=learner, skill__name="Figma").exists()

    interview(
        client,
        [
            "I love budgeting and saving money for my family.",
            "I keep our household budget in Excel, for five years now.",
            "I want to start investing in the stock market.",
            "Weekends only, reading and videos.",
        ],
    )

    names = set(UserSkill.objects.filter(user=learner).values_list("skill__name", flat=True))
    assert "Figma" not in names
    assert "Cooking" in names
    assert "Excel" in names
    assert UserSkill.objects.get(user=learner, skill__name="Excel").proficiency_level == "advanced"
    profile = client.get(PROFILE).json()
    assert profile["time_commitment"] == "weekends only"
    assert "Finance" in profile["recommended_categories"][0]["category"]["name"]
    assert AIProfile.objects.count() == 1
    assert ProfilingSession.objects.filter(user=learner, status="completed").count() == 2


def test_the_text_fields_of_the_profile_are_edited_by_hand():
    learner = UserFactory()
    client = client_for(learner)
    assert client.get(PROFILE).status_code == 404
    assert client.patch(PROFILE, {"goals": ["x"]}, format="json").status_code == 404
    interview(client, FIGMA_ANSWERS)
    before = bytes(AIProfile.objects.get(user=learner).embedding)

    response = client.patch(
        PROFILE,
        {
            "passions": ["drawing comics"],
            "time_commitment": "5 hours a week, evenings",
            "learning_style": "videos",
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["passions"] == ["drawing comics"]
    assert (body["hours_per_week"], body["schedule"]) == (5.0, ["evenings"])
    assert body["learning_style"] == "videos"
    assert bytes(AIProfile.objects.get(user=learner).embedding) != before
    assert client.patch(PROFILE, {"passions": "not a list"}, format="json").status_code == 400


NOW = datetime(2027, 1, 13, 12, 0, tzinfo=UTC)


def test_completing_the_interview_moves_mentor_and_opportunity_recommendations_toward_the_answers():
    from mentors import matching
    from tests.learning.factories import opportunity
    from tests.mentors.test_matching import design_mentor, tax_mentor

    with time_machine.travel(NOW, tick=False):
        design = design_mentor()
        tax = tax_mentor(average_rating=5, total_reviews=40)
        matching.mentor_embeddings_refresh()
        tax_course = opportunity(title="Tax law for small companies", summary="VAT and corporate tax")
        design_course = opportunity(
            title="Designing mobile app screens in Figma", summary="Wireframes and UI"
        )
        type(tax_course).objects.filter(pk=tax_course.pk).update(average_rating=5, rating_count=12)
        learner = UserFactory(timezone="America/New_York")
        client = client_for(learner)

        def ranked():
            mentors = [i["mentor"]["id"] for i in client.get("/api/v1/mentors/recommended").json()["items"]]
            courses = [
                i["opportunity"]["id"]
                for i in client.get("/api/v1/opportunities/recommended").json()["items"]
            ]
            return mentors, courses

        mentors_before, courses_before = ranked()
        interview(client, FIGMA_ANSWERS)
        mentors_after, courses_after = ranked()

    # Nothing known yet: the better rated (and, for mentors, nearer) tax offers come first.
    assert (mentors_before[0], courses_before[0]) == (str(tax.pk), str(tax_course.pk))
    assert (mentors_after[0], courses_after[0]) == (str(design.pk), str(design_course.pk))
