"""Site pages of messaging: inbox, thread, notifications and their settings.

They call the same services as the API and the chat socket. Every page works by plain form
posts and reloads; static/js/realtime.js adds live updates on top when the socket is up.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.settings import api_settings
from rest_framework_simplejwt.tokens import AccessToken

from core import throttling
from core.errors import DomainError
from messaging import forms, selectors, services
from messaging.models import NotificationType

THREAD_PAGE_SIZE = 50
PAGE_SIZE = 20


def _data(request: HttpRequest):
    """The submitted data on POST, None on GET: an unbound form shows no errors."""
    return request.POST if request.method == "POST" else None


def _add_error(form, error: DomainError) -> None:
    placed = False
    for field, problems in (error.details or {}).items():
        if field in form.fields and isinstance(problems, list):
            for problem in problems:
                form.add_error(field, str(problem))
            placed = True
    if not placed:
        form.add_error(None, error.message)


@login_required
@require_POST
def socket_token(request: HttpRequest) -> JsonResponse:
    """A fresh access token for the page's socket once the one in the page has expired (the
    socket authenticates with ?token=, API.md §0; a page has a session, not a token)."""
    return JsonResponse({"token": str(AccessToken.for_user(request.user))})


@login_required
@never_cache
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.conversation_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [{"conversation": c, "other": c.other(request.user)} for c in page.object_list]
    return render(request, "messaging/inbox.html", {"page": page, "rows": rows})


def _thread_messages(*, user, conversation) -> list:
    if conversation is None:
        return []
    newest = selectors.message_list(user=user, conversation_id=conversation.pk)[:THREAD_PAGE_SIZE]
    return list(reversed(list(newest)))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, user_id) -> HttpResponse:
    """The thread with one person, addressed by their id (a mentor's page links here), so the
    first message to someone needs no conversation yet."""
    user = request.user
    other = selectors.reachable_user(sender=user, user_id=user_id)
    conversation = None if user_id == user.pk else selectors.conversation_between(user=user, other_id=user_id)
    if other is None and conversation is None:
        raise Http404("No such person.")
    may_start = selectors.user_may_start_conversations(user=user)
    form = forms.MessageForm(_data(request), request.FILES if request.method == "POST" else None)
    if form.is_valid():
        allowed, state = throttling.hit(
            scope="messages", ident=str(user.pk), rate=api_settings.DEFAULT_THROTTLE_RATES["messages"]
        )
        if not allowed:
            wait = max(1, int(state.reset - time.time()))
            form.add_error(None, f"You are sending messages too fast. Try again in {wait} seconds.")
        else:
            try:
                services.message_send(
                    sender=user,
                    recipient_id=user_id,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"],
                )
            except DomainError as error:
                _add_error(form, error)
            else:
                return redirect(reverse("messaging:thread", args=[user_id]) + "#message-form")
    if conversation is not None and request.method == "GET":
        # Opening the thread is reading it: the sender's receipts turn to "Seen".
        services.conversation_mark_read(user=user, conversation_id=conversation.pk)
    context = {
        "form": form,
        "other": other or conversation.other(user),
        "conversation": conversation,
        "thread_messages": _thread_messages(user=user, conversation=conversation),
        # A deleted or deactivated person's thread stays readable but takes no new messages.
        "can_send": other is not None and (conversation is not None or may_start),
        "may_start": may_start,
    }
    return render(request, "messaging/thread.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def message_edit(request: HttpRequest, message_id) -> HttpResponse:
    try:
        message = selectors.message_for_participant(user=request.user, message_id=message_id)
    except DomainError:
        raise Http404("No such message.") from None
    if message.sender_id != request.user.pk or message.is_deleted:
        raise Http404("You cannot edit this message.")
    form = forms.MessageEditForm(_data(request), initial={"text": message.text})
    if form.is_valid():
        try:
            services.message_edit(user=request.user, message_id=message.pk, text=form.cleaned_data["text"])
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, "Your message is updated.")
            return redirect("messaging:thread", user_id=message.recipient_id)
    return render(request, "messaging/message_edit.html", {"form": form, "message": message})


@login_required
@require_POST
def message_delete(request: HttpRequest, message_id) -> HttpResponse:
    try:
        message = services.message_delete(user=request.user, message_id=message_id)
    except DomainError as error:
        if error.status_code == 404:
            raise Http404(error.message) from None
        messages.error(request, error.message)
        return redirect("messaging:inbox")
    messages.success(request, "Your message is deleted.")
    return redirect("messaging:thread", user_id=message.recipient_id)


@login_required
@never_cache
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    qs = selectors.notification_list(user=request.user, is_read=False if unread_only else None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "messaging/notifications.html",
        {
            "page": page,
            "unread_only": unread_only,
            "unread_count": selectors.notification_unread_count(user=request.user),
        },
    )


def _back_to_notifications(request: HttpRequest) -> HttpResponse:
    target = reverse("messaging:notifications")
    if request.POST.get("show") == "unread":
        target += "?show=unread"
    return redirect(target)


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id) -> HttpResponse:
    try:
        notification = services.notification_mark_read(user=request.user, notification_id=notification_id)
    except DomainError:
        raise Http404("No such notification.") from None
    # Only our own pages: a link stored in a notification must not become an open redirect.
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notification.action_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.action_url)
    return _back_to_notifications(request)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    updated = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"Marked {updated} notification{'s' if updated != 1 else ''} as read.")
    return _back_to_notifications(request)


@login_required
@require_POST
def notification_delete(request: HttpRequest, notification_id) -> HttpResponse:
    try:
        services.notification_delete(user=request.user, notification_id=notification_id)
    except DomainError:
        raise Http404("No such notification.") from None
    messages.success(request, "Notification deleted.")
    return _back_to_notifications(request)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    prefs = selectors.notification_settings_for(user=request.user)
    types = selectors.types_state(prefs)
    initial = {
        "email": prefs.email_enabled,
        "push": prefs.push_enabled,
        "sms": prefs.sms_enabled,
        "quiet_hours_start": prefs.quiet_hours_start,
        "quiet_hours_end": prefs.quiet_hours_end,
        **{f"type_{value}": types[value] for value in NotificationType.values},
    }
    form = forms.NotificationSettingsForm(_data(request), initial=initial)
    if form.is_valid():
        try:
            services.notification_settings_update(user=request.user, **form.for_service())
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, "Your notification settings are saved.")
            return redirect("messaging:notification-settings")
    return render(request, "messaging/notification_settings.html", {"form": form})
