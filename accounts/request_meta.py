"""Who is calling: the client's IP and user agent, for the audit log and the login limits."""

from __future__ import annotations

import ipaddress

from rest_framework.settings import api_settings


def _django_request(request):
    return getattr(request, "_request", request)  # a DRF Request wraps Django's


def client_ip(request) -> str | None:
    """The client's address. X-Forwarded-For is believed only as far as NUM_PROXIES says proxies
    stand in front of us: anyone can send the header, so without them it is ignored."""
    if request is None:
        return None
    meta = _django_request(request).META
    address = meta.get("REMOTE_ADDR")
    proxies = api_settings.NUM_PROXIES
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            address = hops[-min(proxies, len(hops))]
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def user_agent(request) -> str:
    if request is None:
        return ""
    return _django_request(request).META.get("HTTP_USER_AGENT", "")[:500]
