"""Test settings: the embedded default, or PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set."""

import os

from .base import *  # noqa: F403
from .base import CACHES, DATABASE_ROUTERS, DATABASES, REDIS_URL, VAR_DIR, env, finalize, redis_channel_layer

DEBUG = False
SECRET_KEY = "test-secret-key-for-the-test-suite-only-0123456789-abcdefghijklmnop"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SITE_URL = "http://testserver"

# Fast hashing keeps the suite quick; production keeps Argon2 first (asserted in a test).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Off even on Redis: a test's writes never commit (no slot list would be forgotten after them).
# tests/mentors/test_slot_cache.py turns it on and commits its changes.
MENTORS_SLOT_CACHE_SECONDS = 0

if REDIS_URL:
    # xdist workers share one Redis: give each worker (and run) its own key space so that
    # clearing the cache between tests never touches another worker's keys.
    _prefix = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    CACHES["default"]["KEY_PREFIX"] = _prefix
    CHANNEL_LAYERS = {"default": redis_channel_layer(REDIS_URL, prefix=_prefix)}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

finalize(globals())

# dj-stripe's ~100 migrations cost most of a fresh test database's set-up: tests build its
# tables straight from its models instead (tests/djstripe_schema.py; on PostgreSQL after the
# project's migrations, which its foreign key to accounts_user needs). `make run` and production
# always run the real migrations; tests/core/test_migrations.py checks they are complete.
MIGRATION_MODULES = {"djstripe": None}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASE_ROUTERS = ["tests.djstripe_schema.DjstripeAfterMigrations", *DATABASE_ROUTERS]
# The race tests give each thread a connection of its own, all at once (tests/concurrency.py), and
# each closes it at its end: a pool would queue those threads behind its max_size (changing what
# the races test) and keep their connections open between tests. So the test process connects
# without one; tests/core/test_capacity.py serves the project with uvicorn and the real pool.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file per xdist worker (pytest-django adds the _gw0 suffix), not memory: a test's threads
    # then get connections of their own whose IMMEDIATE transactions really queue for SQLite's
    # write lock, so the concurrency tests run on the embedded default too, not only on
    # PostgreSQL. (In-memory databases share one cache, where a second writer fails at once.)
    # MENTORA_TEST_DB keeps two test runs in one checkout apart.
    DATABASES["default"]["TEST"] = {
        "NAME": str(VAR_DIR / f"test-{env('MENTORA_TEST_DB', default='sqlite')}.sqlite3")
    }

# What each of CI's two runs proves.
#
# Both runs: every race test (tests/concurrency.py run_together: real threads, one connection
# each, released together by a barrier) asserts the same exact outcomes on SQLite and on
# PostgreSQL: one booking or slot per time and 409 for the rest, a capped day never over its cap,
# one refresh-token rotation, one conversation, one staff decision, credits and package sessions
# never spent past zero, a webhook event applied once, due bookings, reminders, feeds and
# waitlist offers handled once per row, every failed login and throttled call counted.
# The two runs get there differently, and so test different things:
# - SQLite: an IMMEDIATE transaction takes the database's one write lock at its start, so racing
#   services queue whole; select_for_update is a no-op. This run shows that each service
#   re-checks its rule inside its transaction, not that it locks the right rows.
# - PostgreSQL + Redis (DATABASE_URL, REDIS_URL): racers queue on the rows each service locks,
#   so only this run tests the locks themselves:
#   - row locks (select_for_update, and `of=` where a join must not lock the joined rows; SQLite
#     never compiles `of=`, so a wrong name fails only here);
#   - skip_locked claims, where a job passes over a row another transaction holds instead of
#     waiting (tests/bookings/test_jobs.py, the booking another transaction holds, and
#     tests/core/test_locks.py, two claimers; skipped on SQLite, which has no row locks);
#   - lock_timeout turning a long wait into 503 Busy (tests/core/test_locks.py, skipped on SQLite,
#     whose writers wait up to the connection's `timeout` from base.py instead);
#   - the busy_no_overlap exclusion constraint (mentors migration 0002, PostgreSQL only) behind
#     the booking races of tests/bookings/test_concurrency.py; no test writes an overlap past the
#     service to hit it alone;
#   - full-text search with stemming and ranking (tests/mentors/test_search.py, skipped on SQLite;
#     message search falls back to a plain match there);
#   - the cache (throttles, failed-login counts) and the channel layer on Redis, shared across
#     processes, where SQLite's run uses local memory.
