"""Redis outages as the code sees them, and one log line for each.

The cache (throttle counters, presence) and the channel layer live on Redis. When Redis stops,
what only Redis can do is skipped (no counting, no presence, no live push) and the rest of the
platform keeps answering: REST fails open on rate limits, sockets close with 1013 "try again
later" (core.websocket), and /health names what is down.

`Outage` keeps one dependency's state in this process, so that an outage is logged once (a
warning when it starts, an info line when it ends), not on every request in between, and so
that requests during an outage try Redis at most once per `retry_after` seconds instead of each
waiting out a connect timeout (a firewalled Redis answers nothing; a stopped one refuses at once).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.signals import setting_changed
from django.dispatch import receiver
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# What a Redis client raises when the server is stopped, unreachable, restarting (BusyLoadingError
# is a ConnectionError) or too slow, as opposed to a bug in the caller. OSError covers a refused
# connection that a client passes up unwrapped.
REDIS_OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionInterrupted,
    OSError,
)

logger = logging.getLogger("mentora.outage")

T = TypeVar("T")


class Outage:
    """Whether one dependency is down, as this process last saw it. Thread-safe."""

    def __init__(
        self,
        name: str,
        *,
        consequence: str,
        retry_after: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.name = name
        self.consequence = consequence
        self.retry_after = retry_after
        self._clock = clock
        self._lock = threading.Lock()
        self._down = False
        self._next_try = 0.0

    def worth_trying(self) -> bool:
        """False while a recent failure says the dependency is down and the wait is not over."""
        return not self._down or self._clock() >= self._next_try

    def attempt(self, call: Callable[[], T], *, fallback: T) -> T:
        """`call()`, or `fallback` when the dependency is down (now, or at its last try)."""
        if not self.worth_trying():
            return fallback
        try:
            result = call()
        except REDIS_OUTAGE_ERRORS as error:
            self.failed(error)
            return fallback
        self.succeeded()
        return result

    def forget(self) -> None:
        with self._lock:
            self._down = False
            self._next_try = 0.0

    def failed(self, error: BaseException) -> None:
        with self._lock:
            self._next_try = self._clock() + self.retry_after
            if self._down:
                return
            self._down = True
        logger.warning(
            "%s is unreachable (%s): %s until it answers again.", self.name, error, self.consequence
        )

    def succeeded(self) -> None:
        if not self._down:  # the common case takes no lock
            return
        with self._lock:
            if not self._down:
                return
            self._down = False
        logger.info("%s answers again.", self.name)


# The cache on Redis: throttle counters (core.throttling) and presence (messaging.realtime).
cache_outage = Outage("The cache", consequence="rate limits are not counted and presence reads offline")
# The channel layer on Redis, as the consumers see it (messaging.consumers). Only logged: sockets
# always try, since opening one is the client's own retry.
channel_layer_outage = Outage("The channel layer", consequence="sockets close with 1013 and cannot open")


@receiver(setting_changed)
def _forget_outage_of_replaced_server(*, setting: str, **kwargs) -> None:
    # Another server (a test's override_settings) says nothing about the old one's outage.
    if setting == "CACHES":
        cache_outage.forget()
    elif setting == "CHANNEL_LAYERS":
        channel_layer_outage.forget()
