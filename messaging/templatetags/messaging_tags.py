"""The header's inbox link and notification bell, with live counts (templates/base.html)."""

from __future__ import annotations

from django import template
from rest_framework_simplejwt.tokens import AccessToken

from messaging import selectors

register = template.Library()


@register.inclusion_tag("messaging/includes/nav_items.html", takes_context=True)
def messaging_nav(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        "request": request,
        "counts": selectors.unread_counts(user=user),
        # The socket authenticates with ?token= (API.md §0); the page has a session instead,
        # so it carries a short-lived access token for realtime.js.
        "socket_token": str(AccessToken.for_user(user)),
        "csrf_token": context.get("csrf_token"),
    }
