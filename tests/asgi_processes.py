"""A real ASGI server in child processes and a burst of HTTP requests at it.

tests/e2e/asgi_server.py serves the project in a thread of the test process, where every
synchronous call runs in one thread and so on one database connection: it cannot show what a
burst does to the connection pool. `UvicornProcesses` runs `uvicorn --workers N` as a child
process on a free loopback port, like production, against the database the caller names;
`burst()` sends requests at it all at once; `ConnectionCounter` watches pg_stat_activity
meanwhile. Used by tests/core/test_capacity.py and tests/benchmarks (`make bench-contention`).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from tests.concurrency import run_together

ROOT = Path(__file__).resolve().parent.parent
# How long the workers may take to import Django and answer /health on a loaded machine.
START_TIMEOUT = 120.0
REQUEST_TIMEOUT = 60.0


def database_url(settings_dict: dict[str, Any]) -> str:
    """A postgres:// URL for Django's settings of one database (the test database, say)."""
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = settings_dict.get("PORT") or 5432
    return (
        f"postgres://{credentials}{settings_dict.get('HOST') or '127.0.0.1'}:{port}/{settings_dict['NAME']}"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class UvicornProcesses:
    """`uvicorn config.asgi:application --workers N` on 127.0.0.1, stopped by its own pid."""

    def __init__(self, *, env: dict[str, str], workers: int = 2):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # libpq's PGAPPNAME names every connection the workers open, so that pg_stat_activity
        # tells them from the caller's own (ConnectionCounter counts only these).
        self.application_name = f"mentora-uvicorn-{self.port}"
        self._env = {**os.environ, **env, "PGAPPNAME": self.application_name}
        self._workers = workers
        self._process: subprocess.Popen | None = None

    def start(self) -> UvicornProcesses:
        command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--workers", str(self._workers), "--lifespan", "off"]
        command += ["--log-level", "warning", "--no-access-log"]
        self._process = subprocess.Popen(command, cwd=ROOT, env=self._env)
        deadline = time.monotonic() + START_TIMEOUT
        ready = threading.Event()
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {self._process.returncode} before it served")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=5) as answer:
                    answer.read()
                return self
            except urllib.error.HTTPError:
                return self  # it answers (503 names a part that is down, e.g. no Celery worker)
            except OSError:
                ready.wait(0.25)  # not listening yet
        self.stop()
        raise RuntimeError(f"uvicorn did not answer within {START_TIMEOUT:.0f} s")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def __enter__(self) -> UvicornProcesses:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: dict[str, Any] | None = None
    token: str | None = None


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    headers: dict[str, str]
    seconds: float


def send(base_url: str, call: Call) -> Answer:
    data = json.dumps(call.body).encode() if call.body is not None else None
    request = urllib.request.Request(f"{base_url}{call.path}", data=data, method=call.method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if call.token:
        request.add_header("Authorization", f"Bearer {call.token}")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            status, raw, headers = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        status, raw, headers = error.code, error.read(), dict(error.headers)
    seconds = time.monotonic() - started
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = raw.decode(errors="replace")
    return Answer(status=status, body=body, headers=headers, seconds=seconds)


def burst(base_url: str, calls: list[Call]) -> list[Answer | Exception]:
    """Every call at once, each on its own thread and TCP connection; answers in the calls' order."""
    return run_together(lambda call: send(base_url, call), calls)


class ConnectionCounter:
    """Counts the server's connections (pg_stat_activity rows of its application name) on a
    thread of its own while the burst runs; `peak` is the most it saw at once."""

    def __init__(self, *, conninfo: str, server: UvicornProcesses):
        self._conninfo = conninfo
        self._application_name = server.application_name
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="connection-counter", daemon=True)
        self.peak = 0
        self.samples = 0

    def count(self, cursor) -> int:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
            [self._application_name],
        )
        return cursor.fetchone()[0]

    def _watch(self) -> None:
        with psycopg.connect(self._conninfo, autocommit=True) as connection, connection.cursor() as cursor:
            while not self._stop.is_set():
                self.peak = max(self.peak, self.count(cursor))
                self.samples += 1
                self._stop.wait(0.005)

    def __enter__(self) -> ConnectionCounter:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def now(self) -> int:
        with psycopg.connect(self._conninfo, autocommit=True) as connection, connection.cursor() as cursor:
            return self.count(cursor)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# --- the contention case: learners booking one mentor's slots at once ----------------------------


def bookable_around_the_clock():
    """An approved mentor free 00:00-23:00 UTC every day: 40 one-hour slots within two days."""
    from tests.mentors.factories import mentor_with_weekly_hours

    return mentor_with_weekly_hours(start=0, end=23)


def learner_tokens(count: int) -> list[str]:
    """`count` new learners, each with an access token the server accepts."""
    from rest_framework_simplejwt.tokens import AccessToken

    from tests.factories import UserFactory

    return [str(AccessToken.for_user(UserFactory(timezone="UTC"))) for _ in range(count)]


def free_slot_ids(base_url: str, mentor, count: int) -> list[str]:
    """The first `count` free one-hour slots of `mentor`, as the server lists them."""
    from datetime import timedelta

    from django.utils import timezone

    first = timezone.now().date() + timedelta(days=2)  # past any notice the schedule asks
    query = f"mentor_id={mentor.pk}&start_date={first}&end_date={first + timedelta(days=6)}"
    answer = send(base_url, Call("GET", f"/api/v1/slots?{query}&duration_minutes=60&timezone=UTC&limit=100"))
    if answer.status != 200:
        raise RuntimeError(f"GET /api/v1/slots answered {answer.status}: {answer.body}")
    ids = [slot["id"] for slot in answer.body["items"]][:count]
    if len(ids) < count:
        raise RuntimeError(f"only {len(ids)} free slots, {count} wanted")
    return ids


def bookings(tokens: list[str], slot_ids: list[str]) -> list[Call]:
    """Learner i books slot i (or the one slot, when one is given for all)."""
    slots = slot_ids if len(slot_ids) == len(tokens) else slot_ids * len(tokens)
    return [
        Call("POST", "/api/v1/bookings", {"slot_id": slot}, token)
        for token, slot in zip(tokens, slots, strict=True)
    ]


def statuses(answers: list[Answer | Exception]) -> dict[str, int]:
    """How many answers had each status (a request that failed outright counts by its error)."""
    counts: dict[str, int] = {}
    for answer in answers:
        key = str(answer.status) if isinstance(answer, Answer) else type(answer).__name__
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))
