"""The client's address: one rule for the rate limits, the log-in limits and the audit log."""

from __future__ import annotations

import ipaddress

from rest_framework.settings import api_settings


def client_ip(request) -> str | None:
    """The client's address. X-Forwarded-For is believed only as far as NUM_PROXIES says proxies
    stand in front of us: anyone can send the header, so without them it is ignored (DRF's own
    `get_ident` believes the whole header when NUM_PROXIES is unset, which let one machine pose
    as any number of addresses)."""
    if request is None:
        return None
    meta = getattr(request, "_request", request).META  # a DRF Request wraps Django's
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
