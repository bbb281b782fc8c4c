"""Site pages of learning: the catalogue, an opportunity with its lessons and enroll/pay, My
learning, a lesson (which records progress), learning paths, and mentors' authoring pages.
Thin: each parses, calls one service or selector, and renders."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import DomainError
from learning import markdown, selectors
from learning.models import Difficulty, EnrollmentStatus, OpportunityStatus, OpportunityType
from learning.services import catalogue, enrollment, paths, progress
from mentors.models import Category


class CatalogueForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search")
    type = forms.ChoiceField(required=False, choices=[("", "Any type"), *OpportunityType.choices])
    difficulty = forms.ChoiceField(required=False, choices=[("", "Any level"), *Difficulty.choices])
    category_id = forms.ModelChoiceField(
        required=False,
        queryset=Category.objects.filter(parent__isnull=True),
        empty_label="Any category",
        label="Category",
    )
    is_paid = forms.ChoiceField(
        required=False, choices=[("", "Free or paid"), ("false", "Free"), ("true", "Paid")], label="Price"
    )


def catalogue_page(request):
    form = CatalogueForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data["q"],
            "type": [data["type"]] if data["type"] else None,
            "difficulty": [data["difficulty"]] if data["difficulty"] else None,
            "category_id": data["category_id"].pk if data["category_id"] else None,
            "is_paid": {"true": True, "false": False}.get(data["is_paid"]),
        }
    page = Paginator(selectors.opportunity_search(**filters), 20).get_page(request.GET.get("page"))
    return render(request, "learning/catalogue.html", {"form": form, "page": page})


def opportunity_page(request, opportunity_id):
    try:
        item = selectors.opportunity_get(opportunity_id=opportunity_id, user=request.user)
    except DomainError:
        raise Http404 from None
    mine = selectors.enrollment_for(user=request.user, opportunity=item)
    done = selectors.completed_lesson_ids(mine) if mine else set()
    return render(
        request,
        "learning/opportunity.html",
        {
            "item": item,
            "description": markdown.render(item.description),
            "enrollment": mine,
            "done": done,
            "may_edit": catalogue.may_edit(request.user, item),
        },
    )


@login_required
@require_POST
def enroll_page(request, opportunity_id):
    try:
        result = enrollment.enrollment_create(
            user=request.user,
            opportunity_id=opportunity_id,
            payment_method=request.POST.get("payment_method") or None,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("learning:opportunity", opportunity_id)
    if result.payment is not None:
        back = reverse("learning:opportunity", args=[opportunity_id])
        return redirect(f"{reverse('payments:checkout', args=[result.payment.pk])}?next={back}")
    messages.success(request, "You are enrolled.")
    return redirect("learning:opportunity", opportunity_id)


@login_required
@require_POST
def rate_page(request, opportunity_id):
    try:
        item = selectors.opportunity_get(opportunity_id=opportunity_id, user=request.user)
        mine = selectors.enrollment_for(user=request.user, opportunity=item)
        rating = request.POST.get("rating") or ""
        if mine is None or not rating.isdigit():
            raise Http404
        catalogue.opportunity_rate(
            enrollment_id=mine.pk,
            user=request.user,
            rating=int(rating),
            review=request.POST.get("review", "")[:5000],
        )
        messages.success(request, "Thank you for your rating.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("learning:opportunity", opportunity_id)


@login_required
def my_learning(request):
    rows = selectors.enrollment_list(user=request.user)
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(
        request, "learning/my_learning.html", {"page": page, "paths": selectors.path_list(user=request.user)}
    )


@login_required
def lesson_page(request, opportunity_id, lesson_id):
    try:
        item = selectors.opportunity_get(opportunity_id=opportunity_id, user=request.user)
    except DomainError:
        raise Http404 from None
    mine = selectors.enrollment_for(user=request.user, opportunity=item)
    lessons = list(item.lessons.all())
    lesson = next((x for x in lessons if x.pk == lesson_id), None)
    if (
        lesson is None
        or mine is None
        or mine.status
        not in (EnrollmentStatus.ENROLLED, EnrollmentStatus.IN_PROGRESS, EnrollmentStatus.COMPLETED)
    ):
        raise Http404
    if request.method == "POST":
        minutes = (
            max(0, min(int(request.POST.get("minutes") or 0), 1440))
            if (request.POST.get("minutes") or "0").isdigit()
            else 0
        )
        progress.progress_update(
            enrollment_id=mine.pk,
            user=request.user,
            completed_lesson_ids=[lesson.pk],
            current_lesson_id=lesson.pk,
            time_spent_minutes=minutes,
        )
        index = lessons.index(lesson)
        if index + 1 < len(lessons):
            return redirect("learning:lesson", item.pk, lessons[index + 1].pk)
        messages.success(request, "You finished every lesson.")
        return redirect("learning:opportunity", item.pk)
    progress.lesson_opened(enrollment=mine, lesson=lesson)
    index = lessons.index(lesson)
    return render(
        request,
        "learning/lesson.html",
        {
            "item": item,
            "lesson": lesson,
            "content": markdown.render(lesson.content),
            "done": lesson.pk in selectors.completed_lesson_ids(mine),
            "previous": lessons[index - 1] if index else None,
            "position": index + 1,
            "total": len(lessons),
        },
    )


class PathForm(forms.Form):
    subcategory = forms.ModelChoiceField(
        queryset=Category.objects.filter(parent__isnull=False, is_active=True)
        .select_related("parent")
        .order_by("parent__name", "name"),
        label="What do you want to learn?",
    )


@login_required
def paths_page(request):
    form = PathForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            path = paths.path_create(user=request.user, subcategory_id=form.cleaned_data["subcategory"].pk)
        except DomainError as error:
            form.add_error("subcategory", error.message)
        else:
            return redirect("learning:path", path.pk)
    return render(
        request, "learning/paths.html", {"form": form, "paths": selectors.path_list(user=request.user)}
    )


@login_required
def path_page(request, path_id):
    try:
        path = selectors.path_get(user=request.user, path_id=path_id)
    except DomainError:
        raise Http404 from None
    if request.method == "POST":
        try:
            paths.milestone_complete(
                path_id=path.pk, user=request.user, step=int(request.POST.get("step") or 0)
            )
            messages.success(request, "Milestone completed.")
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("learning:path", path.pk)
    return render(request, "learning/path.html", {"path": path, "milestones": list(path.milestones.all())})


# --- authoring ------------------------------------------------------------------------------------


class OpportunityForm(forms.Form):
    type = forms.ChoiceField(choices=OpportunityType.choices)
    title = forms.CharField(max_length=200)
    summary = forms.CharField(max_length=300, required=False)
    description = forms.CharField(widget=forms.Textarea, required=False, help_text="Markdown")
    difficulty = forms.ChoiceField(choices=Difficulty.choices)
    subcategory = forms.ModelChoiceField(
        queryset=Category.objects.filter(parent__isnull=False)
        .select_related("parent")
        .order_by("parent__name", "name")
    )
    price = forms.DecimalField(
        required=False, min_value=0, max_digits=10, decimal_places=2, help_text="Empty: free"
    )
    duration_minutes = forms.IntegerField(required=False, min_value=0, label="Duration (minutes)")
    starts_at = forms.DateTimeField(required=False, help_text="Workshops and cohorts, UTC: 2027-05-01 14:00")
    capacity = forms.IntegerField(required=False, min_value=1)
    apply_url = forms.URLField(required=False, assume_scheme="https", label="Apply URL (jobs)")


class LessonForm(forms.Form):
    title = forms.CharField(max_length=200)
    duration_minutes = forms.IntegerField(required=False, min_value=0, label="Duration (minutes)")
    content = forms.CharField(widget=forms.Textarea, required=False, help_text="Markdown")
    video_url = forms.URLField(required=False, assume_scheme="https", label="Video URL")
    external_url = forms.URLField(required=False, assume_scheme="https", label="External link")


def _data(form) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    sub = data.pop("subcategory")
    data["category_id"], data["subcategory_id"] = sub.parent_id, sub.pk
    data.setdefault("price", None)
    return data


@login_required
def authoring_list(request):
    if not catalogue.may_author(request.user):
        raise Http404
    return render(
        request, "learning/authoring_list.html", {"items": selectors.authored_by(user=request.user)[:200]}
    )


@login_required
def authoring_edit(request, opportunity_id=None):
    if not catalogue.may_author(request.user):
        raise Http404
    item = None
    if opportunity_id is not None:
        try:
            item = selectors.opportunity_get(opportunity_id=opportunity_id, user=request.user)
        except DomainError:
            raise Http404 from None
        if not catalogue.may_edit(request.user, item):
            raise Http404
    initial = {}
    if item is not None:
        initial = {
            "type": item.type, "title": item.title, "summary": item.summary, "description": item.description,
            "difficulty": item.difficulty, "subcategory": item.subcategory, "price": item.price,
            "duration_minutes": item.duration_minutes, "starts_at": item.starts_at, "capacity": item.capacity,
            "apply_url": item.apply_url,
        }  # fmt: skip
    form = OpportunityForm(request.POST or None, initial=initial)
    lesson_form = LessonForm(prefix="lesson")
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                item = catalogue.opportunity_create(user=request.user, data=_data(form))
            else:
                catalogue.opportunity_update(opportunity_id=item.pk, user=request.user, data=_data(form))
            action = request.POST.get("action")
            if action == "publish":
                catalogue.opportunity_publish(opportunity_id=item.pk, user=request.user)
            elif action == "archive":
                catalogue.opportunity_archive(opportunity_id=item.pk, user=request.user)
            messages.success(request, "Saved.")
            return redirect("learning:author-edit", item.pk)
        except DomainError as error:
            for field, errors in (error.details or {}).items():
                form.add_error(
                    field if field in form.fields else None,
                    errors[0] if isinstance(errors, list) else str(errors),
                )
            if not error.details:
                form.add_error(None, error.message)
    return render(
        request,
        "learning/authoring_edit.html",
        {
            "form": form,
            "item": item,
            "lesson_form": lesson_form,
            "published": item is not None and item.status == OpportunityStatus.PUBLISHED,
        },
    )


@login_required
@require_POST
def authoring_lesson_add(request, opportunity_id):
    form = LessonForm(request.POST, prefix="lesson")
    if form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            catalogue.lesson_save(opportunity_id=opportunity_id, user=request.user, data=data)
            messages.success(request, "Lesson added.")
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, "The lesson needs a title, and links must be full web addresses.")
    return redirect("learning:author-edit", opportunity_id)
