"""Site pages of community groups: the directory, a group (posts, members, join/leave/pending),
a post with threaded comments, compose and edit with a Markdown preview, and the moderation
queue. Thin: each parses, calls one service or selector, and renders. Everything works with
plain form posts and reloads; static/js/community.js adds live posts and comments on top."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community.models.groups import MembershipRole, MembershipStatus
from community.selectors import groups as selectors
from community.selectors.events import group_upcoming_events
from community.services import groups as group_services
from community.services import moderation
from community.services import posts as post_services
from community.services.events import may_host
from community.views import forms_groups as forms
from core.errors import DomainError, NotFound
from learning import markdown
from learning.services.catalogue import may_author

PAGE_SIZE = 20
KINDS = ("post", "comment")


def _add_error(form, error: DomainError) -> None:
    placed = False
    for field, problems in (error.details or {}).items():
        if field in form.fields and isinstance(problems, list):
            for problem in problems:
                form.add_error(field, str(problem))
            placed = True
    if not placed:
        form.add_error(None, error.message)


def _group_or_404(group_id, user, *, content: bool = False):
    """The group's public face, or with `content` only a group whose posts `user` may read."""
    try:
        if content:
            return selectors.readable_group_get(group_id=group_id, user=user)
        return selectors.group_get(group_id=group_id, user=user)
    except NotFound:
        raise Http404 from None


def _post_or_404(post_id, user):
    try:
        return selectors.post_get(post_id=post_id, user=user)
    except NotFound:
        raise Http404 from None


def _back(request, fallback: str) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def directory(request):
    form = forms.DirectoryForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data["q"],
            "category_id": data["category_id"].pk if data["category_id"] else None,
            "joined": {"true": True, "false": False}.get(data["joined"]),
        }
    page = Paginator(selectors.group_search(user=request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "community/directory.html",
        {"form": form, "page": page, "may_start_group": may_author(request.user)},
    )


def _group_context(request, group) -> dict:
    user = request.user
    viewer = selectors.viewer(group, user)
    mine = viewer.membership
    return {
        "group": group,
        "membership": mine,
        "is_member": viewer.is_member,
        "is_pending": mine is not None and mine.status == MembershipStatus.PENDING,
        "is_owner": mine is not None and mine.role == MembershipRole.OWNER,
        "can_moderate": viewer.is_moderator,
        "can_read": viewer.can_read,
        "may_manage": user.is_authenticated and (user.is_staff or group.owner_id == user.pk),
        "moderators": selectors.group_moderators(group),
    }


@never_cache
def group_page(request, group_id):
    group = _group_or_404(group_id, request.user)
    context = _group_context(request, group)
    page = Paginator(selectors.post_list(group=group, user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context.update({"page": page, "rules": markdown.render(group.rules)})
    context["upcoming_events"] = (
        group_upcoming_events(group=group, user=request.user) if context["can_read"] else []
    )
    context["may_host_here"] = group.archived_at is None and may_host(request.user, group)
    return render(request, "community/group.html", context)


@login_required
@never_cache
def members_page(request, group_id):
    group = _group_or_404(group_id, request.user, content=True)
    context = _group_context(request, group)
    rows = selectors.member_list(group=group, user=request.user)
    context["page"] = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "community/members.html", context)


def _act(request, fallback: str, action, success: str):
    try:
        action()
    except DomainError as error:
        if error.status_code == 404:
            raise Http404 from None
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(_back(request, fallback))


@login_required
@require_POST
def join(request, group_id):
    try:
        membership = group_services.group_join(group_id=group_id, user=request.user)
    except DomainError as error:
        if error.status_code == 404:
            raise Http404 from None
        messages.error(request, error.message)
    else:
        pending = membership.status == MembershipStatus.PENDING
        messages.success(
            request,
            "Your request to join was sent: a moderator will decide." if pending else "You joined the group.",
        )
    return redirect("community:group", group_id)


@login_required
@require_POST
def leave(request, group_id):
    return _act(
        request,
        reverse("community:group", args=[group_id]),
        lambda: group_services.group_leave(group_id=group_id, user=request.user),
        "You left the group.",
    )


@login_required
@require_POST
def decide(request, group_id, user_id):
    approve = request.POST.get("decision") == "approve"
    return _act(
        request,
        reverse("community:members", args=[group_id]),
        lambda: group_services.membership_decide(
            group_id=group_id, user_id=user_id, moderator=request.user, approve=approve
        ),
        "Request approved." if approve else "Request declined.",
    )


@login_required
@require_POST
def set_role(request, group_id, user_id):
    """Owner: make a member a moderator or a member again, or hand over ownership."""
    role = request.POST.get("role")
    group = _group_or_404(group_id, request.user, content=True)

    def run():
        if role == MembershipRole.OWNER:
            group_services.group_update(group_id=group_id, user=request.user, data={"owner_id": user_id})
            return
        current = {m.user_id for m in selectors.group_moderators(group) if m.role == MembershipRole.MODERATOR}
        wanted = current | {user_id} if role == MembershipRole.MODERATOR else current - {user_id}
        group_services.group_update(
            group_id=group_id, user=request.user, data={"moderator_ids": list(wanted)}
        )

    return _act(request, reverse("community:members", args=[group_id]), run, "Roles updated.")


@login_required
@require_POST
def archive(request, group_id):
    archived = request.POST.get("archived") == "true"
    return _act(
        request,
        reverse("community:group", args=[group_id]),
        lambda: group_services.group_update(
            group_id=group_id, user=request.user, data={"archived": archived}
        ),
        "The group is archived: it stays readable." if archived else "The group is open again.",
    )


@login_required
@never_cache
def post_new(request, group_id):
    group = _group_or_404(group_id, request.user, content=True)
    context = _group_context(request, group)
    if not context["is_member"] or group.is_archived:
        messages.error(request, "Only members can post, and not in an archived group.")
        return redirect("community:group", group_id)
    form = forms.PostForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = post_services.post_create(
                group_id=group.pk,
                user=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                files=form.cleaned_data["files"],
            )
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, "Your post is up.")
            return redirect("community:post", post.pk)
    context["form"] = form
    return render(request, "community/post_form.html", context, status=400 if form.errors else 200)


@login_required
@never_cache
def post_edit(request, post_id):
    post = _post_or_404(post_id, request.user)
    if post.author_id != request.user.pk:
        raise Http404
    form = forms.PostEditForm(request.POST or None, initial={"title": post.title, "body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            post_services.post_update(post_id=post.pk, user=request.user, **form.cleaned_data)
        except DomainError as error:
            _add_error(form, error)
        else:
            messages.success(request, "Your post is updated.")
            return redirect("community:post", post.pk)
    context = _group_context(request, post.group)
    context.update({"form": form, "post": post})
    return render(request, "community/post_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def preview(request):
    """The Markdown preview of the compose forms: the same sanitized rendering as the saved post."""
    text = (request.POST.get("body") or "")[:20000]
    html = markdown.render(text) if text.strip() else "<p>Nothing to preview yet.</p>"
    return HttpResponse(html)


def _threads(post, user, moderator: bool) -> list:
    threads = []
    for comment in selectors.comment_threads(post=post, user=user, moderator=moderator):
        gone = comment.deleted_at is not None or (comment.hidden_at is not None and not moderator)
        threads.append({"comment": comment, "gone": gone, "replies": list(comment.replies.all())})
    return threads


@never_cache
def post_page(request, post_id):
    post = _post_or_404(post_id, request.user)
    context = _group_context(request, post.group)
    context.update(
        {
            "post": post,
            "threads": _threads(post, request.user, context["can_moderate"]),
            "comment_form": forms.CommentForm(),
            "report_form": forms.ReportForm(),
        }
    )
    return render(request, "community/post.html", context)


def post_card(request, post_id):
    """One post's card for the group page, fetched by community.js when post.new arrives."""
    post = _post_or_404(post_id, request.user)
    return render(request, "community/includes/post_card.html", {"post": post, "group": post.group})


def comment_fragment(request, comment_id):
    """One comment (with its reply form), fetched by community.js when comment.new arrives."""
    from community.models.groups import Comment

    comment = Comment.objects.select_related("author", "post__group").filter(pk=comment_id).first()
    if comment is None:
        raise Http404
    post = _post_or_404(comment.post_id, request.user)
    context = _group_context(request, post.group)
    if comment.deleted_at is not None or (comment.hidden_at is not None and not context["can_moderate"]):
        raise Http404
    context.update({"post": post, "comment": comment, "report_form": forms.ReportForm(), "live": True})
    template = "community/includes/reply.html" if comment.parent_id else "community/includes/thread.html"
    if not comment.parent_id:
        context["thread"] = {"comment": comment, "gone": False, "replies": []}
        context["comment_form"] = forms.CommentForm()
    return render(request, template, context)


@login_required
@require_POST
def comment_create(request, post_id):
    form = forms.CommentForm(request.POST)
    fallback = reverse("community:post", args=[post_id])
    if not form.is_valid():
        messages.error(request, "Write something before sending your comment.")
        return redirect(fallback)
    result = {}

    def run():
        result["c"] = post_services.comment_create(
            post_id=post_id,
            user=request.user,
            body=form.cleaned_data["body"],
            parent_id=form.cleaned_data["parent_id"],
        )

    try:
        run()
    except DomainError as error:
        if error.status_code == 404:
            raise Http404 from None
        messages.error(request, error.message)
        return redirect(fallback)
    if request.headers.get("X-Requested-With") == "community":
        return HttpResponse(status=204)
    messages.success(request, "Your comment is up.")
    return redirect(f"{fallback}#comment-{result['c'].pk}")


@login_required
@require_POST
def post_delete(request, post_id):
    post = _post_or_404(post_id, request.user)
    return _act(
        request,
        reverse("community:group", args=[post.group_id]),
        lambda: post_services.post_delete(post_id=post_id, user=request.user, request=request),
        "The post was deleted.",
    )


@login_required
@require_POST
def post_pin(request, post_id):
    pinned = request.POST.get("pinned") == "true"
    return _act(
        request,
        reverse("community:post", args=[post_id]),
        lambda: post_services.post_update(post_id=post_id, user=request.user, is_pinned=pinned),
        "Pinned to the top of the group." if pinned else "Unpinned.",
    )


@login_required
@require_POST
def comment_delete(request, comment_id):
    from community.models.groups import Comment

    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        raise Http404
    return _act(
        request,
        reverse("community:post", args=[comment.post_id]),
        lambda: post_services.comment_delete(comment_id=comment_id, user=request.user, request=request),
        "The comment was deleted.",
    )


@login_required
@require_POST
def report(request, kind, object_id):
    if kind not in KINDS:
        raise Http404
    form = forms.ReportForm(request.POST)
    target = {"post_id": object_id} if kind == "post" else {"comment_id": object_id}
    if not form.is_valid():
        messages.error(request, "Choose a reason for your report.")
        return redirect(_back(request, reverse("community:directory")))
    return _act(
        request,
        reverse("community:directory"),
        lambda: moderation.report_create(user=request.user, **target, **form.cleaned_data),
        "Thank you: the group's moderators will look at it.",
    )


@login_required
@require_POST
def moderate(request, kind, object_id):
    if kind not in KINDS:
        raise Http404
    action = request.POST.get("action")
    target = {"post_id": object_id} if kind == "post" else {"comment_id": object_id}
    return _act(
        request,
        reverse("community:moderation"),
        lambda: moderation.content_moderate(moderator=request.user, action=action, request=request, **target),
        "Hidden: nobody but moderators sees it now." if action == "hide" else "Restored.",
    )


@login_required
@never_cache
def moderation_queue(request):
    status = request.GET.get("status") or "open"
    if status not in ("open", "actioned", "dismissed"):
        status = "open"
    rows = selectors.report_queue(user=request.user, status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    moderates = selectors.moderated_groups(request.user).exists()
    return render(
        request, "community/moderation.html", {"page": page, "status": status, "moderates": moderates}
    )


@login_required
@require_POST
def resolve(request, report_id):
    action = request.POST.get("action")
    done = {"hide": "Hidden.", "restore": "Restored.", "dismiss": "Report dismissed."}
    return _act(
        request,
        reverse("community:moderation"),
        lambda: moderation.report_resolve(
            report_id=report_id, moderator=request.user, action=action, request=request
        ),
        done.get(action, "Done."),
    )
