"""Pages of rewards: achievements with level and streak, certificates with their downloads and
share links, the public verification page, badge images, and the issuer's public key."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.http import download
from core.throttling import client_ident, hit, record_state
from learning import selectors_rewards as selectors
from learning.models import Achievement
from learning.services import achievements as achievement_services
from learning.services import badges, certificates
from learning.services.streaks import streak_reminders_set

MAX_UPLOAD_BYTES = 512 * 1024


def _json_download(document: dict, filename: str) -> HttpResponse:
    body = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    return download(body, content_type="application/ld+json", filename=filename)


# --- achievements, level and streak ---------------------------------------------------------------


@login_required
@never_cache
@require_GET
def achievements(request: HttpRequest) -> HttpResponse:
    rows = selectors.achievements_for(user=request.user, include_locked=True)
    context = {
        "standing": selectors.standing_for(user=request.user),
        "earned": [row for row in rows if row.award],
        "locked": [row for row in rows if not row.award],
        "page": Paginator(selectors.points_entries_for(user=request.user), 20).get_page(
            request.GET.get("page")
        ),
    }
    return render(request, "learning/achievements.html", context)


@login_required
@require_POST
def streak_reminders(request: HttpRequest) -> HttpResponse:
    enabled = request.POST.get("enabled") == "on"
    streak_reminders_set(user=request.user, enabled=enabled)
    messages.success(request, "Streak reminders are on." if enabled else "Streak reminders are off.")
    return redirect("learning:achievements")


@require_GET
@cache_control(public=True, max_age=3600)
def achievement_icon(request: HttpRequest, slug: str) -> HttpResponse:
    achievement = Achievement.objects.filter(slug=slug).first()
    if achievement is None:
        raise Http404
    return HttpResponse(achievement_services.achievement_icon(achievement), content_type="image/png")


@login_required
@require_GET
def award_credential(request: HttpRequest, award_id) -> HttpResponse:
    award = selectors.award_for_owner(user=request.user, award_id=award_id)
    if award is None:
        raise Http404
    return _json_download(achievement_services.award_credential(award), f"{award.achievement.slug}.json")


@login_required
@require_GET
def award_badge(request: HttpRequest, award_id) -> HttpResponse:
    award = selectors.award_for_owner(user=request.user, award_id=award_id)
    if award is None:
        raise Http404
    return download(
        achievement_services.award_badge(award),
        content_type="image/png",
        filename=f"{award.achievement.slug}.png",
    )


# --- certificates ---------------------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def certificate_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for certificate in selectors.certificates_for(user=request.user):
        verify = certificates.verification_url(certificate)
        linkedin = "https://www.linkedin.com/profile/add?" + urlencode(
            {
                "startTask": "CERTIFICATION_NAME",
                "name": certificate.opportunity_title,
                "organizationName": settings.SITE_NAME,
                "issueYear": certificate.issued_at.year,
                "issueMonth": certificate.issued_at.month,
                "certUrl": verify,
                "certId": certificate.verification_code,
            }
        )
        rows.append({"certificate": certificate, "verify_url": verify, "linkedin_url": linkedin})
    return render(request, "learning/certificates.html", {"rows": rows})


def _own_certificate(request, certificate_id):
    certificate = selectors.certificate_for_owner(user=request.user, certificate_id=certificate_id)
    if certificate is None:
        raise Http404
    return certificate


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, certificate_id) -> HttpResponse:
    certificate = _own_certificate(request, certificate_id)
    return download(
        certificates.certificate_pdf(certificate),
        content_type="application/pdf",
        filename=f"certificate-{certificate.verification_code}.pdf",
    )


@login_required
@require_GET
def certificate_credential(request: HttpRequest, certificate_id) -> HttpResponse:
    certificate = _own_certificate(request, certificate_id)
    return _json_download(
        certificates.certificate_credential(certificate), f"certificate-{certificate.verification_code}.json"
    )


@login_required
@require_GET
def certificate_badge(request: HttpRequest, certificate_id) -> HttpResponse:
    certificate = _own_certificate(request, certificate_id)
    return download(
        certificates.certificate_badge(certificate),
        content_type="image/png",
        filename=f"certificate-{certificate.verification_code}.png",
    )


@require_GET
@cache_control(public=True, max_age=3600)
def certificate_image(request: HttpRequest) -> HttpResponse:
    """The plain certificate badge, the `image` every certificate credential names."""
    return HttpResponse(badges.badge_png(label="CERT", rarity="certificate"), content_type="image/png")


# --- the public verification page -----------------------------------------------------------------


class VerifyForm(forms.Form):
    credential = forms.CharField(
        label="Paste a credential (JSON)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )
    badge = forms.FileField(label="Or upload a badge image (PNG) or credential file (JSON)", required=False)

    def clean_badge(self):
        upload = self.cleaned_data.get("badge")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("That file is too large for a badge (512 KB at most).")
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("credential") or "").strip() and not data.get("badge"):
            raise forms.ValidationError("Paste a credential or choose a file.")
        return data

    def credential_document(self):
        upload = self.cleaned_data.get("badge")
        if upload:
            raw = upload.read(MAX_UPLOAD_BYTES + 1)
            if raw.startswith(b"\x89PNG"):
                return badges.unbake(raw)
            return badges.parse_json(raw)
        return badges.parse_json(self.cleaned_data["credential"])


def _limited(request) -> HttpResponse | None:
    """The lookups' rate limit, shared with GET /certificates/verify/{code}."""
    allowed, state = hit(
        scope="certificate_verify",
        ident=client_ident(request),
        rate=settings.LEARNING_CERTIFICATE_VERIFY_RATE,
    )
    record_state(request, state)
    if allowed:
        return None
    wait = max(1, int(state.reset - time.time()))
    response = render(request, "errors/429.html", {"retry_after": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    code = (request.GET.get("code") or "").strip()
    if code:
        return redirect("learning:certificate-verify-code", code=certificates.normalise_code(code))
    form = VerifyForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST":
        limited = _limited(request)
        if limited:
            return limited
        if form.is_valid():
            document = form.credential_document()
            if document is None:
                context["check"] = {"valid": False, "reason": "No credential could be read from that."}
            else:
                context["check"] = certificates.credential_check(document)
    return render(request, "learning/verify.html", context)


@never_cache
@require_GET
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    limited = _limited(request)
    if limited:
        return limited
    certificate = selectors.certificate_by_code(code)
    context = {"form": VerifyForm(), "code": certificates.normalise_code(code), "certificate": certificate}
    return render(request, "learning/verify.html", context, status=200 if certificate else 404)


# --- the issuer's public key ----------------------------------------------------------------------


@require_GET
def credential_issuer(request: HttpRequest) -> JsonResponse:
    return JsonResponse(badges.issuer_profile(), content_type="application/ld+json")


@require_GET
def credential_jwks(request: HttpRequest) -> JsonResponse:
    return JsonResponse(badges.jwks(), content_type="application/jwk-set+json")
