"""Every page carries the Content-Security-Policy and the Permissions-Policy, and its markup keeps
to the policy: no inline script without the request's nonce, no inline event handler and no style
attribute (issue 13, item 9)."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def site_pages() -> list[str]:
    """Every page of the site that takes no argument (the API, admin and social callbacks aside)."""
    paths: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                if route.startswith(("api/", "admin/", "social/")):
                    continue
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
                paths.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


class Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inline_scripts: list[dict] = []
        self.handlers: list[str] = []
        self.styled: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            self.inline_scripts.append(attributes)
        self.handlers += [f"<{tag} {name}>" for name, _ in attrs if name.startswith("on")]
        if "style" in attributes:
            self.styled.append(f"<{tag} style={attributes['style']!r}>")


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def assert_page_keeps_the_policy(path: str, response) -> None:
    assert response.status_code < 500, path
    policy = directives(response)
    assert policy["default-src"] == ["'self'"], path
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"], path
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"], path
    assert "microphone=(self)" in response["Permissions-Policy"], path
    assert "camera=()" in response["Permissions-Policy"], path
    if "text/html" not in response.get("Content-Type", ""):
        return
    markup = Markup()
    markup.feed(response.content.decode())
    nonces = [source for source in policy["script-src"] if source.startswith("'nonce-")]
    for script in markup.inline_scripts:
        assert nonces and f"'nonce-{script.get('nonce')}'" == nonces[0], (
            f"{path}: inline script without nonce"
        )
    assert markup.handlers == [], path
    assert markup.styled == [], path


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_every_page_sends_both_policies_and_keeps_to_them(signed_in, taxonomy):
    client = Client()
    if signed_in:
        client.force_login(UserFactory())
    pages = site_pages()
    assert {"/", reverse("accounts:login"), reverse("mentors:directory")} <= set(pages)
    for path in pages:
        response = client.get(path)
        if response.status_code in (301, 302) and signed_in:
            response = client.get(path, follow=True)
        assert_page_keeps_the_policy(path, response)


def test_api_answers_and_errors_carry_the_headers_too(client):
    assert_page_keeps_the_policy("/api/v1/mentors", client.get("/api/v1/mentors"))
    assert_page_keeps_the_policy("/no-such-page", client.get("/no-such-page"))


@pytest.mark.parametrize("template", ["errors/500.html", "403_csrf.html"])
def test_the_error_pages_style_block_is_allowed_by_its_hash(template, client):
    rendered = render_to_string(template)
    style = re.search(r"<style>(.*?)</style>", rendered, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()

    assert f"'sha256-{digest}'" in directives(client.get("/"))["style-src"]


def test_stripe_is_allowed_only_when_it_is_configured(client, settings):
    settings.STRIPE_PUBLISHABLE_KEY = ""
    without = directives(client.get("/"))
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_" + "1" * 24
    with_stripe = client.get("/")

    assert not any("stripe" in source for sources in without.values() for source in sources)
    assert "https://js.stripe.com" in directives(with_stripe)["script-src"]
    assert "https://js.stripe.com" in directives(with_stripe)["frame-src"]
    assert "https://api.stripe.com" in directives(with_stripe)["connect-src"]
    assert 'payment=(self "https://js.stripe.com")' in with_stripe["Permissions-Policy"]


def test_the_join_form_may_redirect_to_the_video_room(client, settings):
    settings.JITSI_BASE_URL = "https://meet.example.org/rooms"

    assert directives(client.get("/"))["form-action"] == ["'self'", "https://meet.example.org"]
