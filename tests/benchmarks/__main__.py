"""`make bench`: Mentora's hot paths against a bare-Django baseline, on PostgreSQL and Redis.

    python -m tests.benchmarks [--quick] [--mentors 100000] [--only search,slots] [--contention]

1. Creates the database of DATABASE_URL if missing (default `mentora_bench` on 127.0.0.1:5432),
   migrates it and seeds it in bulk (tests/benchmarks/seed.py; skipped when already seeded).
2. Starts the production ASGI server as Procfile.production runs it, ONE uvicorn process, with
   config.settings.bench (rate limits lifted, the baseline view, a query-count header), pinned
   to core 0; the load generators (locust headless, the chat client) run pinned to core 1.
3. Measures, each path right after the baseline at the same number of clients: mentor search
   (a subject filter, sorted by rating, a page of 20) at 1 and 16 clients, one mentor's slots over
   4 weeks at 1 and 16, booking create with credits at 1 and 16 (learners with credits, distinct
   free hours), 64 clients on search; then chat over 200 sockets at 100 messages/s and, with the
   server stopped, recommendations in process (the API's own selector) over every mentor.
4. Prints req/s, p50/p99, non-2xx answers, the ratio to the baseline, SQL queries per request, the
   server's RSS after the run and the machine's load average while it measured, each figure beside
   the target of issue 14 (PASS/MISS). Nothing is asserted: figures on a shared machine are noisy.

`--only assistant` prints issue 19's figures instead (tests/benchmarks/assistant.py: intent and
slot accuracy typed and spoken, command latency); it needs neither PostgreSQL nor the server.

`--contention` runs the older contention case instead (tests/benchmarks/contention.py).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import math
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from environ import Env

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/mentora_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
BROKER_DB = 14  # the Redis database the server queues its (never consumed) tasks in, emptied after
SERVER_CORE, LOAD_CORE = 0, 1
START_TIMEOUT = 120.0
PATHS = (
    "search",
    "slots",
    "booking",
    "surge",
    "chat",
    "recommendations",
    "interview",
    "assistant",
    "dashboards",
)

# The targets of issue 14 on this machine.
TARGET_SEARCH_RATIO = 0.3
TARGET_SLOTS_RATIO = 0.7
TARGET_BOOKING_RATIO = 0.3
TARGET_BOOKING_QUERIES = 30
TARGET_RECOMMEND_P50_MS = 50.0
TARGET_CHAT_P99_MS = 100.0
TARGET_SURGE_P99_OVER_P50 = 4.0
TARGET_RSS_MB = 250.0


class BenchError(Exception):
    """A reason the benchmark cannot run, said plainly (no traceback)."""


# --- services ---------------------------------------------------------------------------------


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _conninfo(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def ensure_database(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    if not name:
        raise BenchError(f"DATABASE_URL names no database: {url}")
    try:
        with psycopg.connect(
            _conninfo(_with_database(url, "postgres")), autocommit=True, connect_timeout=5
        ) as c:
            if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                print(f"creating database {name}")
                c.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise BenchError(f"PostgreSQL at {urlsplit(url).netloc} is not reachable: {error}".strip()) from None


def check_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    except redis.RedisError as error:
        raise BenchError(f"Redis at {url} is not reachable: {error}") from None


def broker_url(redis_url: str) -> str:
    parts = urlsplit(redis_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{BROKER_DB}", parts.query, ""))


def empty_broker(redis_url: str) -> None:
    import redis

    client = redis.Redis.from_url(broker_url(redis_url), socket_connect_timeout=3, socket_timeout=10)
    keys = list(client.scan_iter("*", count=1000))
    if keys:
        client.delete(*keys)


# --- the server -------------------------------------------------------------------------------


def _pinned(command: list[str], core: int) -> list[str]:
    return ["taskset", "-c", str(core), *command] if PINNING else command


PINNING = (os.cpu_count() or 1) >= 2 and Path("/usr/bin/taskset").exists()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One uvicorn process, flags as in Procfile.production (access log off), stopped by its id."""

    def __init__(self, env: dict[str, str], log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **env}
        self.log_path = log
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--workers", "1", "--lifespan", "off", "--proxy-headers"]
        command += ["--forwarded-allow-ips", "127.0.0.1", "--no-server-header"]
        command += ["--log-level", "warning", "--no-access-log"]
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop(), after the process)
        self.process = subprocess.Popen(
            _pinned(command, SERVER_CORE), cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"the server exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=5) as answer:
                    answer.read()
                return self
            except urllib.error.HTTPError:
                return self  # it answers (503 names a part that is down: no Celery worker here)
            except OSError:
                time.sleep(0.25)
        raise BenchError(f"the server did not answer within {START_TIMEOUT:.0f} s:\n{self.log_tail()}")

    def rss_mb(self) -> float:
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None:
            self._log.close()


def run_child(command: list[str], *, env: dict[str, str], timeout: float, log: Path) -> int:
    """A load generator: waited for, killed by its id if it outlives `timeout` or we are stopped."""
    with open(log, "ab") as out:
        child = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=out)
        try:
            return child.wait(timeout=timeout)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()


# --- measuring --------------------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    clients: int
    requests: int = 0
    failures: int = 0
    rps: float = 0.0
    p50: float = 0.0  # milliseconds
    p99: float = 0.0
    load: float = 0.0  # 1-minute load average when it ended
    baseline: Figure | None = None
    queries: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline.rps:
            return None
        return self.rps / self.baseline.rps


def locust(user_class: str, name: str, *, clients: int, seconds: int, ctx) -> Figure:
    prefix = ctx.work / f"{user_class}-{clients}"
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "tests/benchmarks/locustfile.py")]
    command += ["--headless", "-u", str(clients), "-r", str(clients), "-t", f"{seconds}s"]
    command += ["-H", ctx.server.url, "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"]
    command += ["--stop-timeout", "10", user_class]
    run_child(
        _pinned(command, LOAD_CORE),
        env={"BENCH_PLAN": str(ctx.plan_path)},
        timeout=seconds + 90,
        log=ctx.work / "locust.log",
    )
    figure = Figure(name, clients, load=os.getloadavg()[0])
    try:
        with open(f"{prefix}_stats.csv", newline="") as stats:
            for row in csv.DictReader(stats):
                if row["Name"] == name:
                    figure.requests = int(row["Request Count"])
                    figure.failures = int(row["Failure Count"])
                    figure.rps = float(row["Requests/s"])
                    figure.p50 = float(row["50%"] or 0)
                    figure.p99 = float(row["99%"] or 0)
    except FileNotFoundError:
        raise BenchError(f"locust wrote no statistics; see {ctx.work / 'locust.log'}") from None
    try:
        with open(f"{prefix}_failures.csv", newline="") as failures:
            for row in csv.DictReader(failures):
                if row["Name"] == name:
                    figure.notes.append(f"{row['Occurrences']} × {row['Error'][:120]}")
    except FileNotFoundError:
        pass
    return figure


def request(url: str, *, method: str = "GET", body: dict | None = None, token: str | None = None):
    data = json.dumps(body).encode() if body is not None else None
    call = urllib.request.Request(url, data=data, method=method)
    call.add_header("Accept", "application/json")
    if data is not None:
        call.add_header("Content-Type", "application/json")
    if token:
        call.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(call, timeout=120) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def queries_per_request(ctx, path: str, samples: int = 5) -> int:
    """The median of the server's X-Bench-Queries header over a few requests (after warm-up)."""
    counts = []
    for _ in range(samples):
        status, headers, body = request(ctx.server.url + path)
        if not 200 <= status < 300:
            raise BenchError(f"GET {path} answered {status}: {body[:300]!r}")
        counts.append(int(headers.get("X-Bench-Queries", "-1")))
    return int(statistics.median(counts))


def booking_queries(ctx) -> int:
    booking = ctx.spare_bookings.pop()
    status, headers, body = request(
        ctx.server.url + "/api/v1/bookings", method="POST", body=booking["body"], token=booking["token"]
    )
    if status != 201:
        raise BenchError(f"POST /api/v1/bookings answered {status}: {body[:300]!r}")
    return int(headers.get("X-Bench-Queries", "-1"))


# --- the plan: what the requests ask for ------------------------------------------------------


def still_free(bookings: list[dict]) -> list[dict]:
    """The planned bookings whose mentor has no live booking at that hour yet."""
    from bookings.models import Booking

    if not bookings:
        return bookings
    first = min(b["body"]["start_at"] for b in bookings)
    booked = {
        (str(mentor_id), start.isoformat().replace("+00:00", "Z"))
        for mentor_id, start in Booking.objects.filter(
            mentor_id__in={b["body"]["mentor_id"] for b in bookings}, start_at__gte=first
        )
        .exclude(status__in=["cancelled", "declined", "expired"])
        .values_list("mentor_id", "start_at")
    }
    return [b for b in bookings if (b["body"]["mentor_id"], b["body"]["start_at"]) not in booked]


def make_plan(ctx, *, bookings_needed: int) -> dict:
    from django.db.models import Count
    from django.utils import timezone
    from rest_framework_simplejwt.tokens import AccessToken

    from accounts.models import User
    from bookings.models import Booking
    from mentors.models import MentorProfile, Subject
    from tests.benchmarks import seed

    bench_mentors = MentorProfile.objects.filter(user__email__startswith="bench-mentor-")
    subjects = list(
        Subject.objects.filter(mentors__in=bench_mentors)
        .annotate(n=Count("mentors"))
        .order_by("-n", "name")
        .values_list("pk", flat=True)[:20]
    )
    search = [f"/api/v1/mentors?subject_id={s}&sort=rating&limit=20&page=1" for s in subjects]
    bookable = seed.bookable_mentor_ids()
    others = list(
        bench_mentors.exclude(pk__in=bookable).order_by("user__email").values_list("pk", flat=True)[:50]
    )
    today = timezone.now().date()
    slots = [
        f"/api/v1/slots?mentor_id={m}&start_date={today}&end_date={today + datetime.timedelta(days=27)}"
        "&timezone=UTC&duration_minutes=60"
        for m in others
    ]
    learners = list(User.objects.filter(pk__in=seed.learner_ids()).order_by("email"))
    tokens = {u.pk: str(AccessToken.for_user(u)) for u in learners}
    first = datetime.datetime.combine(
        today + datetime.timedelta(days=2), datetime.time(), tzinfo=datetime.UTC
    )
    last = first + datetime.timedelta(days=seed.BOOKABLE_ADVANCE_DAYS - 3)
    live = Booking.objects.filter(start_at__gte=first).exclude(
        status__in=["cancelled", "declined", "expired"]
    )
    taken = set(live.filter(mentor_id__in=bookable).values_list("mentor_id", "start_at"))
    # A learner with a session overlapping that hour (the seed's, an earlier run's) would get
    # 409 "you already have a session".
    learner_busy: dict = {}
    for learner_id, begins, ends in live.filter(learner_id__in=[u.pk for u in learners]).values_list(
        "learner_id", "start_at", "end_at"
    ):
        learner_busy.setdefault(learner_id, []).append((begins, ends))

    def learner_free(learner_id, start) -> bool:
        end = start + datetime.timedelta(hours=1)
        return not any(b < end and start < e for b, e in learner_busy.get(learner_id, ()))

    bookings = []
    hour = 0
    while len(bookings) < bookings_needed:
        start = first + datetime.timedelta(days=hour // 23, hours=hour % 23)  # 00:00-23:00 slots
        if start >= last:
            break
        for m, mentor_id in enumerate(bookable):
            if (mentor_id, start) in taken:
                continue
            learner = learners[(hour * len(bookable) + m) % len(learners)]
            if not learner_free(learner.pk, start):
                continue
            learner_busy.setdefault(learner.pk, []).append((start, start + datetime.timedelta(hours=1)))
            body = {
                "mentor_id": str(mentor_id),
                "start_at": start.isoformat().replace("+00:00", "Z"),
                "duration_minutes": 60,
                "payment_method": "credits",
            }
            bookings.append({"token": tokens[learner.pk], "body": body})
        hour += 1
    if len(bookings) < bookings_needed:
        print(f"note: only {len(bookings)} free hours left to book; reseed a fresh database for more")
    chat_users = learners[: 2 * (ctx.sockets // 2)]
    pairs = [
        [{"id": str(a.pk), "token": tokens[a.pk]}, {"id": str(b.pk), "token": tokens[b.pk]}]
        for a, b in zip(chat_users[0::2], chat_users[1::2], strict=True)
    ]
    return {
        "baseline": "/bench/baseline",
        "search_queries": search,
        "slot_queries": slots,
        "bookings": bookings,
        "pairs": pairs,
    }


# --- the report -------------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("PASS" if ok else "MISS")


def print_http(figures: list[tuple[Figure, str, bool | None]]) -> None:
    print()
    head = f"{'path':<34}{'clients':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}"
    head += f"{'÷ base':>8}{'queries':>9}{'load':>6}   target"
    print(head)
    print("-" * (len(head) + 30))
    for figure, target, ok in figures:
        if figure.baseline is not None:
            b = figure.baseline
            print(
                f"{'  baseline (bare Django)':<34}{b.clients:>8}{b.rps:>9.1f}{b.p50:>9.0f}{b.p99:>9.0f}"
                f"{b.failures:>9}{'':>8}{1:>9}{b.load:>6.2f}"
            )
        ratio = f"{figure.ratio:.2f}" if figure.ratio is not None else ""
        queries = "" if figure.queries is None else str(figure.queries)
        print(
            f"{figure.name:<34}{figure.clients:>8}{figure.rps:>9.1f}{figure.p50:>9.0f}{figure.p99:>9.0f}"
            f"{figure.failures:>9}{ratio:>8}{queries:>9}{figure.load:>6.2f}   {target} {verdict(ok)}"
        )
        for note in figure.notes:
            print(f"{'':<6}non-2xx: {note}")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)]


# --- the run ----------------------------------------------------------------------------------


@dataclass
class Context:
    work: Path
    plan_path: Path
    sockets: int
    server: Server | None = None
    spare_bookings: list = field(default_factory=list)


def measure_recommendations(runs: int) -> tuple[float, float, int, int]:
    """p50/p99 ms of the API's own ranking (RecommendedMentorsView.rows) in this process, the
    queries of one call, and how many mentors it ranked from."""
    from types import SimpleNamespace

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from mentors.api.filters import RANKING_LIMIT
    from mentors.api.matching_views import RecommendedMentorsView
    from mentors.models import MentorProfile

    learners = list(User.objects.filter(email__startswith="bench-learner-").order_by("email")[:20])
    view = RecommendedMentorsView()
    timings = []
    queries = 0
    for k in range(runs + 2):
        view.request = SimpleNamespace(user=learners[k % len(learners)])
        started = time.perf_counter()
        if k == 2:
            with CaptureQueriesContext(connection) as captured:
                ranked = view.rows(limit=RANKING_LIMIT)
            queries = len(captured)
        else:
            ranked = view.rows(limit=RANKING_LIMIT)
        if k >= 2:  # the first calls load the model and the taxonomy's vectors
            timings.append((time.perf_counter() - started) * 1000)
        if not ranked:
            raise BenchError("recommendations ranked nobody")
    over = MentorProfile.objects.bookable().count()
    return percentile(timings, 0.5), percentile(timings, 0.99), queries, over


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="short phases (5 s, surge and chat 10 s)")
    parser.add_argument("--duration", type=int, help="seconds per HTTP phase (default 20, quick 5)")
    parser.add_argument("--mentors", type=int, default=10_000, help="10000 (default) or e.g. 100000")
    parser.add_argument(
        "--only", default=",".join(PATHS), help=f"comma-separated subset of {','.join(PATHS)}"
    )
    parser.add_argument("--sockets", type=int, default=200)
    parser.add_argument("--rate", type=float, default=100.0, help="chat messages per second in all")
    parser.add_argument("--recommend-runs", type=int, default=100)
    parser.add_argument(
        "--contention", action="store_true", help="run tests/benchmarks/contention.py instead"
    )
    args = parser.parse_args(argv)
    if args.contention:
        from tests.benchmarks import contention

        return contention.main()
    only = {p.strip() for p in args.only.split(",") if p.strip()}
    if only - set(PATHS):
        parser.error(f"unknown paths: {', '.join(sorted(only - set(PATHS)))}")
    if "assistant" in only:
        # Issue 19's figures (recognition quality, command latency) run in a process of their
        # own on the test settings: no server, no PostgreSQL needed.
        only.discard("assistant")
        subprocess.run([sys.executable, "-m", "tests.benchmarks.assistant"], cwd=ROOT, check=False)
        if not only:
            return 0
    if "dashboards" in only:
        # Issue 20's staff dashboards, on a database of their own (tests/benchmarks/dashboards.py),
        # in a process of their own (it sets up Django with that database), before the server runs.
        command = [sys.executable, "-m", "tests.benchmarks.dashboards", *(["--quick"] if args.quick else [])]
        code = subprocess.run(command, cwd=ROOT).returncode
        only.discard("dashboards")
        if code or not only:
            return code
    phase = args.duration or (5 if args.quick else 20)
    surge_seconds = 10 if args.quick else 30
    chat_seconds = 10 if args.quick else 30

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise BenchError("it runs on PostgreSQL: DATABASE_URL=postgres://user@host:port/name")
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    ensure_database(database_url)
    check_redis(redis_url)
    if not PINNING:
        print("note: fewer than 2 cores or no taskset: server and load generator are not pinned")

    server_env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": "mentora-bench",
        "CHANNEL_PREFIX": "mentora-bench",
        # Tasks queued on commit wait in a Redis database of their own, emptied after the run:
        # the bench measures the requests, not a worker.
        "CELERY_BROKER_URL": broker_url(redis_url),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PGAPPNAME": "mentora-bench-server",
        # The server keeps production's connection pool (DB_POOL=off only if the caller says so):
        # it inherits this process's environment, which turns the pool off below for itself.
        "DB_POOL": os.environ.get("DB_POOL", "true"),
    }
    # This process seeds and mints tokens with the same settings, without a pool of its own.
    os.environ.update({**server_env, "DB_POOL": "false", "PGAPPNAME": "mentora-bench-runner"})
    print(f"migrating {urlsplit(database_url).path.lstrip('/')} ...")
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from tests.benchmarks import seed

    seed.seed(mentors=args.mentors)
    if PINNING:
        os.sched_setaffinity(0, {LOAD_CORE})  # the runner stays off the server's core

    # The plan, the server's and load generators' logs and locust's statistics of the last run.
    work = ROOT / "var" / "bench"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ctx = Context(work=work, plan_path=work / "plan.json", sockets=args.sockets)
    plan = make_plan(ctx, bookings_needed=8000 if not args.quick else 2000)
    ctx.spare_bookings = [plan["bookings"].pop() for _ in range(3)]
    ctx.plan_path.write_text(json.dumps(plan))
    loads: list[float] = []
    http: list[tuple[Figure, str, bool | None]] = []
    chat_result = None
    rss_before_chat = rss = None
    server = Server(server_env, work / "server.log")
    ctx.server = server
    pool = "on" if Env.parse_value(server_env["DB_POOL"], bool) else "OFF"  # as the settings read it
    print(
        f"server: uvicorn, 1 process on core {SERVER_CORE} (connection pool {pool}); "
        f"load on core {LOAD_CORE}; {phase} s a phase"
    )
    try:
        empty_broker(redis_url)
        server.start()
        for path in [plan["baseline"], plan["search_queries"][0], plan["slot_queries"][0]] * 2:
            request(server.url + path)  # warm up: imports, first connections, caches
        counts = {
            "baseline": queries_per_request(ctx, plan["baseline"]),
            "search": queries_per_request(ctx, plan["search_queries"][1 % len(plan["search_queries"])]),
            "slots": queries_per_request(ctx, plan["slot_queries"][1 % len(plan["slot_queries"])]),
        }
        if "booking" in only:
            booking_queries(ctx)  # warm-up
            counts["booking"] = booking_queries(ctx)

        def pair(user_class, name, clients, label, target_text, ratio_target, max_queries=None):
            base = locust("Baseline", "baseline", clients=clients, seconds=phase, ctx=ctx)
            base.queries = counts["baseline"]
            figure = locust(user_class, name, clients=clients, seconds=phase, ctx=ctx)
            if user_class == "Booking":
                # The hours it asked for are taken now, even if refused; and the database, not
                # locust's count, says which: a request cut off when the phase ended (sent, not
                # counted) was booked all the same, and asking for it again answers 409.
                del plan["bookings"][: figure.requests]
                plan["bookings"] = still_free(plan["bookings"])
                ctx.plan_path.write_text(json.dumps(plan))
            figure.name, figure.baseline, figure.queries = label, base, counts.get(name)
            loads.extend([base.load, figure.load])
            ok = figure.ratio is not None and figure.ratio >= ratio_target and not figure.failures
            if max_queries is not None:
                ok = ok and figure.queries is not None and figure.queries <= max_queries
            http.append((figure, target_text, ok))
            print(f"  {label}, {clients} client(s): {figure.rps:.1f} req/s (baseline {base.rps:.1f})")

        if "search" in only:
            for clients in (1, 16):
                pair("Search", "search", clients, "search (subject, by rating, 20)", "≥0.3×", 0.3)
        if "slots" in only:
            for clients in (1, 16):
                pair("Slots", "slots", clients, "slots (one mentor, 4 weeks)", "≥0.7×", 0.7)
        if "booking" in only:
            for clients in (1, 16):
                pair(
                    "Booking",
                    "booking",
                    clients,
                    "booking create (credits)",
                    f"≥0.3×, ≤{TARGET_BOOKING_QUERIES} queries",
                    0.3,
                    TARGET_BOOKING_QUERIES,
                )
        if "surge" in only:
            surge = locust("Search", "search", clients=64, seconds=surge_seconds, ctx=ctx)
            surge.name, surge.queries = "search surge", counts["search"]
            loads.append(surge.load)
            ok = surge.failures == 0 and surge.p50 > 0 and surge.p99 <= TARGET_SURGE_P99_OVER_P50 * surge.p50
            http.append((surge, f"0 non-2xx, p99 ≤ 4×p50 ({surge_seconds} s)", ok))
            print(f"  search surge, 64 clients: {surge.rps:.1f} req/s, {surge.failures} non-2xx")
        if "chat" in only:
            rss_before_chat = server.rss_mb()
            chat_plan = {
                "ws_url": server.url.replace("http://", "ws://"),
                "pairs": plan["pairs"],
                "rate": args.rate,
                "duration": chat_seconds,
            }
            (work / "chat-plan.json").write_text(json.dumps(chat_plan))
            command = [sys.executable, "-m", "tests.benchmarks.chat", str(work / "chat-plan.json")]
            command.append(str(work / "chat-result.json"))
            rc = run_child(
                _pinned(command, LOAD_CORE), env={}, timeout=chat_seconds + 300, log=work / "chat.log"
            )
            loads.append(os.getloadavg()[0])
            if rc != 0:
                raise BenchError(f"the chat client failed:\n{(work / 'chat.log').read_text()[-3000:]}")
            chat_result = json.loads((work / "chat-result.json").read_text())
            print(f"  chat: {chat_result['delivered']}/{chat_result['sent']} delivered")
        rss = server.rss_mb()
    except BaseException:
        print(f"\nserver log (last lines):\n{server.log_tail()}", file=sys.stderr)
        raise
    finally:
        server.stop()
        empty_broker(redis_url)

    recommend = None
    if "recommendations" in only:
        if PINNING:
            os.sched_setaffinity(0, {SERVER_CORE})  # the server is gone: its core is free
        load_before = os.getloadavg()[0]
        recommend = measure_recommendations(args.recommend_runs if not args.quick else 20)
        loads.append(max(load_before, os.getloadavg()[0]))

    print_report(http, chat_result, recommend, rss, rss_before_chat, loads, args, chat_seconds)
    if "interview" in only:
        # Issue 18, in process after the server has gone: speech to text and the profile build.
        from tests.benchmarks import interview

        print(interview.report(interview.measure(runs=5 if args.quick else 20)))
    return 0


def print_report(http, chat_result, recommend, rss, rss_before_chat, loads, args, chat_seconds) -> None:
    from django.db import connection

    print(
        f"\n=== make bench: {args.mentors} mentors, PostgreSQL {connection.pg_version // 10000}, one server process ==="
    )
    if http:
        print_http(http)
    if recommend is not None:
        p50, p99, queries, over = recommend
        ok = p50 <= TARGET_RECOMMEND_P50_MS
        print(
            f"\nrecommendations, in process over {over} bookable mentors: p50 {p50:.0f} ms, p99 {p99:.0f} ms, "
            f"{queries} queries a call   target p50 ≤ {TARGET_RECOMMEND_P50_MS:.0f} ms {verdict(ok)}"
        )
    if chat_result is not None:
        latencies = [s * 1000 for s in chat_result["latencies"]]
        p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
        lost = chat_result["sent"] - chat_result["delivered"]
        ok = lost == 0 and p99 <= TARGET_CHAT_P99_MS
        print(
            f"\nchat, {chat_result['sockets']} sockets (opened in {chat_result['open_seconds']:.1f} s), "
            f"{args.rate:g} messages/s for {chat_seconds} s (sent in {chat_result['send_seconds']:.1f} s): "
            f"{chat_result['delivered']}/{chat_result['sent']} delivered, {lost} not within 5 s, "
            f"p50 {p50:.0f} ms, p99 {p99:.0f} ms"
            f"   target every message, p99 ≤ {TARGET_CHAT_P99_MS:.0f} ms {verdict(ok)}"
        )
        if chat_result["errors"]:
            print(
                f"  socket errors/closes: {chat_result['error_count']} ({', '.join(chat_result['errors'][:5])})"
            )
    if rss is not None:
        extra = f" ({rss_before_chat:.0f} MB before the chat)" if rss_before_chat else ""
        print(
            f"\nserver RSS after the run: {rss:.0f} MB{extra}   target ≤ {TARGET_RSS_MB:.0f} MB {verdict(rss <= TARGET_RSS_MB)}"
        )
    if loads:
        print(
            f"machine load (1-min average, {os.cpu_count()} cores) while measuring: "
            f"min {min(loads):.2f}, max {max(loads):.2f}, mean {statistics.mean(loads):.2f}"
        )
    if chat_result is not None and rss is not None and rss_before_chat:
        per_socket_kb = max(0.0, rss - rss_before_chat) * 1024 / max(1, chat_result["sockets"])
        # 10,000 sockets, each sending a message a minute: 167 messages/s in all.
        print(
            f"per core: {args.rate:g} chat messages/s over {chat_result['sockets']} sockets as measured above, "
            f"about {per_socket_kb:.0f} kB of server memory a socket; 10,000 open sockets sending a message "
            f"a minute each (167/s) need {math.ceil(10_000 / 60 / args.rate)} core(s) and about "
            f"{per_socket_kb * 10_000 / 1024:.0f} MB across the processes at this rate"
        )
    booking16 = next((f for f, *_ in http if f.name.startswith("booking") and f.clients == 16), None)
    if booking16 is not None and booking16.rps:
        print(
            f"per core: {booking16.rps:.1f} bookings/s at 16 clients; 1,000 bookings a minute (16.7/s) "
            f"needs {math.ceil(1000 / 60 / booking16.rps)} web core(s) at this speed"
        )


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt  # the finally blocks stop the server and the load generators


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop)
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"make bench: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("make bench: interrupted; the server and load generators were stopped", file=sys.stderr)
        sys.exit(130)
