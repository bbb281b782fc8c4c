"""Pages: resume versions (generate, download), the portfolio editor, the share dialog and the
public portfolio at /p/<slug>. They call the same services and selectors as the API."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.api.views.portfolio import resume_download
from accounts.forms import add_domain_error
from accounts.portfolio import selectors, services, sharing
from accounts.views_portfolio.forms import PortfolioForm, ProjectFormSet, ShareForm
from core.errors import DomainError, NotFound

# The blank project rows the editor offers below the saved ones.
BLANK_PROJECT_ROWS = 2


@login_required
def resumes(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.resume_list(user=request.user))
    return render(request, "accounts/portfolio/resumes.html", {"resumes": rows})


@login_required
@require_POST
def resume_generate(request: HttpRequest) -> HttpResponse:
    resume = services.resume_generate(user=request.user, request=request)
    messages.success(request, f"Version {resume.version} of your resume is ready.")
    return redirect(reverse("accounts:resumes") + f"#resume-{resume.version}")


@login_required
def resume_pdf(request: HttpRequest, resume_id) -> HttpResponse:
    try:
        resume = selectors.resume_for_owner(user=request.user, resume_id=resume_id)
    except NotFound:
        raise Http404("No such resume.") from None
    return resume_download(resume)


_PROJECT_FIELD = re.compile(r"^featured_projects\[(\d+)\]\.(\w+)$")


def _place_error(form, formset, kept: list[int], error: DomainError) -> None:
    """The service's error on the field it names (a project's picture, the address), else on top."""
    placed = False
    for key, problems in error.details.items():
        if not isinstance(problems, list | tuple):
            continue
        match = _PROJECT_FIELD.match(key)
        if match and int(match.group(1)) < len(kept):
            formset.forms[kept[int(match.group(1))]].add_error(match.group(2), [str(p) for p in problems])
            placed = True
        elif key in form.fields:
            form.add_error(key, [str(p) for p in problems])
            placed = True
    if not placed:
        add_domain_error(form, error)


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_edit(request: HttpRequest) -> HttpResponse:
    portfolio = selectors.portfolio_own(user=request.user)
    projects = list(portfolio.projects.all()) if portfolio else []
    if request.method == "POST":
        form = PortfolioForm(request.POST)
        formset = ProjectFormSet(request.POST, request.FILES, prefix="projects")
        if form.is_valid() and formset.is_valid():
            kept, wanted = [], []
            for index, row in enumerate(formset.cleaned_data):
                if not row.get("title"):
                    continue  # a blank row
                kept.append(index)
                image = row.get("image") or (False if row.get("remove_image") else None)
                wanted.append(
                    services.ProjectIn(
                        title=row["title"],
                        description=row.get("description", ""),
                        link=row.get("link", ""),
                        id=row.get("id"),
                        image=image,
                    )
                )
            try:
                services.portfolio_put(
                    user=request.user,
                    custom_url=form.cleaned_data["custom_url"],
                    bio=form.cleaned_data["bio"],
                    featured_projects=wanted,
                    is_published=form.cleaned_data["is_published"],
                    request=request,
                )
            except DomainError as error:
                _place_error(form, formset, kept, error)
            else:
                messages.success(request, "Your portfolio is saved.")
                return redirect("accounts:portfolio-edit")
    else:
        initial = (
            {"custom_url": portfolio.custom_url, "bio": portfolio.bio, "is_published": portfolio.is_published}
            if portfolio
            else {"custom_url": (request.user.username or "").lower(), "is_published": True}
        )
        form = PortfolioForm(initial=initial)
        rows = [
            {"id": p.pk, "title": p.title, "description": p.description, "link": p.link} for p in projects
        ]
        formset = ProjectFormSet(
            initial=rows + [{}] * min(BLANK_PROJECT_ROWS, services.MAX_PROJECTS - len(rows)),
            prefix="projects",
        )
    images = {p.pk: p.image.url for p in projects if p.image}
    return render(
        request,
        "accounts/portfolio/edit.html",
        {
            "form": form,
            "formset": formset,
            "portfolio": portfolio,
            "public_url": services.public_url(portfolio) if portfolio else "",
            "public_path": reverse("accounts:portfolio-public", args=[portfolio.custom_url])
            if portfolio
            else "",
            "images": images,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_share(request: HttpRequest) -> HttpResponse:
    portfolio = selectors.portfolio_own(user=request.user)
    form = ShareForm(request.POST or None)
    shares, url, problem = [], "", ""
    if request.method == "POST" and form.is_valid():
        try:
            url, shares = sharing.portfolio_share(user=request.user, platforms=form.cleaned_data["platforms"])
        except DomainError as error:
            problem = error.message
    return render(
        request,
        "accounts/portfolio/share.html",
        {"form": form, "portfolio": portfolio, "shares": shares, "portfolio_url": url, "problem": problem},
    )


def portfolio_public(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = selectors.portfolio_public(slug=slug, viewer=request.user)
    except NotFound:
        raise Http404("No such portfolio.") from None
    return render(
        request,
        "accounts/portfolio/public.html",
        {
            "found": found,
            "portfolio": found.portfolio,
            "owner": found.owner,
            "public_url": services.public_url(found.portfolio),
            "description": _description(found),
            "avatar_url": request.build_absolute_uri(found.owner.avatar_url),
        },
    )


def _description(found) -> str:
    if found.portfolio.bio:
        text = " ".join(found.portfolio.bio.split())
        return text if len(text) <= 200 else text[:197].rstrip() + "…"
    return f"The learning portfolio of {found.owner.display_name} on Mentora."
