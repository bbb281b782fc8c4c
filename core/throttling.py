"""Rate limits of API.md §0, with X-RateLimit-* headers on every throttled response.

Each limit is a window that opens at the caller's first request and lasts the rate's duration.
Every API request passes one to three of these limits, so counting is on the hot path:

- On Redis (django-redis) a request is counted with one Lua script, one round trip per limit:
  INCR counts the request and the first request of a window sets its expiry, all at
  once on the server, so concurrent requests from several processes never both take the last
  place. The window's end is the key's remaining time to live.
- On any other cache (the embedded default's local memory) the count is kept with the cache's
  atomic `add` + `incr`, which threads of one process cannot race either.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import wraps

from django.core.cache import cache, caches
from django.shortcuts import render
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.commands.core import Script
from redis.exceptions import ResponseError
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from core.outage import cache_outage
from core.request_meta import client_ip


@dataclass(frozen=True)
class RateLimitState:
    limit: int
    remaining: int
    reset: int  # Unix time at which the window closes


def parse_rate(rate: str) -> tuple[int, int]:
    count, period = rate.split("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]
    return int(count), seconds


def record_state(request, state: RateLimitState | None) -> None:
    """Keep the tightest limit seen on this request; the middleware turns it into headers."""
    if state is None:  # not counted (the cache is down): no headers to promise
        return
    django_request = getattr(request, "_request", request)
    current = getattr(django_request, "ratelimit_state", None)
    if current is None or state.remaining < current.remaining:
        django_request.ratelimit_state = state


def client_ident(request) -> str:
    """Whom a per-IP limit counts: the address of core.request_meta.client_ip, the same one the
    log-in limits and the audit log see. A request without a readable address shares one counter."""
    return client_ip(request) or "unknown"


def _count(*, scope: str, ident: str, rate: str, now: float | None = None) -> tuple[bool, RateLimitState]:
    """Count one request against `scope` for `ident`. Returns (allowed, state).

    `now` is the time the request is counted at. On Redis the window's length is kept by the
    key's expiry on the server, so there `now` only places `reset`."""
    limit, duration = parse_rate(rate)
    now = time.time() if now is None else now
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        count, reset = _count_on_redis(backend, scope=scope, ident=ident, duration=duration, now=now)
    else:
        count, reset = _count_in_cache(scope=scope, ident=ident, duration=duration, now=now)
    state = RateLimitState(limit=limit, remaining=max(0, limit - count), reset=reset)
    return count <= limit, state


# KEYS[1] counts the window's requests; ARGV[1] is the window in milliseconds. The first request
# sets the expiry, so later ones never move the window's end. A count that has no expiry (set
# by hand, or left by a Redis that lost the PEXPIRE) gets one here instead of limiting forever.
_WINDOW_LUA = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    ttl = tonumber(ARGV[1])
end
return {count, ttl}
"""

# One Script per process: it only holds the script and its SHA1. Each call passes the current
# cache's client, so EVALSHA goes to whichever Redis the settings name now, and a Redis that
# does not know the script yet (new, restarted, or flushed) is sent it once (NOSCRIPT: LOAD).
_window_script: Script | None = None


def window_count_key(*, scope: str, ident: str) -> str:
    """The cache key (before the cache's KEY_PREFIX) of a caller's count in `scope` on Redis.
    It differs from the add/incr path's keys, so processes of both kinds never read each
    other's values during a rolling deploy."""
    return f"rl:{scope}:{ident}:window"


def _count_on_redis(
    backend: RedisCache, *, scope: str, ident: str, duration: int, now: float
) -> tuple[int, int]:
    """One EVALSHA: the request's number in its window, and the Unix time the window closes."""
    global _window_script
    client = backend.client.get_client(write=True)
    if _window_script is None:
        _window_script = client.register_script(_WINDOW_LUA)
    # make_key applies the cache's KEY_PREFIX and version, as the cache's own calls do, so
    # cache.delete_pattern (tests/cache.py) and cache.delete of the same key reach this count.
    key = backend.make_key(window_count_key(scope=scope, ident=ident))
    try:
        count, ttl_ms = _window_script(keys=[key], args=[duration * 1000], client=client)
    except ResponseError as error:
        # What django-redis's own calls turn into ConnectionInterrupted (a read-only replica after
        # a failover, maxmemory, a failed snapshot): an outage to fail open on, as before.
        raise ConnectionInterrupted(connection=client) from error
    return int(count), int(now + ttl_ms / 1000)


def _count_in_cache(*, scope: str, ident: str, duration: int, now: float) -> tuple[int, int]:
    """The request's number in its window, and the Unix time the window closes, with the
    cache's add and incr (four or five calls)."""
    start_key = f"rl:{scope}:{ident}"
    if cache.add(start_key, now, timeout=duration):
        start = now
    else:
        start = cache.get(start_key, now)
    count_key = f"{start_key}:{int(start * 1000)}"
    cache.add(count_key, 0, timeout=duration + 1)
    try:
        count = cache.incr(count_key)
    except ValueError:  # expired between add and incr: this request opens a fresh window
        cache.set(count_key, 1, timeout=duration + 1)
        count = 1
    return count, int(start + duration)


def hit(*, scope: str, ident: str, rate: str, now: float | None = None) -> tuple[bool, RateLimitState | None]:
    """Count one request against `scope` for `ident`. Returns (allowed, state).

    Fails open: while the cache (Redis) is unreachable nothing is counted and every request is
    allowed with state None, so that a Redis outage costs the rate limits, not the whole API.
    core.outage logs the outage once and tries Redis again at most once a second.
    """
    return cache_outage.attempt(
        lambda: _count(scope=scope, ident=ident, rate=rate, now=now), fallback=(True, None)
    )


class WindowRateThrottle(BaseThrottle):
    """A throttle over one scope of DEFAULT_THROTTLE_RATES. Subclasses say whom it counts."""

    scope: str = ""

    def get_ident(self, request) -> str:
        return client_ident(request)

    def get_ident_for(self, request, view) -> str | None:
        """Whom this request counts against; None means this throttle does not apply."""
        return self.get_ident(request)

    def get_rate(self, request) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view) -> bool:
        ident = self.get_ident_for(request, view)
        if ident is None:
            return True
        allowed, state = hit(scope=self.scope, ident=ident, rate=self.get_rate(request))
        record_state(request, state)
        self._wait = None if allowed else max(0, state.reset - time.time())
        return allowed

    def wait(self) -> float | None:
        return self._wait


class AnonRateThrottle(WindowRateThrottle):
    """Anonymous callers: 100/min per IP."""

    scope = "anon"

    def get_ident_for(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.get_ident(request)


class _UserThrottle(WindowRateThrottle):
    def get_ident_for(self, request, view):
        if request.user and request.user.is_authenticated:
            return str(request.user.pk)
        return None


class UserMinuteRateThrottle(_UserThrottle):
    """Signed-in callers: 60/min per user."""

    scope = "user_minute"


class UserHourRateThrottle(_UserThrottle):
    """Signed-in callers: 1,000/h per user, 5,000/h with pro membership."""

    scope = "user_hour"

    def get_rate(self, request) -> str:
        if getattr(request.user, "membership", None) == "pro":
            return api_settings.DEFAULT_THROTTLE_RATES["user_hour_pro"]
        return super().get_rate(request)


class RegisterRateThrottle(WindowRateThrottle):
    """Sign-up: 5/min per IP."""

    scope = "register"


class AuthRateThrottle(WindowRateThrottle):
    """Every other /auth call: 10/min per IP."""

    scope = "auth"


class PaymentsRateThrottle(_UserThrottle):
    """Calls that create payments: 10/min per user."""

    scope = "payments"


DEFAULT_THROTTLES = [AnonRateThrottle, UserMinuteRateThrottle, UserHourRateThrottle]


def throttles(*extra: type[BaseThrottle]) -> list[type[BaseThrottle]]:
    """The default throttles plus an endpoint's own, for `throttle_classes`."""
    return [*DEFAULT_THROTTLES, *extra]


def page_rate_limit(scope: str):
    """Apply an API rate scope to a site form's POSTs, sharing the API's counter for that scope,
    so the log-in page is no side door around the /auth limits."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                ident = client_ident(request)
                allowed, state = hit(
                    scope=scope, ident=ident, rate=api_settings.DEFAULT_THROTTLE_RATES[scope]
                )
                record_state(request, state)
                if not allowed:
                    wait = max(1, int(state.reset - time.time()))
                    response = render(request, "errors/429.html", {"retry_after": wait}, status=429)
                    response["Retry-After"] = str(wait)
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
