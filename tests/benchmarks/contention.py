"""`make bench-contention` (or `python -m tests.benchmarks --contention`): the contention case of
issue 13 against a real server, timed.

Serves the project with uvicorn, two worker processes, on a free loopback port, against a
database of its own on the PostgreSQL server of DATABASE_URL (`<name>_bench`, copied afresh for
each run from `<name>_bench_template`, which is migrated on first use), then:

1. 40 learners book 40 different free slots of one mentor at once (all should get 201);
2. 100 learners book one slot of another mentor at once (one 201, 99 × 409).

For each it prints the answers by status, p50/p99/max seconds, and the most connections the
server held to the database at once (pg_stat_activity, sampled every few milliseconds), which
stays within 2 × DB_POOL_MAX_SIZE. Nothing here is asserted: the tests assert the outcomes,
this shows the times. Pool and limit settings come from the environment like in production
(DB_POOL_MAX_SIZE, HTTP_CONCURRENCY, ...).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentora make bench-contention
"""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg

from tests import asgi_processes as asgi

WORKERS = 2
SAME_SLOT_RACERS = 100
DIFFERENT_SLOTS = 40


def _database_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _admin(url: str) -> psycopg.Connection:
    parts = urlsplit(url)
    return psycopg.connect(urlunsplit(("postgresql", parts.netloc, "/postgres", "", "")), autocommit=True)


def _fresh_bench_database(url: str) -> tuple[str, str]:
    """(URL, name) of `<name>_bench`, made afresh for this run as a copy of `<name>_bench_template`,
    which is created and migrated on first use (the migrations take minutes, a copy a second)."""
    name = f"{urlsplit(url).path.lstrip('/') or 'mentora'}_bench"
    template = f"{name}_template"
    with _admin(url) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
            connection.execute(f'CREATE DATABASE "{template}"')
    migrate_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    migrate_env["DATABASE_URL"] = _database_url(url, template)
    migrate = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
    subprocess.run(migrate, cwd=asgi.ROOT, env=migrate_env, check=True)
    with _admin(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return _database_url(url, name), name


def _report(title: str, answers, counter: asgi.ConnectionCounter) -> None:
    seconds = [a.seconds for a in answers if isinstance(a, asgi.Answer)]
    print(f"\n{title}")
    print(f"  answers      {asgi.statuses(answers)}")
    print(
        f"  seconds      p50 {asgi.percentile(seconds, 0.5):.3f}   p99 {asgi.percentile(seconds, 0.99):.3f}"
        f"   max {max(seconds, default=0):.3f}"
    )
    print(
        f"  connections  peak {counter.peak} during the burst ({counter.samples} samples), {counter.now()} after"
    )


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "make bench-contention runs on PostgreSQL: set DATABASE_URL=postgres://user@host:port/name",
            file=sys.stderr,
        )
        return 2
    bench_url, _ = _fresh_bench_database(url)
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": bench_url,
        # Tasks queued after commit (notifications, reminders) stay in the web process's memory:
        # the bench measures the requests, not a worker.
        "CELERY_BROKER_URL": "memory://",
        "DB_POOL": "true",  # the server's; this process turns its own off below
    }
    # This process only writes the learners and mentors: no pool of its own.
    os.environ.update({**env, "DB_POOL": "false"})
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=asgi.ROOT, check=True
    )

    import django

    django.setup()
    from django.conf import settings

    # HTTP_CONCURRENCY follows DB_POOL_MAX_SIZE unless set apart, as in the server's settings.
    print(f"uvicorn, {WORKERS} processes, each with at most {settings.HTTP_CONCURRENCY} requests at once")
    conninfo = bench_url.replace("postgres://", "postgresql://", 1)

    one_mentor = asgi.bookable_around_the_clock()
    other_mentor = asgi.bookable_around_the_clock()
    different = asgi.learner_tokens(DIFFERENT_SLOTS)
    same = asgi.learner_tokens(SAME_SLOT_RACERS)
    with asgi.UvicornProcesses(env=env, workers=WORKERS) as server:
        slots = asgi.free_slot_ids(server.url, one_mentor, DIFFERENT_SLOTS)
        one_slot = asgi.free_slot_ids(server.url, other_mentor, 1)
        with asgi.ConnectionCounter(conninfo=conninfo, server=server) as counter:
            answers = asgi.burst(server.url, asgi.bookings(different, slots))
        _report(
            f"{DIFFERENT_SLOTS} learners, {DIFFERENT_SLOTS} different slots of one mentor", answers, counter
        )
        with asgi.ConnectionCounter(conninfo=conninfo, server=server) as counter:
            answers = asgi.burst(server.url, asgi.bookings(same, one_slot))
        _report(f"{SAME_SLOT_RACERS} learners, one slot", answers, counter)
    return 0


if __name__ == "__main__":
    sys.exit(main())
