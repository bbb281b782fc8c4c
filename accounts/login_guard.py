"""Failed-login limits per account and per client IP (OWASP ASVS 2.2.1).

Why not django-axes: axes checks "is this account locked?" and records the failure afterwards,
so N simultaneous guesses all reach the password check before any of them is counted. Here
every attempt first *reserves* a place with one atomic cache increment (`add` + `incr`: atomic
on Redis across processes and on the local-memory cache across threads); an attempt that
finds the counter past the limit is refused before the password is looked at. A successful
log-in, or a refused attempt, gives its place back, so the counter is exactly the number of
wrong passwords tried in the window. Counters share the cache with core.throttling's limits.

The account is identified by the user's id when the identifier names an account (e-mail and
username share one counter), else by the identifier itself: an unknown address is locked out
the same way, so the lockout never tells which accounts exist.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from accounts import errors
from core.throttling import parse_rate


@dataclass
class Reservation:
    keys: list[str] = field(default_factory=list)

    def release(self) -> None:
        """Give the places back: the attempt succeeded or never reached the password check."""
        for key in self.keys:
            # ValueError: the window ended meanwhile, so there is nothing left to give back.
            with contextlib.suppress(ValueError):
                cache.decr(key)
        self.keys.clear()


def _window(rate: str, now: float) -> tuple[int, int, int]:
    limit, duration = parse_rate(rate)
    index = int(now // duration)
    return limit, index, int((index + 1) * duration)


def reserve(*, account_key: str, ip: str | None, now: float | None = None) -> Reservation:
    """Count one log-in attempt; raise LoginLocked (and count nothing) when a limit is reached."""
    now = time.time() if now is None else now
    reservation = Reservation()
    checks = [("account", account_key, settings.LOGIN_FAILURE_LIMIT_ACCOUNT)]
    if ip:
        checks.append(("ip", ip, settings.LOGIN_FAILURE_LIMIT_IP))
    locked_until = 0
    for scope, ident, rate in checks:
        limit, index, ends = _window(rate, now)
        key = f"login-fail:{scope}:{ident}:{index}"
        cache.add(key, 0, timeout=ends - int(now) + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: this attempt opens a fresh window
            cache.set(key, 1, timeout=ends - int(now) + 1)
            count = 1
        reservation.keys.append(key)
        if count > limit:
            locked_until = max(locked_until, ends)
    if locked_until:
        reservation.release()
        raise errors.LoginLocked(retry_after=max(1, locked_until - int(now)))
    return reservation


def failures(*, account_key: str, now: float | None = None) -> int:
    """Wrong passwords counted against an account in the current window."""
    now = time.time() if now is None else now
    _, index, _ = _window(settings.LOGIN_FAILURE_LIMIT_ACCOUNT, now)
    return int(cache.get(f"login-fail:account:{account_key}:{index}", 0))
