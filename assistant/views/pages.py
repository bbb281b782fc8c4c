"""The assistant page: push-to-talk, a text box, the conversation in a polite live region, the
reply spoken, the pending confirmation as two big buttons. Thin: each view calls one service
or selector and renders. Commands come from a form (typed, or the recording the page's script
attaches) and answer with the conversation's fragment for htmx, or a redirect without it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from assistant import selectors
from assistant.services import agents, commands
from core.errors import DomainError

HISTORY = 10


def _conversation(request, agent, *, reply=None, error: str = "") -> dict:
    history = list(selectors.action_list(agent=agent, action_type=["voice_command"])[:HISTORY])
    history.reverse()
    return {
        "agent": agent,
        "history": history,
        "reply": reply,
        "error": error,
        "pending": commands.pending_question(agent, now=timezone.now()),
    }


@login_required
def assistant_page(request):
    agent = selectors.agent_for(user=request.user)
    if agent is None:
        return render(request, "assistant/start.html")
    return render(request, "assistant/page.html", _conversation(request, agent))


@login_required
@require_POST
def agent_start(request):
    agents.agent_offer(user=request.user)
    return redirect("assistant:page")


@login_required
@require_POST
def command(request):
    agent = selectors.agent_get(user=request.user)
    reply, error = None, ""
    try:
        upload = request.FILES.get("audio")
        if upload is not None:
            reply = commands.voice_command(user=request.user, audio=upload)
        else:
            reply = commands.voice_command(user=request.user, text=request.POST.get("text", ""))
    except DomainError as refused:
        # Bad audio, an empty command, a switched-off agent: said in the live region.
        details = refused.details or {}
        field_messages = details.get("audio") or details.get("text") or []
        error = field_messages[0] if field_messages else refused.message
    agent.refresh_from_db()
    context = _conversation(request, agent, reply=reply, error=error)
    if request.htmx:
        # The latest exchange goes into the live region; the history, outside it, is swapped
        # out of band so a screen reader announces only what is new.
        return render(request, "assistant/includes/exchange.html", {**context, "oob": True})
    if error:
        messages.error(request, error)
    return redirect("assistant:page")


@login_required
@require_POST
def settings_save(request):
    agent = selectors.agent_get(user=request.user)
    agents.agent_update(
        agent=agent,
        data={
            "speak_replies": request.POST.get("speak_replies") == "on",
            "is_enabled": request.POST.get("is_enabled") == "on",
        },
    )
    messages.success(request, "Settings saved.")
    return redirect("assistant:page")
