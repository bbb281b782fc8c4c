"""Pages: the onboarding interview as a conversation, and the AI profile with its edit form.
Thin: every write goes through accounts.profiling.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import selectors_profiling as selectors
from accounts.models import AIProfile
from accounts.profiling import services
from accounts.views_profiling.forms import AnswerForm, ProfileEditForm
from core.errors import DomainError


def _conversation(session) -> dict:
    answers = sorted(session.answers.all(), key=lambda a: a.step)
    answered = {a.step for a in answers}
    remaining = [s for s in range(1, session.total_steps + 1) if s not in answered]
    current = services.question_at(session, remaining[0]) if remaining else None
    clip_url = session.question_clip.url if session.question_clip_id and current else None
    return {"session": session, "answers": answers, "current": current, "clip_url": clip_url}


@login_required
def interview(request: HttpRequest, form: AnswerForm | None = None, status: int = 200) -> HttpResponse:
    session = selectors.interview_in_progress(user=request.user)
    context = {"has_profile": AIProfile.objects.filter(user=request.user).exists()}
    if session is not None:
        context.update(_conversation(session))
        if context["current"] and form is None:
            form = AnswerForm(initial={"step": context["current"].step, "answer_type": "text"})
    context["form"] = form
    return render(request, "accounts/profiling/interview.html", context, status=status)


@login_required
@require_POST
def interview_start(request: HttpRequest) -> HttpResponse:
    if selectors.interview_in_progress(user=request.user) is None:
        services.session_start(user=request.user)
    return redirect("accounts:interview")


@login_required
@require_POST
def interview_answer(request: HttpRequest) -> HttpResponse:
    session = selectors.interview_in_progress(user=request.user)
    if session is None:
        return redirect("accounts:interview")
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_submit(
                user=request.user,
                session_id=session.pk,
                step=form.cleaned_data["step"],
                answer_type=form.cleaned_data["answer_type"],
                answer_text=form.cleaned_data["answer_text"],
            )
        except DomainError as error:
            form.add_error("answer_text", error.message)
        else:
            return redirect("accounts:interview")
    return interview(request, form=form, status=400)


@login_required
@require_POST
def interview_complete(request: HttpRequest) -> HttpResponse:
    session = selectors.interview_in_progress(user=request.user)
    if session is None:
        return redirect("accounts:interview")
    try:
        services.session_complete(user=request.user, session_id=session.pk)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("accounts:interview")
    messages.success(request, "Your profile is ready. You can correct anything below.")
    return redirect("accounts:ai-profile")


@login_required
def ai_profile(request: HttpRequest, form: ProfileEditForm | None = None, status: int = 200) -> HttpResponse:
    profile = AIProfile.objects.filter(user=request.user).first()
    if profile is not None and form is None:
        form = ProfileEditForm(
            initial={
                "passions": "\n".join(profile.passions),
                "goals": "\n".join(profile.goals),
                "time_commitment": profile.time_commitment,
                "learning_style": profile.learning_style,
            }
        )
    return render(
        request, "accounts/profiling/profile.html", {"profile": profile, "form": form}, status=status
    )


@login_required
@require_POST
def ai_profile_edit(request: HttpRequest) -> HttpResponse:
    form = ProfileEditForm(request.POST)
    if not form.is_valid():
        return ai_profile(request, form=form, status=400)
    try:
        services.ai_profile_update(user=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your profile is saved.")
    return redirect("accounts:ai-profile")
