"""Settings shared by every environment, read from the environment (django-environ).

With no environment set, every part runs embedded: SQLite, in-memory channel layer, local-memory
cache, a Celery broker on the file system and console e-mail. Setting DATABASE_URL, REDIS_URL,
CELERY_BROKER_URL or EMAIL_URL switches that part to the real service.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF

from .environment import BASE_DIR, VAR_DIR, env  # noqa: F401  (test.py reads them here)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute base of links put in mails and feeds (no trailing slash).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Mentora"
SITE_ID = 1

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    # third party
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "channels",
    "django_celery_beat",
    "django_htmx",
    "js_lib_htmx",
    "allauth",
    "allauth.account",
    "csp",
    # ours, lowest layer first (DESIGN.md: lower layers never import higher ones)
    "core",
    "accounts",
    "messaging",
    # social login (issue 3): allauth's providers verify Google/Apple/LinkedIn tokens
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.apple",
    "allauth.socialaccount.providers.openid_connect",
    "mentors",
    # payments (issue 6): dj-stripe keeps Stripe's webhook endpoint and received events
    "djstripe",
    "payments",
    # bookings (issues 7 and 8): the lifecycle, sessions, reviews, reminders, calendars, waitlists
    "bookings",
    # learning (issue 16): catalogue, enrollment, progress, paths, points, achievements, certificates
    "learning",
    # community (issue 17): groups, posts, comments, moderation, events and RSVPs
    "community",
    # assistant (issue 19): the voice-driven accessibility agent
    "assistant",
    # analytics (issue 20): dashboards and the integrity check (reads every app, owns no rules)
    "analytics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.ApiTrailingSlashMiddleware",
    "core.capacity.PoolExhaustedMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.money.ViewerLocaleMiddleware",
    # The viewer's time zone (the account's, else the browser's cookie, else UTC): core.timezones.
    "core.timezones.ViewerTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.RateLimitHeadersMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "core.context_processors.time_zone",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes SQLite's write lock when a transaction opens, so two writers queue up
    # instead of failing half-way with "database is locked"; the timeout is how long they wait.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    # Under ASGI every request runs in a thread of its own, so persistent connections
    # (CONN_MAX_AGE) stay with threads that are gone: 100 concurrent requests left 99 open
    # connections and "too many clients" 500s. Each process keeps a bounded psycopg pool instead
    # (CONN_MAX_AGE must then be 0): a request takes a connection and gives it back when it ends,
    # so one process never holds more than DB_POOL_MAX_SIZE, and a caller that finds them all in
    # use waits up to DB_POOL_TIMEOUT seconds, then answers 503 with Retry-After (core.capacity).
    # Size it so that (web processes + Celery worker processes) x max_size stays below the
    # server's max_connections; behind PgBouncer in transaction mode set DB_POOL=off.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if env.bool("DB_POOL", default=True):
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DB_POOL_MIN_SIZE", default=2),
            "max_size": env.int("DB_POOL_MAX_SIZE", default=10),
            "timeout": env.float("DB_POOL_TIMEOUT", default=5.0),
        }
    # Server-side parameter binding lets psycopg prepare a statement once a connection has run it
    # DB_PREPARE_THRESHOLD times: PostgreSQL then parses and plans it once per pooled connection
    # instead of once per request (planning the booking detail's nine-table read took longer
    # than running it). Behind PgBouncer in transaction mode set DB_PREPARED_STATEMENTS=off.
    if env.bool("DB_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=env.int("DB_PREPARE_THRESHOLD", default=5)
        )
# Scale-out (README "Deploy"): a PostgreSQL read replica for the public read-only routes. Unset,
# nothing is routed and every query goes to `default`. Set, config.db_router sends the reads of
# REPLICA_READ_ROUTES (GET) and of `replica_reads()` blocks there; writes, transactions, reads
# after a write and who-is-asking reads stay on the primary (the module names each case).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
DATABASE_ROUTERS: list[str] = []
REPLICA_READ_ROUTES = [
    "mentors",
    "mentor",
    "mentor-reviews",
    "mentor-schedule",
    "slots",
    "categories",
    "category-subcategories",
    "subjects",
    "skills",
    "mentors-recommended",
    "categories-search",
    "mentors:directory",
    "mentors:profile",
]
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        # Tests see the primary under this name: no second test database.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
    MIDDLEWARE.append("config.db_router.ReplicaReadsMiddleware")
# How many HTTP requests one ASGI process serves at once (core.capacity.ConcurrencyLimit); the
# rest queue for up to HTTP_QUEUE_TIMEOUT seconds, then get 503 with Retry-After. It matches the
# pool so that every request that runs finds a connection; Channels consumers' database calls
# (database_sync_to_async) share the same pool and wait for it like any other caller.
HTTP_CONCURRENCY = env.int("HTTP_CONCURRENCY", default=env.int("DB_POOL_MAX_SIZE", default=10))
HTTP_QUEUE_TIMEOUT = env.float("HTTP_QUEUE_TIMEOUT", default=env.float("DB_POOL_TIMEOUT", default=5.0))
# How long a transaction waits for a row lock (PostgreSQL interval) before it gives up with 503
# "busy, try again" (core.locks). The longest queue is a popular mentor's row, each booking
# through it in milliseconds, so a few seconds only ever runs out when something is stuck.
LOCK_TIMEOUT = env("LOCK_TIMEOUT", default="5s")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, channel layer, Celery -------------------------------------------------------------
# A cache call is one quick command: a Redis that takes longer than this is treated as down
# (core.outage: rate limits fail open, presence reads offline) rather than holding up requests.
REDIS_CACHE_TIMEOUT = env.float("REDIS_CACHE_TIMEOUT", default=2.0)
# channels-redis waits for a socket's next event in a blocking BZPOPMIN of 5 s (its
# brpop_timeout). redis-py 8 gives every read a 5 s socket timeout by default, so an idle
# socket's read timed out and its consumer crashed after about 5 s: a read must outlast the pop.
REDIS_CHANNEL_LAYER_READ_TIMEOUT = env.float("REDIS_CHANNEL_LAYER_READ_TIMEOUT", default=15.0)
# A pooled connection unused this long is PINGed (and re-made if dead) before its next command,
# so one that Redis or a firewall dropped while idle does not fail a request after an outage.
REDIS_HEALTH_CHECK_INTERVAL = env.int("REDIS_HEALTH_CHECK_INTERVAL", default=30)


def _retry_once_on_a_broken_connection(retry_class):
    """redis-py 8's pools do not notice every connection that a restarted Redis closed while it
    sat idle in the pool: its next command fails with "Connection closed by server". One retry
    on a fresh connection (and the health checks' reconnect, which runs through the same retry)
    drops and re-makes such a connection. Timeouts are not retried: a Redis that hangs is down."""
    from redis.backoff import NoBackoff
    from redis.exceptions import ConnectionError as RedisConnectionError

    return retry_class(NoBackoff(), 1, supported_errors=(RedisConnectionError,))


def redis_cache(url: str, *, prefix: str) -> dict:
    """The `default` cache on Redis at `url` (django-redis)."""
    from redis.retry import Retry

    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": REDIS_CACHE_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_CACHE_TIMEOUT,
            "CONNECTION_POOL_KWARGS": {
                "health_check_interval": REDIS_HEALTH_CHECK_INTERVAL,
                "retry": _retry_once_on_a_broken_connection(Retry),
            },
        },
    }


def redis_channel_layer(url: str, *, prefix: str) -> dict:
    """The `default` channel layer on Redis at `url`. A dict host is passed to redis-py's
    ConnectionPool.from_url as keyword arguments (channels-redis 4.3)."""
    from redis.asyncio.retry import Retry

    host = {
        "address": url,
        "socket_timeout": REDIS_CHANNEL_LAYER_READ_TIMEOUT,
        "socket_connect_timeout": REDIS_CACHE_TIMEOUT,
        "socket_keepalive": True,  # the OS notices a peer that vanished without a FIN
        "health_check_interval": REDIS_HEALTH_CHECK_INTERVAL,
        "retry": _retry_once_on_a_broken_connection(Retry),
    }
    return {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [host], "prefix": prefix}}


REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL, prefix=env("CACHE_KEY_PREFIX", default="mentora"))}
    CHANNEL_LAYERS = {
        "default": redis_channel_layer(REDIS_URL, prefix=env("CHANNEL_PREFIX", default="mentora"))
    }
else:
    # The rate-limit and log-in counters live here: the default 300 entries would cull them
    # (a third at a time) as soon as a burst of callers filled the cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# The embedded broker names a host (kombu's file-system transport ignores it) so that kombu does
# not warn "No hostname was supplied" in every worker and beat.
EMBEDDED_BROKER_URL = "filesystem://localhost/"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=EMBEDDED_BROKER_URL)
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu's file-system transport needs no server: producer and worker share one folder.
    _broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    # The transport does not create its folders; web, worker and beat may start in any order.
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
else:
    # Redis keeps a task a worker took but has not acknowledged in `unacked`, and hands it to
    # another worker only after the visibility timeout (kombu's default: one hour). A worker killed
    # mid-task then held up an hour-before reminder's push for an hour; five minutes is half the
    # reminders' grace (BOOKINGS_REMINDER_GRACE_MINUTES), so a redelivered one still goes out.
    # It must exceed the longest task (CELERY_TASK_TIME_LIMIT, checked below) or a running task
    # is handed out twice; a countdown past it is handed out again while it waits, which every
    # task survives (each is safe to run twice: docs in config/celery_app.py).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=300),
        # How often a worker looks for such tasks, in seconds (kombu's default 10, scanning on
        # every 10th look; 1 makes the interval the whole period).
        "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
        "unacked_restore_throttle": 1,
    }
CELERY_TASK_IGNORE_RESULT = True
# Acknowledge a task when it has run, not when a worker takes it: a worker that dies mid-task
# leaves it to be run again (tasks are idempotent); a pool child killed by the OS or the time
# limit gives it back at once instead of dropping it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# No task runs longer than this (seconds): the worker kills it, so a claim older than this
# (messaging's SENDING delivery) belongs to a task that is gone.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=240)
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) and (
    CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= CELERY_TASK_TIME_LIMIT
):
    raise ValueError("CELERY_TASK_TIME_LIMIT must be shorter than CELERY_VISIBILITY_TIMEOUT")
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# --- e-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Mentora <no-reply@mentora.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailOrUsernameBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "home"

# allauth supplies e-mail verification keys, password-reset tokens and their mails.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_EMAIL_CONFIRMATION_HMAC = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 1  # API.md: verification links expire after 24 h
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mentora] "
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # a reset for an unknown e-mail sends nothing
ACCOUNT_RATE_LIMITS = False  # our throttles (core.throttling) apply instead
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "allauth.account.forms.EmailAwarePasswordResetTokenGenerator"

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=30),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=14),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    "AUTH_HEADER_TYPES": ("Bearer",),
    "SIGNING_KEY": None,  # filled below from SECRET_KEY
}

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PagePagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonRateThrottle",
        "core.throttling.UserMinuteRateThrottle",
        "core.throttling.UserHourRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": "100/min",
        "user_minute": "60/min",
        "user_hour": "1000/hour",
        "user_hour_pro": "5000/hour",
        "register": "5/min",
        "auth": "10/min",
        "payments": "10/min",
        "messages": "30/min",
    },
    "NUM_PROXIES": env.int("NUM_PROXIES", default=None),
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    "DEFAULT_METADATA_CLASS": "core.metadata.SchemaMetadata",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Mentora API",
    "DESCRIPTION": (
        "The one REST contract of Mentora. Errors: {error, message, details}. Lists: "
        "{items, total, page, limit, pages}. Auth: `Authorization: Bearer <access>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # One component per choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {"ModeEnum": "accounts.models.Mode"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.document_unsupported_media_type",
    ],
}

# --- i18n, time -----------------------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- WebSockets -----------------------------------------------------------------------------
# Extra origins allowed to open a socket, beyond ALLOWED_HOSTS.
WEBSOCKET_ALLOWED_ORIGINS = env.list("WEBSOCKET_ALLOWED_ORIGINS", default=[])

# --- security defaults that hold everywhere -------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp; core.security_headers adds Stripe's origins when Stripe is
# configured, the video room's origin and the error pages' style hash). Pages load scripts and
# styles from the site only: no inline script, event handler or style attribute (an inline script
# would carry nonce="{{ request.csp_nonce }}"). A WebSocket to the site itself is 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF, "blob:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
    # The API documentation pages (drf-spectacular's Swagger UI and ReDoc) start their bundles
    # with an inline script and style; they show no user content.
    "EXCLUDE_URL_PREFIXES": ["/api/v1/docs", "/api/v1/redoc"],
}

# --- health ---------------------------------------------------------------------------------
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=2.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}


def finalize(settings: dict) -> None:
    """Derive values that depend on the environment-specific module's choices."""
    settings["SIMPLE_JWT"]["SIGNING_KEY"] = settings["SECRET_KEY"]


PASSWORD_RESET_TIMEOUT = 60 * 60  # reset links work for one hour

# Names of the choice sets of API.md §2 in the OpenAPI schema (one component each).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "MentorStatusEnum": "mentors.models.MentorStatus",
        "ScheduleTypeEnum": "mentors.models.ScheduleType",
        "SlotStatusEnum": ["available", "held", "booked", "blocked"],
        "DateExceptionTypeEnum": ["block", "replace"],
        "SlotDurationEnum": "mentors.api.serializers.DURATION_CHOICES",
    }
)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "BookingStatusEnum": "bookings.models.BookingStatus",
        "BookingPaymentMethodEnum": "bookings.models.PaymentMethod",
        "BookingPayWithEnum": "bookings.api.serializers.PAY_WITH",
    }
)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "OpportunityTypeEnum": "learning.models.OpportunityType",
        "OpportunityStatusEnum": "learning.models.OpportunityStatus",
        "EnrollmentStatusEnum": "learning.models.EnrollmentStatus",
        "LearningPathStatusEnum": "learning.models.PathStatus",
    }
)

# community, events part (issue 17)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "EventTypeEnum": "community.models.events.EventType",
        "EventStatusEnum": "community.models.events.EventStatus",
        "RsvpStatusEnum": "community.models.events.RSVPStatus",
        "RsvpAnswerEnum": ["going", "interested", "not_going"],
    }
)
# community, groups part (issue 17)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "GroupVisibilityEnum": "community.models.groups.GroupVisibility",
        "GroupMembershipRoleEnum": "community.models.groups.MembershipRole",
        "GroupMembershipStatusEnum": "community.models.groups.MembershipStatus",
        "GroupReportReasonEnum": "community.models.groups.ReportReason",
        "GroupReportStatusEnum": "community.models.groups.ReportStatus",
    }
)

# Each app's own settings (accounts … bookings) and every beat job, in config/settings/domains.py.
from .domains import *  # noqa: E402, F403
