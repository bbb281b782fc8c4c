"""How much work one process takes at once, and what a caller hears when there is no room.

Under ASGI Django runs every HTTP request in a thread of its own, and each thread that touches
the database takes a connection from the process's pool (settings DB_POOL_*). A burst larger
than the pool would leave the extra threads waiting on the pool (or, without one, opening ever
more connections until PostgreSQL refuses them with "too many clients").

- `ConcurrencyLimit` wraps the HTTP side of the ASGI application: at most
  settings.HTTP_CONCURRENCY requests of this process run at once; the others wait their turn in
  the event loop, costing neither a thread nor a connection, for up to HTTP_QUEUE_TIMEOUT seconds,
  then answer 503 SERVICE_UNAVAILABLE with Retry-After.
- `core.errors.pool_exhausted()` recognises the pool's own timeout, met by a caller outside that
  limit (the test client, a WebSocket consumer's database_sync_to_async call, a Celery task):
  the API error handler and `PoolExhaustedMiddleware` turn it into the same 503, never a 500.
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core.errors import DatabaseSaturated, pool_exhausted
from core.exceptions import error_body, error_response

logger = logging.getLogger("mentora.capacity")


def saturated_response() -> HttpResponse:
    error = DatabaseSaturated()
    response = error_response(error.code, error.message, error.status_code, error.details)
    response["Retry-After"] = str(error.retry_after)
    return response


class PoolExhaustedMiddleware:
    """A page (or any non-DRF view) that found no free connection answers 503, not 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if pool_exhausted(exception):
            logger.warning("No database connection free for %s %s", request.method, request.path)
            return saturated_response()
        return None


class ConcurrencyLimit:
    """ASGI middleware: at most `limit` HTTP requests run at once in this process; a request
    that cannot start within `wait` seconds answers 503 with Retry-After. Other scopes
    (WebSockets, lifespan) pass straight through. `limit` 0 means no limit."""

    def __init__(self, app, *, limit: int, wait: float):
        self.app = app
        self.limit = limit
        self.wait = wait
        # One semaphore per event loop: a semaphore belongs to the loop that first waits on it,
        # and a test process may run several servers, each on a loop of its own.
        self._semaphores: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or self.limit <= 0:
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        semaphore = self._semaphores.get(loop)
        if semaphore is None:
            semaphore = self._semaphores.setdefault(loop, asyncio.Semaphore(self.limit))
        try:
            await asyncio.wait_for(semaphore.acquire(), timeout=self.wait)
        except TimeoutError:
            logger.warning(
                "%s %s waited %.1fs for a free worker: 503", scope["method"], scope["path"], self.wait
            )
            await self._send_saturated(send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            semaphore.release()

    @staticmethod
    async def _send_saturated(send) -> None:
        error = DatabaseSaturated()
        body = json.dumps(error_body(error.code, error.message, error.details)).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(error.retry_after).encode()),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})
