"""Every API route needs a token unless this file names it public (API.md's "public" rows).

The walker reads the URL resolver, so a route added tomorrow is called here too: each method its
view answers is called without a token and must get 401 UNAUTHORIZED. A route that forgets its
permission, or a public list that lists a route that now needs a token, fails this test.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

API_PREFIX = "api/v1/"

# (method, route as Django spells it) that answer without a token.
PUBLIC = {
    # §1 accounts: signing up and in, and the mailed links
    ("post", "api/v1/auth/register"),
    ("post", "api/v1/auth/login"),
    ("post", "api/v1/auth/refresh"),
    ("post", "api/v1/auth/verify-email"),
    ("post", "api/v1/auth/password/reset"),
    ("post", "api/v1/auth/password/reset/confirm"),
    ("post", "api/v1/auth/social/<str:provider>"),
    # reference lists
    ("get", "api/v1/utils/countries"),
    ("get", "api/v1/utils/languages"),
    ("get", "api/v1/utils/proficiency-levels"),
    ("get", "api/v1/utils/phone-codes"),
    ("get", "api/v1/utils/currencies"),
    # §2 the catalogue: taxonomy, mentor search and profiles, schedules and slots
    ("get", "api/v1/categories"),
    ("get", "api/v1/categories/search"),
    ("get", "api/v1/categories/<uuid:id>/subcategories"),
    ("get", "api/v1/subjects"),
    ("get", "api/v1/skills"),
    ("get", "api/v1/mentors"),
    ("get", "api/v1/mentors/<uuid:id>"),
    ("get", "api/v1/mentors/<uuid:id>/reviews"),
    ("get", "api/v1/mentors/<uuid:id>/schedule"),
    ("get", "api/v1/mentors/<uuid:id>/calendar"),
    ("get", "api/v1/slots"),
    # §4 payments: the package catalogue, and Stripe's webhook (its signature is the check)
    ("get", "api/v1/packages"),
    ("post", "api/v1/payments/webhooks/stripe"),
    # §6 learning: the catalogue
    ("get", "api/v1/opportunities"),
    ("get", "api/v1/opportunities/<uuid:id>"),
    # §6 learning: anyone checks a certificate's code
    ("get", "api/v1/certificates/verify/<str:code>"),
    # §7 community: public groups, their posts, comments and attachments (a private group's
    # answer 404 to anyone who may not read them)
    ("get", "api/v1/groups"),
    ("get", "api/v1/groups/<uuid:id>"),
    ("get", "api/v1/groups/<uuid:id>/posts"),
    ("get", "api/v1/posts/<uuid:id>"),
    ("get", "api/v1/posts/<uuid:id>/comments"),
    ("get", "api/v1/post-attachments/<uuid:id>/download"),
    # §7 community: the events catalogue, one event and its .ics file
    ("get", "api/v1/events"),
    ("get", "api/v1/events/<uuid:id>"),
    ("get", "api/v1/events/<uuid:id>/ics"),
    # the contract itself
    ("get", "api/v1/schema"),
    ("get", "api/v1/docs"),
    ("get", "api/v1/redoc"),
}
# Not an endpoint: every unknown path under /api/v1/ answers 404 NOT_FOUND to anyone.
CATCH_ALL = "api/v1/^(?P<unmatched>.*)$"

# A plain Django view declares no methods; call it with each of these.
FUNCTION_VIEW_METHODS = ("get", "post", "put", "patch", "delete")
SAMPLE_ARGUMENTS = {"uuid": str(uuid.UUID(int=1)), "int": "1", "slug": "x", "str": "x", "path": "x"}


def api_routes(patterns=None, prefix: str = ""):
    """(route, view) for every URL pattern under /api/v1/, includes followed."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from api_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith(API_PREFIX):
            yield route, entry.callback


def methods_of(view) -> list[str]:
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return list(FUNCTION_VIEW_METHODS)
    return [
        m for m in view_class.http_method_names if m not in ("head", "options") and hasattr(view_class, m)
    ]


def concrete_path(route: str) -> str:
    """ "api/v1/mentors/<uuid:id>" -> "/api/v1/mentors/00000000-...-0001" (a regex group -> "x")."""
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGUMENTS[m.group(1) or "str"], route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "x", path).replace("^", "").replace("$", "")
    return "/" + path


def misguarded(client) -> list[str]:
    """Each route/method whose answer to a caller without a token breaks the rule above."""
    found = []
    for route, view in api_routes():
        for method in methods_of(view):
            path = concrete_path(route)
            body = {} if method in ("post", "put", "patch") else None
            response = getattr(client, method)(path, body, format="json" if body is not None else None)
            refused = response.status_code == 401 and response.json().get("error") == "UNAUTHORIZED"
            public = (method, route) in PUBLIC or route == CATCH_ALL
            if public and response.status_code == 401:
                found.append(f"{method.upper()} {path}: listed public, answers 401")
            elif not public and not refused:
                found.append(f"{method.upper()} {path}: answers {response.status_code} without a token")
    return found


def test_every_api_route_needs_a_token_unless_it_is_public(anon_client):
    assert misguarded(anon_client) == []


def test_the_public_list_names_only_routes_that_exist():
    routes = {(method, route) for route, view in api_routes() for method in methods_of(view)}
    assert PUBLIC - routes == set()


@pytest.mark.urls("tests.core.urls_forgotten_permission")
def test_a_new_route_that_forgets_its_permission_is_flagged(anon_client):
    assert misguarded(anon_client) == ["GET /api/v1/forgotten: answers 204 without a token"]
