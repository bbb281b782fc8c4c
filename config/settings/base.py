"""Settings shared by every environment, read from the environment (django-environ).

With no environment set, every part runs embedded: SQLite, in-memory channel layer, local-memory
cache, a Celery broker on the file system and console e-mail. Setting DATABASE_URL, REDIS_URL,
CELERY_BROKER_URL or EMAIL_URL switches that part to the real service.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A local .env is optional and never committed; the process environment wins over it.
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(str(env_file))

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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.ApiTrailingSlashMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.money.ViewerLocaleMiddleware",
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
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# How long a transaction waits for a row lock (PostgreSQL interval) before it gives up with 503
# "busy, try again" (core.locks). The longest queue is a popular mentor's row, each booking
# through it in milliseconds, so a few seconds only ever runs out when something is stuck.
LOCK_TIMEOUT = env("LOCK_TIMEOUT", default="5s")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, channel layer, Celery -------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="mentora"),
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": env("CHANNEL_PREFIX", default="mentora")},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
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
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
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

# --- accounts (issue 3) ---------------------------------------------------------------------
# Accounts soft-deleted at least this many days ago are anonymised by the nightly purge
# (API.md §1: the minimum is 30 days; staff can only ask for an older cut-off).
ACCOUNT_PURGE_AFTER_DAYS = env.int("ACCOUNT_PURGE_AFTER_DAYS", default=30)
# Failed log-ins per account and per client IP (accounts.login_guard). The windows are clock
# hours, so a 60-minute span can straddle two of them: 50 per window keeps any hour at 100 or
# fewer failures per account, as OWASP ASVS 2.2.1 asks.
LOGIN_FAILURE_LIMIT_ACCOUNT = env("LOGIN_FAILURE_LIMIT_ACCOUNT", default="50/hour")
LOGIN_FAILURE_LIMIT_IP = env("LOGIN_FAILURE_LIMIT_IP", default="150/hour")
# Profile pictures: the largest upload accepted, the largest picture decoded (decompression
# bombs), and the square the stored picture fits in.
AVATAR_MAX_BYTES = 5 * 1024 * 1024
AVATAR_MAX_PIXELS = env.int("AVATAR_MAX_PIXELS", default=40_000_000)
AVATAR_SIZE = env.int("AVATAR_SIZE", default=512)
# Where pictures are stored: local media by default, an S3-compatible bucket when
# AVATAR_S3_BUCKET is set (django-storages). Read by accounts.storage, so it holds in every
# settings module.
AVATAR_STORAGE = None
if env("AVATAR_S3_BUCKET", default=""):
    AVATAR_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AVATAR_S3_BUCKET"),
            "endpoint_url": env("AVATAR_S3_ENDPOINT_URL", default=None),
            "region_name": env("AVATAR_S3_REGION", default=None),
            "access_key": env("AVATAR_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("AVATAR_S3_SECRET_ACCESS_KEY", default=None),
            "custom_domain": env("AVATAR_S3_CUSTOM_DOMAIN", default=None),
            "file_overwrite": False,
            # Pictures are public (shown to every visitor), so plain URLs, no expiring signatures.
            "querystring_auth": False,
            "default_acl": None,
        },
    }

# Social login: a provider is offered (API and site buttons) only when its client id is set.
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False  # we only need who the person is, never their provider data
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # accounts.services decides linking (verified e-mail)
SOCIALACCOUNT_REQUESTS_TIMEOUT = 5
SOCIALACCOUNT_PROVIDERS: dict = {
    "google": {"APPS": [], "SCOPE": ["profile", "email"]},
    "apple": {"APPS": []},
    "openid_connect": {"APPS": []},
}
if env("GOOGLE_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["google"]["APPS"].append(
        {"client_id": env("GOOGLE_CLIENT_ID"), "secret": env("GOOGLE_CLIENT_SECRET", default="")}
    )
if env("APPLE_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["apple"]["APPS"].append(
        {
            # Several audiences (the web service id and the app's bundle id) separated by commas.
            "client_id": env("APPLE_CLIENT_ID"),
            "secret": env("APPLE_KEY_ID", default=""),
            "key": env("APPLE_TEAM_ID", default=""),
            "settings": {"certificate_key": env("APPLE_PRIVATE_KEY", default="").replace("\\n", "\n")},
        }
    )
if env("LINKEDIN_CLIENT_ID", default=""):
    # LinkedIn signs in with OpenID Connect; allauth serves it as a sub-provider named "linkedin".
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": "linkedin",
            "name": "LinkedIn",
            "client_id": env("LINKEDIN_CLIENT_ID"),
            "secret": env("LINKEDIN_CLIENT_SECRET", default=""),
            "settings": {"server_url": env("LINKEDIN_SERVER_URL", default="https://www.linkedin.com/oauth")},
        }
    )

# --- messaging (issue 4) ---
# Attachments live in a storage of their own, outside MEDIA_ROOT and never given a public URL:
# only the download endpoint reads them, for the two participants. Shaped like a STORAGES entry,
# so a deployment can point it at object storage.
MESSAGING_ATTACHMENT_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": env("MESSAGING_ATTACHMENTS_ROOT", default=str(VAR_DIR / "private" / "messaging")),
        "base_url": None,
    },
}
# Mobile push and SMS go through these classes (messaging.providers.NotificationProvider). The
# default sends nothing outside and records each delivery for staff.
MESSAGING_PUSH_PROVIDER = env("MESSAGING_PUSH_PROVIDER", default="messaging.providers.RecordOnlyProvider")
MESSAGING_SMS_PROVIDER = env("MESSAGING_SMS_PROVIDER", default="messaging.providers.RecordOnlyProvider")
# Presence: each open socket refreshes its mark every REFRESH seconds; a mark older than TTL no
# longer counts, so a crashed process cannot leave anyone online.
MESSAGING_PRESENCE_REFRESH = env.int("MESSAGING_PRESENCE_REFRESH", default=25)
MESSAGING_PRESENCE_TTL = env.int("MESSAGING_PRESENCE_TTL", default=70)
# PostgreSQL text-search configuration for message search (stemming language).
MESSAGING_SEARCH_CONFIG = env("MESSAGING_SEARCH_CONFIG", default="english")

# --- payments (issue 6) ---------------------------------------------------------------------
# With STRIPE_SECRET_KEY set, payments go through Stripe (dj-stripe); without it, through the
# offline gateway that behaves like Stripe's test mode (test cards, signed webhooks, refunds).
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
PAYMENTS_GATEWAY = "stripe" if STRIPE_SECRET_KEY else "offline"
STRIPE_LIVE_MODE = STRIPE_SECRET_KEY.startswith("sk_live_")
# dj-stripe reads its keys at import and in checks; offline, a key of the right shape (never
# sent anywhere) lets `migrate` and the webhook models work without a Stripe account.
STRIPE_TEST_SECRET_KEY = STRIPE_SECRET_KEY or "sk_test_" + "0" * 24
STRIPE_TEST_PUBLIC_KEY = STRIPE_PUBLISHABLE_KEY or "pk_test_" + "0" * 24
DJSTRIPE_FOREIGN_KEY_TO_FIELD = "id"
DJSTRIPE_USE_NATIVE_JSONFIELD = True
# Webhooks reach payments.webhooks, which verifies them against dj-stripe's WebhookEndpoint secret
# and records them as dj-stripe WebhookEventTriggers, but applies them with its own idempotent
# handlers: dj-stripe's processing re-fetches every object from Stripe's API, and its
# DJSTRIPE_WEBHOOK_EVENT_CALLBACK hook is deprecated (a system-check warning in 2.11).
DJSTRIPE_WEBHOOK_VALIDATION = "verify_signature"
# Money rules of API.md §4 (decimal strings, never floats).
PAYMENTS_PLATFORM_FEE_PERCENT = env.str("PAYMENTS_PLATFORM_FEE_PERCENT", default="15")
PAYMENTS_CREDIT_PRICE = env.str("PAYMENTS_CREDIT_PRICE", default="1.00")
PAYMENTS_CREDIT_CURRENCY = env("PAYMENTS_CREDIT_CURRENCY", default="USD")
PAYMENTS_INITIAL_CREDITS = 1
PAYMENTS_INTENT_TTL_MINUTES = 15  # an unpaid payment expires with the booking's slot hold
PAYMENTS_REFUND_ESTIMATE_DAYS = 10
PAYMENTS_PACKAGE_EXPIRY_NOTICE_DAYS = 7
# Where Stripe Connect sends a mentor back after onboarding (absolute URLs).
PAYMENTS_CONNECT_RETURN_PATH = "/earnings/payouts/"

# --- mentors (issue 5) ---
# PostgreSQL text-search configuration for GET /mentors?q= (stemming: "designers" finds "designer").
MENTORS_SEARCH_CONFIG = env("MENTORS_SEARCH_CONFIG", default="english")
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

# --- external busy calendars (issue 8) ------------------------------------------------------
# A mentor's iCalendar feed URLs are fetched by a beat job every CALENDAR_FEEDS_REFRESH_MINUTES
# with conditional requests. The fetcher refuses private, loopback and link-local addresses
# (SSRF) unless CALENDAR_FEEDS_ALLOW_PRIVATE is true (a test or intranet setting, never for a
# public deployment), caps the body size and the time, and checks every redirect hop.
CALENDAR_FEEDS_ALLOW_PRIVATE = env.bool("CALENDAR_FEEDS_ALLOW_PRIVATE", default=False)
CALENDAR_FEEDS_MAX_BYTES = env.int("CALENDAR_FEEDS_MAX_BYTES", default=2 * 1024 * 1024)
CALENDAR_FEEDS_TIMEOUT = env.float("CALENDAR_FEEDS_TIMEOUT", default=10.0)
CALENDAR_FEEDS_REFRESH_MINUTES = env.int("CALENDAR_FEEDS_REFRESH_MINUTES", default=15)
CALENDAR_FEEDS_MAX_PER_MENTOR = 5
CALENDAR_FEEDS_MAX_REDIRECTS = 3

# --- bookings (issues 7 and 8) --------------------------------------------------------------
# API.md §3: a card booking's slot is held this long for the payment; an unconfirmed request
# expires after this many hours (or at its start, whichever comes first).
BOOKINGS_PAYMENT_HOLD_MINUTES = PAYMENTS_INTENT_TTL_MINUTES
BOOKINGS_CONFIRM_WITHIN_HOURS = 24
BOOKINGS_JOIN_OPENS_MINUTES = 10
BOOKINGS_NO_SHOW_AFTER_MINUTES = 15
# A reminder found this long after its time is skipped, never sent late.
BOOKINGS_REMINDER_GRACE_MINUTES = 10
BOOKINGS_AUTO_COMPLETE_AFTER_MINUTES = 30
BOOKINGS_REVIEW_WINDOW_DAYS = 30
BOOKINGS_RECORDING_RETENTION_DAYS = 30
BOOKINGS_RECORDING_SHARE_DAYS = 7
# The video room provider (bookings.video.VideoProvider). The default opens a Jitsi Meet room
# with an unguessable name; with JITSI_APP_ID/JITSI_APP_SECRET (a self-hosted Jitsi with token
# authentication) each participant also gets a signed meeting token.
BOOKINGS_VIDEO_PROVIDER = env("BOOKINGS_VIDEO_PROVIDER", default="bookings.video.JitsiProvider")
JITSI_BASE_URL = env("JITSI_BASE_URL", default="https://meet.jit.si")
JITSI_APP_ID = env("JITSI_APP_ID", default="")
JITSI_APP_SECRET = env("JITSI_APP_SECRET", default="")
JITSI_TOKEN_MINUTES = 120
# Waitlists (issue 8): a freed time is held for the first fitting learner this long.
BOOKINGS_WAITLIST_OFFER_MINUTES = env.int("BOOKINGS_WAITLIST_OFFER_MINUTES", default=30)

# --- scheduled jobs (Celery beat; django-celery-beat keeps them in the database) -------------
# Every app's beat jobs, in this one place: a new app adds its entries here.
CELERY_BEAT_SCHEDULE = {
    # core and accounts
    "flush-expired-refresh-tokens": {
        "task": "accounts.tasks.flush_expired_tokens",
        "schedule": timedelta(hours=24),
    },
    "purge-idempotency-records": {
        "task": "core.tasks.purge_idempotency_records",
        "schedule": timedelta(hours=1),
    },
    "purge-deleted-users": {
        "task": "accounts.tasks.purge_deleted_users",
        "schedule": timedelta(hours=24),
    },
    # mentors
    "mentors-refresh-calendar-feeds": {
        "task": "mentors.tasks.refresh_calendar_feeds",
        "schedule": timedelta(minutes=CALENDAR_FEEDS_REFRESH_MINUTES),
    },
    # payments
    "payments-weekly-payouts": {
        "task": "payments.tasks.run_weekly_payouts",
        "schedule": crontab(hour=6, minute=0, day_of_week="mon"),
    },
    "payments-expire-packages": {
        "task": "payments.tasks.expire_package_purchases",
        "schedule": timedelta(hours=1),
    },
    "payments-expire-unpaid": {
        "task": "payments.tasks.expire_unpaid_payments",
        "schedule": timedelta(minutes=5),
    },
    # bookings
    "bookings-send-due-reminders": {
        "task": "bookings.tasks.send_due_reminders",
        "schedule": timedelta(minutes=1),
    },
    "bookings-expire-unpaid": {"task": "bookings.tasks.expire_unpaid", "schedule": timedelta(minutes=1)},
    "bookings-expire-unconfirmed": {
        "task": "bookings.tasks.expire_unconfirmed",
        "schedule": timedelta(minutes=5),
    },
    "bookings-complete-finished": {
        "task": "bookings.tasks.complete_finished",
        "schedule": timedelta(minutes=5),
    },
    "bookings-waitlist-offers-expire": {
        "task": "bookings.tasks.waitlist_expire_offers",
        "schedule": timedelta(minutes=1),
    },
    "bookings-waitlist-rematch": {
        "task": "bookings.tasks.waitlist_run",
        "schedule": timedelta(minutes=10),
    },
    "bookings-purge-recordings": {
        "task": "bookings.tasks.purge_expired_recordings",
        "schedule": timedelta(hours=24),
    },
}
