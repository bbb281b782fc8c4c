"""Local development: `make run`. Everything embedded unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env, finalize

DEBUG = env.bool("DEBUG", default=True)
# A fixed key is fine on a developer's machine only; production.py refuses to start without one.
SECRET_KEY = env("SECRET_KEY", default="local-dev-only-secret-key-not-for-production-use-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Serve static files straight from the apps and packages, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

finalize(globals())
