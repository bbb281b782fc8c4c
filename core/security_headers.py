"""The Content-Security-Policy and Permissions-Policy of every response (issue 13).

django-csp writes the policy of settings.CONTENT_SECURITY_POLICY (base.py) with a fresh nonce
for any inline script a template marks with `nonce="{{ request.csp_nonce }}"`. This middleware
adds the sources that depend on other settings, read per request so a test's override shows:
Stripe's origins only when Stripe is configured, the video room's origin (the join form redirects
there), and the hash of the error pages' own style block (they render with no request, so no
nonce, and need no static file to look right).
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

STANDALONE_HEAD = settings.BASE_DIR / "templates" / "errors" / "_standalone_head.html"

# Stripe.js and Elements (docs.stripe.com/security/guide#content-security-policy).
STRIPE_SOURCES = {
    "script-src": ["https://js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
    "img-src": ["https://*.stripe.com"],
}

# Every powerful feature off, except what the site's own pages use: the microphone (the assistant
# and the AI interview record audio) and full screen. The video room runs on its own origin
# (a new tab), under that origin's policy.
PERMISSIONS = {
    "accelerometer": "()",
    "autoplay": "()",
    "camera": "()",
    "display-capture": "()",
    "encrypted-media": "()",
    "fullscreen": "(self)",
    "geolocation": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "(self)",
    "midi": "()",
    "payment": "()",
    "publickey-credentials-get": "()",
    "screen-wake-lock": "()",
    "usb": "()",
    "xr-spatial-tracking": "()",
}


@cache
def standalone_style_hash() -> str:
    """The CSP source of the error pages' inline <style> block (the exact text between the tags)."""
    text = STANDALONE_HEAD.read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", text, re.DOTALL)
    digest = hashlib.sha256(style.group(1).encode()).digest() if style else b""
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def permissions_policy(**allowed: str) -> str:
    """The Permissions-Policy header; a page that needs a feature names it, e.g.
    `permissions_policy(geolocation="(self)")`."""
    permissions = {**PERMISSIONS, **allowed}
    if settings.STRIPE_PUBLISHABLE_KEY:
        # Stripe's wallets (Apple Pay, Google Pay) run the Payment Request API in its frame.
        permissions["payment"] = '(self "https://js.stripe.com")'
    return ", ".join(f"{feature}={allow}" for feature, allow in permissions.items())


def policy_sources() -> dict[str, list[str]]:
    """What settings add to the base policy."""
    sources: dict[str, list[str]] = {"style-src": [standalone_style_hash()]}
    room = origin(settings.JITSI_BASE_URL)
    if room:
        sources["form-action"] = [room]
    media = origin(settings.MEDIA_URL)
    if media:
        sources["img-src"] = [media]
    if settings.STRIPE_PUBLISHABLE_KEY:
        for directive, values in STRIPE_SOURCES.items():
            sources.setdefault(directive, []).extend(values)
    return sources


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        if report_only:
            return parts
        directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        replace, update = dict(parts.replace or {}), dict(parts.update or {})
        for directive, extra in policy_sources().items():
            # Extends the directive as configured, or default-src where it is not.
            values = list(replace.get(directive) or directives.get(directive) or directives["default-src"])
            values += update.pop(directive, None) or []
            replace[directive] = values + [value for value in extra if value not in values]
        parts.replace, parts.update = replace or None, update or None
        return parts

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        response = super().process_response(request, response)
        response.setdefault("Permissions-Policy", permissions_policy())
        return response
