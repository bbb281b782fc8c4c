"""`make bench` only (tests/benchmarks): production settings on a loopback server, no rate limits.

Everything production does stays on (DEBUG off, the connection pool, Redis cache and channel
layer, the same middleware), except what would make a load test measure something else: the rate
limits are lifted (one load generator is one client address and a few users), HTTPS redirects are
off (plain HTTP on 127.0.0.1), and static files need no collectstatic. The URLconf adds the
bare-Django baseline view the figures are compared with, and a middleware reports the SQL queries
of each response in a header. The runner (tests/benchmarks/__main__.py) passes SECRET_KEY (made
afresh for each run) and the database and Redis addresses in the environment.
"""

import os
import warnings

os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from .production import *  # noqa: E402, F403
from .production import MIDDLEWARE, REST_FRAMEWORK  # noqa: E402

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Counted as in production (a Redis round trip per request), never refused.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = dict.fromkeys(
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "1000000000/h"
)
LOGIN_FAILURE_LIMIT_IP = "1000000000/h"

ROOT_URLCONF = "tests.benchmarks.urls"
MIDDLEWARE = ["tests.benchmarks.middleware.QueryCountMiddleware", *MIDDLEWARE]

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")  # noqa: F405

# The API needs no collected static files; WhiteNoise would warn on every start that there are none.
warnings.filterwarnings("ignore", message="No directory at")
