"""Who is calling: the client's IP and user agent, for the audit log and the login limits."""

from __future__ import annotations

from core.request_meta import client_ip

__all__ = ["client_ip", "user_agent"]


def user_agent(request) -> str:
    if request is None:
        return ""
    return getattr(request, "_request", request).META.get("HTTP_USER_AGENT", "")[:500]
