"""Test settings: the embedded default, or PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set."""

import os

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, REDIS_URL, VAR_DIR, env, finalize

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

if REDIS_URL:
    # xdist workers share one Redis: give each worker (and run) its own key space so that
    # clearing the cache between tests never touches another worker's keys.
    _prefix = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    CACHES["default"]["KEY_PREFIX"] = _prefix
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": _prefix},
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

finalize(globals())

# dj-stripe's ~100 migrations cost most of a fresh test database's set-up. On SQLite the suite
# builds dj-stripe's tables straight from its models instead; PostgreSQL cannot (the models'
# foreign key to accounts_user would be created before that table exists), so it migrates.
# `make run` and production always run the real migrations; tests/core/test_migrations.py checks
# they are complete.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    MIGRATION_MODULES = {"djstripe": None}
    # A file per xdist worker (pytest-django adds the _gw0 suffix), not memory: a test's threads
    # then get connections of their own whose IMMEDIATE transactions really queue for SQLite's
    # write lock, so the concurrency tests run on the embedded default too, not only on
    # PostgreSQL. (In-memory databases share one cache, where a second writer fails at once.)
    # MENTORA_TEST_DB keeps two test runs in one checkout apart.
    DATABASES["default"]["TEST"] = {
        "NAME": str(VAR_DIR / f"test-{env('MENTORA_TEST_DB', default='sqlite')}.sqlite3")
    }
