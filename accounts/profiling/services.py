"""Writes of the onboarding interview: start, answer, complete, and hand edits of the profile.

Audio is checked and transcribed, and the profile's matching and embedding computed, before the
transaction opens: a bad recording (400) writes nothing, and no row lock is held while a model runs.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import (
    AIProfile,
    AnswerType,
    ProfilingAnswer,
    ProfilingSession,
    ProfilingStatus,
    SkillSource,
    User,
    UserSkill,
)
from accounts.profiling import agents, builder, matching, parse, questions
from accounts.speech import AudioRejected, SpeechFailed, read_audio, speak, transcribe
from core.errors import Conflict, NotFound, ValidationFailed

logger = logging.getLogger("mentora.profiling")

MAX_ANSWER = 2000


@dataclass
class Started:
    session: ProfilingSession
    question: questions.Question
    audio_url: str | None
    ai_agent_id: uuid.UUID | None


@dataclass
class Answered:
    session: ProfilingSession
    answered_step: int
    next_question: questions.Question | None
    transcription: str | None
    audio_url: str | None


def _own_session(user: User, session_id, *, lock: bool = False) -> ProfilingSession:
    rows = ProfilingSession.objects.filter(pk=session_id, user=user)
    if lock:
        rows = rows.select_for_update()
    session = rows.first()
    if session is None:
        raise NotFound("No such interview.")
    return session


def _spoken_url(session: ProfilingSession, text: str) -> str | None:
    """The question as speech, for sessions that speak (persona disabled). If espeak-ng fails,
    the interview goes on in text rather than stopping; the failure is logged."""
    if not session.speaks:
        return None
    try:
        clip = speak(text, owner=session.user)
    except SpeechFailed:
        logger.exception("speaking an interview question failed")
        return None
    session.question_clip = clip
    session.save(update_fields=["question_clip"])
    return clip.url


def _earlier(session: ProfilingSession, before_step: int) -> dict[str, str]:
    return {a.topic: a.text for a in session.answers.all() if a.step < before_step}


def question_at(
    session: ProfilingSession, step: int, earlier: dict[str, str] | None = None
) -> questions.Question:
    topics = questions.plan(session.total_steps)
    return questions.question_for(
        step,
        topics[step - 1],
        persona=session.persona,
        earlier=earlier if earlier is not None else _earlier(session, step),
    )


def session_start(*, user: User) -> Started:
    total = questions.clamp_steps(settings.AI_PROFILING_STEPS)
    with transaction.atomic():
        session = ProfilingSession.objects.create(
            user=user, persona=user.persona, total_steps=total, speaks=user.persona == "disabled"
        )
        question = question_at(session, 1, {})
        audio_url = _spoken_url(session, question.text)
        agent_id = agents.offer_agent(user)
    return Started(session, question, audio_url, agent_id)


def answer_submit(
    *,
    user: User,
    session_id,
    step: int,
    answer_type: str,
    answer_text: str | None = None,
    audio=None,
) -> Answered:
    transcription = None
    seconds = None
    if answer_type == AnswerType.VOICE and audio is not None:
        clip = read_audio(audio)
        seconds = round(clip.duration_s, 2)
        transcription = transcribe(clip)
        if not transcription:
            raise AudioRejected(
                AudioRejected.SILENT, "No words could be made out. Please try again, or type."
            )
    text = " ".join((answer_text or "").split()) or (transcription or "")
    if not text:
        field = "audio" if answer_type == AnswerType.VOICE else "answer_text"
        raise ValidationFailed.for_field(field, "Give an answer, typed or recorded.")
    if len(text) > MAX_ANSWER:
        raise ValidationFailed.for_field("answer_text", f"An answer is at most {MAX_ANSWER} characters.")
    with transaction.atomic():
        session = _own_session(user, session_id, lock=True)
        if session.status != ProfilingStatus.IN_PROGRESS:
            raise Conflict("This interview is already complete; start a new one to re-profile.")
        answered = set(session.answers.values_list("step", flat=True))
        if not 1 <= step <= session.total_steps:
            raise ValidationFailed.for_field("step", f"The step is 1 to {session.total_steps}.")
        expected = min(set(range(1, session.total_steps + 1)) - answered, default=None)
        if step not in answered and step != expected:
            raise ValidationFailed.for_field("step", f"Answer step {expected} first.")
        question = question_at(session, step)
        ProfilingAnswer.objects.update_or_create(
            session=session,
            step=step,
            defaults={
                "topic": question.topic,
                "question": question.text,
                "answer_type": answer_type,
                "text": text,
                "audio_seconds": seconds,
            },
        )
        answered.add(step)
        remaining = sorted(set(range(1, session.total_steps + 1)) - answered)
        next_question = question_at(session, remaining[0]) if remaining else None
        audio_url = _spoken_url(session, next_question.text) if next_question else None
    return Answered(session, step, next_question, transcription, audio_url)


@dataclass
class Completed:
    profile: AIProfile
    suggested_subcategories: list[dict]


def session_complete(*, user: User, session_id) -> Completed:
    session = _own_session(user, session_id)
    if session.status != ProfilingStatus.IN_PROGRESS:
        raise Conflict("This interview is already complete; start a new one to re-profile.")
    answers = list(session.answers.all())
    missing = sorted(set(range(1, session.total_steps + 1)) - {a.step for a in answers})
    if missing:
        steps = ", ".join(str(s) for s in missing)
        raise ValidationFailed.for_field("answers", f"Answer every question first (missing: step {steps}).")
    data = builder.build_profile({a.topic: a.text for a in answers}, persona=session.persona)
    with transaction.atomic():
        session = _own_session(user, session_id, lock=True)
        if session.status != ProfilingStatus.IN_PROGRESS:
            raise Conflict("This interview is already complete; start a new one to re-profile.")
        now = timezone.now()
        session.status = ProfilingStatus.COMPLETED
        session.completed_at = now
        session.save(update_fields=["status", "completed_at"])
        profile = _profile_save(user, session, data)
        _skills_sync(user, data.skills)
        if not user.onboarding_completed:
            user.onboarding_completed = True
            user.save(update_fields=["onboarding_completed"])
    suggested = [
        {"id": c["subcategory_id"], "name": c["subcategory"], "category": c["name"]}
        for c in data.recommended_categories
        if c["subcategory_id"]
    ][:5]
    return Completed(profile, suggested)


def _profile_save(user: User, session: ProfilingSession, data: builder.ProfileData) -> AIProfile:
    skills = [
        {
            "name": s.name,
            "level": s.level,
            "category_id": str(s.category_id) if s.category_id else None,
            "category": s.category,
        }
        for s in data.skills
    ]
    profile, _ = AIProfile.objects.update_or_create(
        user=user,
        defaults={
            "session": session,
            "passions": data.passions,
            "skills": skills,
            "goals": data.goals,
            "time_commitment": data.time_commitment,
            "hours_per_week": data.hours_per_week,
            "schedule": data.schedule,
            "learning_style": data.learning_style,
            "recommended_categories": data.recommended_categories,
            "embedding": data.embedding,
            "embedding_model": data.embedding_model,
        },
    )
    return profile


def _skills_sync(user: User, skills: list[builder.SkillOut]) -> None:
    """Upsert the interview's skills as source=ai_profiling; skills from an earlier interview that
    this one did not find are removed (only the last completed session counts). A skill the
    learner added by hand stays theirs and unchanged."""
    from accounts.services.profiles import skill_get_or_create

    keep: set = set()
    for found in skills:
        skill = skill_get_or_create(name=found.name)
        keep.add(skill.pk)
        row = UserSkill.objects.filter(user=user, skill=skill).first()
        if row is None:
            UserSkill.objects.create(
                user=user,
                skill=skill,
                category_id=found.category_id,
                proficiency_level=found.level,
                source=SkillSource.AI_PROFILING,
            )
        elif row.source == SkillSource.AI_PROFILING:
            row.proficiency_level = found.level
            row.category_id = found.category_id
            row.save(update_fields=["proficiency_level", "category_id"])
    UserSkill.objects.filter(user=user, source=SkillSource.AI_PROFILING).exclude(skill_id__in=keep).delete()


EDITABLE = ("passions", "goals", "time_commitment", "learning_style")


def ai_profile_update(*, user: User, **changes) -> AIProfile:
    """Hand edits of the text fields. The embedding is recomputed from the edited words, so
    matching follows the edit; skills and recommended categories change only by a new interview."""
    profile = AIProfile.objects.filter(user=user).first()
    if profile is None:
        raise NotFound("You have no AI profile yet: complete the onboarding interview first.")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationFailed.for_field(sorted(unknown)[0], "This field cannot be edited.")
    for name, value in changes.items():
        setattr(profile, name, value)
    fields = list(changes)
    if "time_commitment" in changes:
        parsed = parse.time_commitment(changes["time_commitment"])
        profile.hours_per_week, profile.schedule = parsed.hours_per_week, parsed.schedule
        fields += ["hours_per_week", "schedule"]
    if {"passions", "goals"} & set(changes):
        found = matching.match(
            matching.InterviewText(
                passions=profile.passions,
                skills=", ".join(s["name"] for s in profile.skills),
                goals=profile.goals,
                whole=". ".join([*profile.passions, *profile.goals, profile.learning_style]),
            )
        )
        if found.embedding is not None:
            profile.embedding, profile.embedding_model = found.embedding, found.embedding_model
            fields += ["embedding", "embedding_model"]
    with transaction.atomic():
        profile.save(update_fields=[*fields, "updated_at"])
    return profile
