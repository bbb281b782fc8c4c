"""Failed-login limits (OWASP ASVS 2.2.1) that slow a guesser down without locking the owner out.

A lockout that anyone can trigger is a way to shut any user out: 51 wrong passwords used to lock
an account for the rest of the hour, whoever sent them. So nothing here locks an account. Before
the password is looked at, an attempt passes three checks, in this order:

1. **Per client address**, over every account (`LOGIN_FAILURE_LIMIT_IP` per clock window): an
   address past it is refused until its window ends. The address is core.request_meta.client_ip,
   the rule every per-IP limit uses, so a forged X-Forwarded-For buys no fresh addresses.
2. **Per (account, address)**: `LOGIN_FREE_FAILURES_PER_ADDRESS` wrong passwords go through at
   once; after that each further try waits a delay that doubles with every failure
   (`LOGIN_BACKOFF_BASE_SECONDS`, then twice that, ... at most `LOGIN_BACKOFF_MAX_SECONDS`).
3. **Per account, from every address**: past `LOGIN_FREE_FAILURES_PER_ACCOUNT` failures the same
   doubling delay applies to the account as a whole, except for an address the owner has logged
   in from before (kept `LOGIN_KNOWN_ADDRESS_DAYS`) whose own count (2) is still within its free
   tries. A stranger spreading guesses over many addresses is slowed to a trickle; the owner at
   a known address gets in at once, and from a new address waits at most the capped delay.

A delayed try is answered 429 with Retry-After: the seconds until the delay is over, which grows
with the failures. The counts are forgotten when their window (`LOGIN_FAILURE_WINDOW_SECONDS`)
ends.

Why not django-axes: axes checks "is this account locked?" and records the failure afterwards,
so N simultaneous guesses all reach the password check before any of them is counted. Here
every attempt first *reserves* its place in each count with one atomic cache increment (`add` +
`incr`: atomic on Redis across processes and on the local-memory cache across threads), and a
try past the free ones must also pass the delay's *gate*: it holds the time the delay ends, and
of the tries that find it over, only the one whose atomic `cache.add` claims that opening goes
through, so of any number of simultaneous tries exactly one gets through per delay. A refused attempt gives its places and gates back; a successful log-in
gives back its places, clears its address's count and marks the address known. So every count is
exactly the number of wrong passwords tried. The account is identified by the user's id when the
identifier names an account (e-mail and username share one count), else by the identifier
itself: an unknown address is slowed the same way, so the answers never tell which accounts exist.
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from accounts import errors
from core.outage import cache_outage
from core.throttling import parse_rate


@dataclass
class Reservation:
    """The places one attempt holds in the counts, and the gates it took."""

    account_key: str
    ip: str | None
    now: float
    counts: list[str] = field(default_factory=list)
    gates: list[tuple[str, float, int]] = field(default_factory=list)

    def count(self, key: str, *, ends: int) -> int:
        """Reserve one place in the count under `key`; its number, this attempt included."""
        timeout = ends - int(self.now) + 1
        cache.add(key, 0, timeout=timeout)
        try:
            number = cache.incr(key)
        except ValueError:  # expired between add and incr: this attempt opens a fresh window
            cache.set(key, 1, timeout=timeout)
            number = 1
        self.counts.append(key)
        return number

    def pass_gate(self, key: str, *, failures_past_free: int, ends: int) -> None:
        """Let this try through if the delay under `key` is over and no other try took this
        opening first; else refuse it with the seconds left to wait."""
        opens = cache.get(key, 0)
        if opens > self.now:
            raise errors.LoginLocked(retry_after=self._wait_until(opens))
        # Of all the tries that found the gate open, the one that adds this opening's key goes
        # through; the rest wait for the delay it sets. Deciding by the stored time rather than a
        # key's expiry keeps the delay exact whatever the cache's clock.
        timeout = ends - int(self.now) + 1
        if not cache.add(f"{key}:{opens}", 1, timeout=timeout):
            raise errors.LoginLocked(retry_after=self._wait_until(cache.get(key, 0)))
        cache.set(key, self.now + backoff_seconds(failures_past_free), timeout=timeout)
        self.gates.append((key, opens, timeout))

    def _wait_until(self, opens: float) -> int:
        # The try that set the delay may have read its clock a moment after this one did: the
        # wait left is never more than the longest delay, nor less than a second.
        return min(settings.LOGIN_BACKOFF_MAX_SECONDS, max(1, math.ceil(opens - self.now)))

    def release(self) -> None:
        """Give places and gates back: the attempt never reached the password check."""
        for key in self.counts:
            # ValueError: the window ended meanwhile, so there is nothing left to give back.
            with contextlib.suppress(ValueError):
                cache.decr(key)
        for key, opens, timeout in self.gates:
            cache.set(key, opens, timeout=timeout)
            cache.delete(f"{key}:{opens}")
        self.counts.clear()
        self.gates.clear()

    def succeeded(self) -> None:
        """The right password: this was no failure, its address is cleared and becomes known."""
        cache_outage.attempt(self._forget_failures, fallback=None)

    def _forget_failures(self) -> None:
        self.release()
        if self.ip:
            index, _ = _window(settings.LOGIN_FAILURE_WINDOW_SECONDS, self.now)
            cache.delete(_key("pair", f"{self.account_key}:{self.ip}", index))
            cache.set(
                _known_key(self.account_key, self.ip), 1, timeout=settings.LOGIN_KNOWN_ADDRESS_DAYS * 86400
            )


def backoff_seconds(failures_past_free: int) -> int:
    """The wait after the n-th failure past the free ones: base, 2 x base, 4 x base, ... capped."""
    base, cap = settings.LOGIN_BACKOFF_BASE_SECONDS, settings.LOGIN_BACKOFF_MAX_SECONDS
    return int(min(cap, base * 2 ** min(failures_past_free - 1, 32)))


def _window(duration: int, now: float) -> tuple[int, int]:
    """The clock window of `duration` seconds holding `now`: its index and when it ends."""
    index = int(now // duration)
    return index, int((index + 1) * duration)


def _key(scope: str, ident: str, index: int) -> str:
    return f"login-fail:{scope}:{ident}:{index}"


def _known_key(account_key: str, ip: str) -> str:
    return f"login-known:{account_key}:{ip}"


def reserve(*, account_key: str, ip: str | None, now: float | None = None) -> Reservation:
    """Count one log-in attempt; raise LoginLocked (and count nothing) when it must wait.

    While the cache (Redis) is unreachable this fails open like every rate limit
    (core.outage: one warning per outage): the attempt is counted nowhere, and Argon2 still
    makes each guess slow, so people keep logging in instead of meeting a 500."""
    when = time.time() if now is None else now

    def counted() -> Reservation:
        reservation = Reservation(account_key=account_key, ip=ip, now=when)
        try:
            _check(reservation)
        except errors.LoginLocked:
            reservation.release()
            raise
        return reservation

    return cache_outage.attempt(counted, fallback=Reservation(account_key=account_key, ip=ip, now=when))


def _check(reservation: Reservation) -> None:
    now, account_key, ip = reservation.now, reservation.account_key, reservation.ip
    free_pair = settings.LOGIN_FREE_FAILURES_PER_ADDRESS
    free_account = settings.LOGIN_FREE_FAILURES_PER_ACCOUNT
    pair_clean = True
    if ip:
        limit, duration = parse_rate(settings.LOGIN_FAILURE_LIMIT_IP)
        index, ends = _window(duration, now)
        if reservation.count(_key("ip", ip, index), ends=ends) > limit:
            raise errors.LoginLocked(retry_after=max(1, ends - int(now)))
    index, ends = _window(settings.LOGIN_FAILURE_WINDOW_SECONDS, now)
    if ip:
        pair_failures = reservation.count(_key("pair", f"{account_key}:{ip}", index), ends=ends)
        if pair_failures > free_pair:
            pair_clean = False
            reservation.pass_gate(
                _key("pair-gate", f"{account_key}:{ip}", index),
                failures_past_free=pair_failures - free_pair,
                ends=ends,
            )
    account_failures = reservation.count(_key("account", account_key, index), ends=ends)
    if account_failures > free_account:
        owner_at_home = ip and pair_clean and cache.get(_known_key(account_key, ip))
        if not owner_at_home:
            reservation.pass_gate(
                _key("account-gate", account_key, index),
                failures_past_free=account_failures - free_account,
                ends=ends,
            )


def failures(*, account_key: str, ip: str | None = None, now: float | None = None) -> int:
    """Wrong passwords counted against an account (from one address, if given) in this window."""
    now = time.time() if now is None else now
    index, _ = _window(settings.LOGIN_FAILURE_WINDOW_SECONDS, now)
    key = _key("pair", f"{account_key}:{ip}", index) if ip else _key("account", account_key, index)
    return int(cache.get(key, 0))
