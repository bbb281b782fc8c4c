"""Site pages of accounts. They call the same services as the API; forms only check shape.

Each view: bind a form, call one function of accounts.services, then redirect (POST-redirect-GET)
or show the service's error on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts import forms, selectors, services, taxonomy
from core import timezones
from core.errors import DomainError
from core.throttling import page_rate_limit

LOGIN_BACKEND = "accounts.backends.EmailOrUsernameBackend"


def _data(request: HttpRequest):
    """The submitted data on POST, None on GET: an unbound form shows no errors."""
    return request.POST if request.method == "POST" else None


def _next_url(request: HttpRequest) -> str | None:
    url = request.POST.get("next") or request.GET.get("next")
    # Only our own pages: an open redirect after login would lend our name to phishing.
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def _time_zone_suggestions() -> list[str]:
    # Canonical region/city names only; the service still accepts any IANA name typed in.
    return timezones.picker_names()


# --- sign-up, log-in, log-out -------------------------------------------------------------------


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
@page_rate_limit("register")
def signup(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.user.is_authenticated:
        return redirect(next_url or "accounts:account")
    # The zone the browser reported already (timezone.js's cookie); the script fills it otherwise.
    form = forms.SignupForm(_data(request), initial={"timezone": timezones.zone_for(request)[0]})
    if form.is_valid():
        try:
            user = services.user_register(**form.cleaned_data, next_url=next_url or "")
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            login(request, user, backend=LOGIN_BACKEND)
            sent = reverse("accounts:verification-sent")
            return redirect(f"{sent}?{urlencode({'next': next_url})}" if next_url else sent)
    return render(
        request,
        "accounts/signup.html",
        {
            "form": form,
            "next": next_url,
            "social_providers": selectors.social_providers_available(request=request),
        },
    )


@require_http_methods(["GET"])
def verification_sent(request: HttpRequest) -> HttpResponse:
    """After sign-up: check your inbox, or go on to the page you were on your way to."""
    return render(request, "accounts/verification_sent.html", {"next": _next_url(request)})


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
@page_rate_limit("auth")
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url or "accounts:account")
    form = forms.LoginForm(_data(request))
    if form.is_valid():
        try:
            user = services.auth_login(
                identifier=form.cleaned_data["identifier"],
                password=form.cleaned_data["password"],
                request=request,
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            login(request, user, backend=LOGIN_BACKEND)
            return redirect(next_url or "accounts:account")
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "next": next_url,
            "social_providers": selectors.social_providers_available(request=request),
        },
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You are logged out.")
    return redirect("home")


# --- the account: profile and settings ---------------------------------------------------------

ACCOUNT_LOCATION_FIELDS = {"location_city": "city", "location_country": "country"}


def _account_initial(user) -> dict:
    initial = {name: getattr(user, name) for name in forms.AccountForm.base_fields}
    return initial


def _learner_initial(profile) -> dict:
    return {
        "grade_level": profile.grade_level,
        "school_name": profile.school_name,
        "learning_goals": profile.learning_goals,
        "interests": ", ".join(profile.interests),
    }


def _render_account(request: HttpRequest, *, status: int = 200, **bound) -> HttpResponse:
    """The profile and settings page. A form that failed is passed in bound, with its errors;
    the others are shown filled with what is stored."""
    user = request.user
    profile = services.learner_profile_ensure(user=user)
    categories = list(selectors.skill_categories())
    context = {
        "form": bound.get("form") or forms.AccountForm(initial=_account_initial(user)),
        "learner_form": bound.get("learner_form")
        or forms.LearnerProfileForm(initial=_learner_initial(profile), prefix="learner"),
        "avatar_form": bound.get("avatar_form") or forms.AvatarForm(prefix="avatar"),
        "skill_form": bound.get("skill_form") or forms.SkillForm(prefix="skill", categories=categories),
        "skills": taxonomy.attach_categories(selectors.user_skills_for_user(user=user)),
        "learner_profile": profile,
        "time_zones": _time_zone_suggestions(),
    }
    return render(request, "accounts/account.html", context, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "GET":
        return _render_account(request)
    form = forms.AccountForm(request.POST, initial=_account_initial(user))
    if form.is_valid():
        # Only what was edited: the service saves with update_fields, so a concurrent edit of
        # another field (in another tab, or through the API) is not overwritten.
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        location = {
            ACCOUNT_LOCATION_FIELDS[name]: changes.pop(name)
            for name in list(changes)
            if name in ACCOUNT_LOCATION_FIELDS
        }
        if location:
            changes["location"] = location
        if not changes:
            messages.info(request, "Nothing to save: your details are unchanged.")
            return redirect("accounts:account")
        try:
            services.user_update(user=user, **changes)
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(request, "Your details are saved.")
            return redirect("accounts:account")
    return _render_account(request, form=form)


@login_required
@require_POST
def learner_profile(request: HttpRequest) -> HttpResponse:
    profile = services.learner_profile_ensure(user=request.user)
    form = forms.LearnerProfileForm(request.POST, initial=_learner_initial(profile), prefix="learner")
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.learner_profile_update(user=request.user, **changes)
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(request, "Your learner profile is saved.")
            return redirect(reverse("accounts:account") + "#learner-title")
    return _render_account(request, learner_form=form)


@login_required
@require_POST
def avatar_upload(request: HttpRequest) -> HttpResponse:
    form = forms.AvatarForm(request.POST, request.FILES, prefix="avatar")
    if form.is_valid():
        try:
            services.avatar_set(user=request.user, upload=form.cleaned_data["file"])
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(request, "Your new picture is saved.")
            return redirect(reverse("accounts:account") + "#avatar-title")
    return _render_account(request, avatar_form=form)


@login_required
@require_POST
def avatar_remove(request: HttpRequest) -> HttpResponse:
    services.avatar_reset(user=request.user)
    messages.success(request, "Your picture is removed; the default picture is shown instead.")
    return redirect(reverse("accounts:account") + "#avatar-title")


@login_required
@require_POST
def skill_add(request: HttpRequest) -> HttpResponse:
    form = forms.SkillForm(request.POST, prefix="skill", categories=list(selectors.skill_categories()))
    if form.is_valid():
        try:
            row = services.user_skill_add(
                user=request.user,
                skill_name=form.cleaned_data["skill_name"],
                category_id=form.cleaned_data["category_id"] or None,
                proficiency_level=form.cleaned_data["proficiency_level"],
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(request, f"{row.skill.name} is added to your skills.")
            return redirect(reverse("accounts:account") + "#skills-title")
    return _render_account(request, skill_form=form)


@login_required
@require_POST
def skill_remove(request: HttpRequest, skill_id) -> HttpResponse:
    try:
        services.user_skill_remove(user=request.user, user_skill_id=skill_id)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The skill is removed.")
    return redirect(reverse("accounts:account") + "#skills-title")


@sensitive_post_parameters("password")
@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = forms.DeleteAccountForm(_data(request))
    if form.is_valid():
        try:
            services.user_self_delete(
                user=request.user, password=form.cleaned_data["password"], request=request
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            logout(request)
            messages.success(request, "Your account is deleted. We are sorry to see you go.")
            return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form})


# --- e-mail verification ------------------------------------------------------------------------


@login_required
@require_POST
def verification_resend(request: HttpRequest) -> HttpResponse:
    if services.email_verification_send(user=request.user):
        messages.success(request, f"We sent a new verification link to {request.user.email}.")
        return redirect("accounts:verification-sent")
    messages.info(request, "Your e-mail address is already verified.")
    return redirect("accounts:account")


@never_cache
@require_http_methods(["GET", "POST"])
def verify_email(request: HttpRequest, key: str) -> HttpResponse:
    # GET only shows a button: mail scanners open links, and that must not confirm an address.
    form = forms.EmailVerifyForm(_data(request))
    if form.is_valid():
        try:
            user = services.email_verify(key=key, request=request)
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            # On to where the person was going when they signed up (the time they chose).
            next_url = _next_url(request)
            if request.user.is_authenticated:
                messages.success(request, f"Thank you: {user.email} is verified.")
                return redirect(next_url or "accounts:account")
            messages.success(request, f"Thank you: {user.email} is verified. Log in to continue.")
            login_url = reverse("accounts:login")
            return redirect(f"{login_url}?{urlencode({'next': next_url})}" if next_url else login_url)
    return render(request, "accounts/verify_email.html", {"form": form, "next": _next_url(request)})


# --- passwords ----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@page_rate_limit("auth")
def password_reset(request: HttpRequest) -> HttpResponse:
    form = forms.PasswordResetForm(_data(request))
    if form.is_valid():
        services.password_reset_request(email=form.cleaned_data["email"])
        # The same page whether or not the account exists, so it tells nobody who has one.
        return redirect("accounts:password-reset-sent")
    return render(request, "accounts/password_reset.html", {"form": form})


@require_http_methods(["GET"])
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html")


@sensitive_post_parameters("new_password")
@never_cache
@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest, key: str) -> HttpResponse:
    try:
        selectors.user_for_password_reset_key(key=key)
    except DomainError as error:
        # Say the link is spent before anyone types a new password into a form that cannot work.
        return render(request, "accounts/password_reset_invalid.html", {"message": error.message}, status=400)
    form = forms.PasswordResetConfirmForm(_data(request))
    if form.is_valid():
        try:
            services.password_reset_confirm(key=key, new_password=form.cleaned_data["new_password"])
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            messages.success(request, "Your password is changed. Log in with your new password.")
            return redirect("accounts:login")
    return render(request, "accounts/password_reset_confirm.html", {"form": form})


@sensitive_post_parameters("old_password", "new_password")
@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = forms.PasswordChangeForm(_data(request))
    if form.is_valid():
        try:
            services.password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            # The new password changes the session's auth hash; without this the user who just
            # changed it would be logged out of this very browser.
            update_session_auth_hash(request, request.user)
            messages.success(request, "Your password is changed.")
            return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})
