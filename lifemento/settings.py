"""LifeMento settings: every knob comes from the environment (django-environ).

Two modes, chosen by DJANGO_ENV:
- development (default): embedded defaults so `make run` works offline — SQLite, Celery tasks
  run in-process, the fake Kakao mounted in-process. Secrets come from the generated `.env`.
- production: nothing secret has a default; a missing one stops the start with a message naming
  the variable. The fake Kakao is refused.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# `.env` holds generated development secrets; production never reads it, so a stray file on a
# server cannot switch on development behaviour. Real environment variables always win.
if env.str("DJANGO_ENV", default="development") != "production":
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in ("development", "production"):
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}."
    )
PRODUCTION = DJANGO_ENV == "production"


def required(name: str, cast=str):
    """Read a variable production cannot run without; fail loudly, naming it."""
    value = env.get_value(name, cast=cast, default=None)
    if value in (None, "", []):
        raise ImproperlyConfigured(
            f"Production setting {name} is missing: set the environment variable {name}."
        )
    return value


# --- Core ---------------------------------------------------------------------------------
if PRODUCTION:
    SECRET_KEY = required("SECRET_KEY")
    DEBUG = env.bool("DEBUG", default=False)
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be false when DJANGO_ENV=production.")
    ALLOWED_HOSTS = required("ALLOWED_HOSTS", cast=list)
else:
    # `make` generates a random SECRET_KEY into `.env`; this fallback only serves tools run
    # before that (it is not a secret anything relies on).
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-insecure-key")
    DEBUG = env.bool("DEBUG", default=True)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "accounts.kakao",
    "core",
    "home",
    "accounts",
    "privacy",
    "profiles",
    "experiences",
    "coverletters",
    "privacy.notices",
    "recruiting",
    "consulting",
    "notifications",
    "messaging",
    "usage",
    "privacy.retention",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (per-request nonce) and Permissions-Policy on every response.
    "core.middleware.SecurityHeadersMiddleware",
    # GET /healthz answers here, before anything reads the session or the database.
    "core.middleware.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "privacy.keys.middleware.DataKeyCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Members asked again after a policy change that touches the required consent.
    "privacy.notices.middleware.PolicyReconsentMiddleware",
    # 서비스 이용기록, only with the member's statistics-cookie consent (usage.middleware).
    "usage.middleware.UsageRecordMiddleware",
]

ROOT_URLCONF = "lifemento.urls"
WSGI_APPLICATION = "lifemento.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # `{% url %}` that remembers its reverses (decision 0027).
            "builtins": ["core.templatetags.url_memo"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "privacy.notices.context_processors.notices",
                # The unread count in the header (members and consultants).
                "notifications.context_processors.unread",
            ],
        },
    },
]

# Standard widgets written in Python, byte for byte what Django's templates write (decision 0026).
FORM_RENDERER = "core.rendering.PlainWidgetRenderer"

# --- Database -----------------------------------------------------------------------------
# Default: a SQLite file in the project folder, so a newcomer needs no database server.
if PRODUCTION:
    required("DATABASE_URL")
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's connection pool: connections are reused across requests without
    # CONN_MAX_AGE's one-connection-per-thread behaviour. Pool and persistent connections
    # exclude each other.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if env.bool("DATABASE_POOL", default=True):
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN", default=1),
            "max_size": env.int("DATABASE_POOL_MAX", default=10),
            # How long a request waits for a connection before it gets the 503 page
            # (core.errors). A sync worker holds one connection and never waits; a wait of
            # seconds means PostgreSQL is down or the process is saturated, and either way a
            # quick "try again in a moment" beats a page that hangs for 5 s and then fails.
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=2),
        }
        # A pooled connection is checked (one empty round trip) before a request gets it, so
        # after PostgreSQL restarts, stale connections are replaced instead of failing pages.
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Least privilege (issue 17; privacy/database/roles.py): in production DATABASE_URL names the app
# role, which owns no table, so it cannot disable the access log's triggers. The tables belong
# to the role in MIGRATION_DATABASE_URL, which `manage.py migrate` connects as (same database).
# Set it only where migrations run, never in the web's or the workers' environment.
MIGRATION_DATABASE_URL = env.str("MIGRATION_DATABASE_URL", default="")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker -------------------------------------------------------
if PRODUCTION:
    required("REDIS_URL")
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache that degrades when Redis is gone (short timeouts, a circuit
            # breaker, reads miss, writes skip): pages keep serving from the database.
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="lifemento"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery (see lifemento/celery.py) -----------------------------------------------------
# Redis redelivers an unacknowledged task after the visibility timeout. With acks_late a task
# is acknowledged only when it finishes, so every task must finish (time limit) and every
# retry must be scheduled (backoff cap) well inside that window, or Redis would run it twice.
CELERY_BROKER_VISIBILITY_TIMEOUT = 60 * 60
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
CELERY_TASK_RETRY_BACKOFF_MAX = 10 * 60
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TIMEZONE = "Asia/Seoul"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # The daily jobs of core.jobs (each claimed once per KST day; see decision 0007).
    "run-due-jobs": {
        "task": "core.tasks.run_due_jobs",
        "schedule": crontab(minute="*/15"),
    },
    # The outbox relay's sweep (messaging.tasks): the nudge on commit is only a shortcut; a
    # message whose nudge was lost (Redis down, a process killed) is sent by the next sweep.
    "messaging-relay": {
        "task": "messaging.relay",
        "schedule": 60.0,
    },
    # Delivery results by polling, the webhook's backup (a lost webhook is applied here).
    "messaging-poll": {
        "task": "messaging.poll_results",
        "schedule": 5 * 60.0,
    },
    # Kakao unlink calls still due after a withdrawal (a lost task, a retry after backoff).
    "kakao-unlink-sweep": {
        "task": "messaging.kakao_unlink.sweep",
        "schedule": 60.0,
    },
    # Withdrawals Kakao's unlink callback asked for whose task was lost (accounts.kakao.tasks).
    "kakao-withdraw-owed": {
        "task": "accounts.kakao.withdraw_owed",
        "schedule": 5 * 60.0,
    },
}
# Task modules outside an app's own `tasks` (autodiscovery finds only those).
CELERY_IMPORTS = ["messaging.kakao_unlink.tasks", "accounts.kakao.tasks"]
# Rows per transaction of the destruction engine (privacy.retention.engine): bounded memory and
# short locks; each batch commits with its ledger count and cursor.
DESTRUCTION_BATCH = env.int("DESTRUCTION_BATCH", default=1000)
# `make run` (no Redis, no beat) runs those jobs from a thread in the server process instead.
RUN_JOBS_IN_PROCESS = env.bool("RUN_JOBS_IN_PROCESS", default=False)

# --- Authentication -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Staff: username and password, for the admin only.
    "django.contrib.auth.backends.ModelBackend",
    # Members: Kakao through allauth.
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "home:landing"
LOGIN_REDIRECT_URL = "home:home"

# Sessions live in the database, in our own table that records whose session it is, so that
# withdrawal can end every session of a member (accounts.session_store).
SESSION_ENGINE = "accounts.session_store"
# The session table holds HMAC(session key) under a SECRET_KEY-derived key, never the key
# (issue 17). Rotating SECRET_KEY: put the old one here until the sessions have moved to the
# new hash (they do on their next request) or expired (SESSION_COOKIE_AGE).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Korean page (or JSON for fetch/htmx) saying how to try again (core.errors).
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"

# django-allauth: members sign in only through Kakao; there is no local sign-up or password.
SOCIALACCOUNT_ONLY = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*"]
ACCOUNT_USER_MODEL_EMAIL_FIELD = None
ACCOUNT_LOGOUT_REDIRECT_URL = "home:landing"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.KakaoSocialAccountAdapter"
# New members pass through the consent page (privacy policy: collection needs consent), which
# is allauth's social sign-up form; nothing is saved before they agree.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_FORMS = {"signup": "accounts.forms.SignupConsentForm"}
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_QUERY_EMAIL = False
# Access tokens are not needed after sign-in; keeping them would be data without a purpose.
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env.int("KAKAO_TIMEOUT", default=5)

# --- Kakao --------------------------------------------------------------------------------
KAKAO_FAKE = env.bool("KAKAO_FAKE", default=not PRODUCTION)
if PRODUCTION and KAKAO_FAKE:
    raise ImproperlyConfigured(
        "KAKAO_FAKE=true is refused in production: the fake Kakao signs anyone in."
    )
PORT = env.int("PORT", default=8000)
if KAKAO_FAKE:
    _fake_base = env.str("KAKAO_FAKE_BASE_URL", default=f"http://127.0.0.1:{PORT}/fake-kakao")
    KAKAO_AUTH_BASE_URL = env.str("KAKAO_AUTH_BASE_URL", default=f"{_fake_base}/kauth")
    KAKAO_API_BASE_URL = env.str("KAKAO_API_BASE_URL", default=f"{_fake_base}/kapi")
    KAKAO_CLIENT_ID = env.str("KAKAO_CLIENT_ID", default="fake-rest-api-key")
    KAKAO_CLIENT_SECRET = env.str("KAKAO_CLIENT_SECRET", default="fake-client-secret")
    KAKAO_ADMIN_KEY = env.str("KAKAO_ADMIN_KEY", default="fake-admin-key")
    # Where the fake sends Kakao's unlink callback (accounts.kakao.unlink).
    KAKAO_UNLINK_CALLBACK_URL = env.str(
        "KAKAO_UNLINK_CALLBACK_URL",
        default=f"http://127.0.0.1:{PORT}/accounts/kakao/unlink-callback/",
    )
else:
    KAKAO_AUTH_BASE_URL = env.str("KAKAO_AUTH_BASE_URL", default="https://kauth.kakao.com")
    KAKAO_API_BASE_URL = env.str("KAKAO_API_BASE_URL", default="https://kapi.kakao.com")
    KAKAO_CLIENT_ID = required("KAKAO_CLIENT_ID") if PRODUCTION else env.str("KAKAO_CLIENT_ID")
    KAKAO_CLIENT_SECRET = (
        required("KAKAO_CLIENT_SECRET") if PRODUCTION else env.str("KAKAO_CLIENT_SECRET")
    )
    # The app's admin key: sent with unlink calls, and what Kakao's unlink callback carries.
    KAKAO_ADMIN_KEY = (
        required("KAKAO_ADMIN_KEY") if PRODUCTION else env.str("KAKAO_ADMIN_KEY", default="")
    )

SOCIALACCOUNT_PROVIDERS = {
    "kakao": {
        "APPS": [{"client_id": KAKAO_CLIENT_ID, "secret": KAKAO_CLIENT_SECRET, "key": ""}],
        # Exactly what the policy lists for 회원가입: 이름 and 카카오계정(전화번호).
        "SCOPE": ["name", "phone_number"],
    }
}

# --- KakaoTalk messages (messaging/) -------------------------------------------------------
# NHN Cloud KakaoTalk Bizmessage (알림톡 v2.3). The embedded default and the tests speak its HTTP
# to the fake provider under /fake-kakaotalk/ (messaging.fake), with an inbox page there.
KAKAOTALK_FAKE = env.bool("KAKAOTALK_FAKE", default=not PRODUCTION)
if PRODUCTION and KAKAOTALK_FAKE:
    raise ImproperlyConfigured("KAKAOTALK_FAKE=true is refused in production.")
if KAKAOTALK_FAKE:
    KAKAOTALK_BASE_URL = env.str(
        "KAKAOTALK_BASE_URL", default=f"http://127.0.0.1:{PORT}/fake-kakaotalk"
    )
    KAKAOTALK_APPKEY = env.str("KAKAOTALK_APPKEY", default="fake-appkey")
    KAKAOTALK_SECRET_KEY = env.str("KAKAOTALK_SECRET_KEY", default="fake-secret-key")
    KAKAOTALK_SENDER_KEY = env.str("KAKAOTALK_SENDER_KEY", default="f" * 40)
    KAKAOTALK_WEBHOOK_SECRET = env.str("KAKAOTALK_WEBHOOK_SECRET", default="fake-webhook-secret")
else:
    KAKAOTALK_BASE_URL = env.str(
        "KAKAOTALK_BASE_URL", default="https://kakaotalk-bizmessage.api.nhncloudservice.com"
    )
    KAKAOTALK_APPKEY = required("KAKAOTALK_APPKEY") if PRODUCTION else env.str("KAKAOTALK_APPKEY")
    KAKAOTALK_SECRET_KEY = (
        required("KAKAOTALK_SECRET_KEY") if PRODUCTION else env.str("KAKAOTALK_SECRET_KEY")
    )
    KAKAOTALK_SENDER_KEY = (
        required("KAKAOTALK_SENDER_KEY") if PRODUCTION else env.str("KAKAOTALK_SENDER_KEY")
    )
    KAKAOTALK_WEBHOOK_SECRET = (
        required("KAKAOTALK_WEBHOOK_SECRET") if PRODUCTION else env.str("KAKAOTALK_WEBHOOK_SECRET")
    )
KAKAOTALK_TIMEOUT = env.float("KAKAOTALK_TIMEOUT", default=5.0)
if KAKAOTALK_FAKE:
    # The fake provider keeps its state in its own tables (messaging.fake, label fake_kakaotalk)
    # and posts its MESSAGE_RESULT_UPDATE webhook here (its plan may name another URL).
    INSTALLED_APPS.append("messaging.fake")
    KAKAOTALK_FAKE_WEBHOOK_URL = env.str(
        "KAKAOTALK_FAKE_WEBHOOK_URL",
        default=f"http://127.0.0.1:{PORT}/messaging/webhooks/nhn/",
    )
# Buttons link here (a template's #{링크} is a path on this site).
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{PORT}")
# A queued message nudges a relay when its transaction commits; the periodic sweep is the
# guarantee. The test suite turns the nudge off and relays explicitly.
MESSAGING_RELAY_ON_COMMIT = env.bool("MESSAGING_RELAY_ON_COMMIT", default=True)
# The relay (messaging.relay). Rows claimed per pass and recipients per request (NHN: ≤ 1,000).
MESSAGING_RELAY_CLAIM = env.int("MESSAGING_RELAY_CLAIM", default=500)
MESSAGING_RELAY_SEND_BATCH = env.int("MESSAGING_RELAY_SEND_BATCH", default=500)
# A SENDING claim older than this is presumed dead (its worker was killed) and taken over, after
# asking the provider whether the message went. Well above one HTTP call (KAKAOTALK_TIMEOUT)
# and one pass, so a live relay's claim is never taken from it.
MESSAGING_RELAY_STALE_SECONDS = env.float("MESSAGING_RELAY_STALE_SECONDS", default=5 * 60)
# Transient failures: retried after 30 s, 60 s, 120 s, ... at most 10 minutes apart (below the
# broker's visibility timeout), MESSAGING_RELAY_MAX_ATTEMPTS attempts in all, then FAILED.
MESSAGING_RELAY_BACKOFF_BASE = env.float("MESSAGING_RELAY_BACKOFF_BASE", default=30)
MESSAGING_RELAY_BACKOFF_MAX = env.float("MESSAGING_RELAY_BACKOFF_MAX", default=10 * 60)
MESSAGING_RELAY_MAX_ATTEMPTS = env.int("MESSAGING_RELAY_MAX_ATTEMPTS", default=8)
# Rows claimed before (retries, stale claims) are looked up at the provider before any resend,
# one look-up each: at most this many a pass, the rest wait for the next pass.
MESSAGING_RELAY_LOOKUPS_PER_PASS = env.int("MESSAGING_RELAY_LOOKUPS_PER_PASS", default=50)
# One relay task works this long at most, then hands the rest to a fresh task (inside
# CELERY_TASK_SOFT_TIME_LIMIT).
MESSAGING_RELAY_BUDGET_SECONDS = env.float("MESSAGING_RELAY_BUDGET_SECONDS", default=120)
# Polling of delivery results: each poll asks again from a little before the last one (results
# the provider records late), a window at most this long per request, and starts this far back.
MESSAGING_POLL_OVERLAP_SECONDS = env.float("MESSAGING_POLL_OVERLAP_SECONDS", default=5 * 60)
MESSAGING_POLL_WINDOW_SECONDS = env.float("MESSAGING_POLL_WINDOW_SECONDS", default=60 * 60)
MESSAGING_POLL_START_SECONDS = env.float("MESSAGING_POLL_START_SECONDS", default=24 * 60 * 60)
# An ACCEPTED message with no final result this long after sending (NHN's 3005 "unconfirmed"
# lasts up to 3 days) is looked up once more, then shown as UNDELIVERED ("unknown"); at most
# MESSAGING_POLL_UNKNOWN_BATCH of them a poll.
MESSAGING_POLL_UNKNOWN_AFTER_SECONDS = env.float(
    "MESSAGING_POLL_UNKNOWN_AFTER_SECONDS", default=(3 * 24 + 1) * 60 * 60
)
MESSAGING_POLL_UNKNOWN_BATCH = env.int("MESSAGING_POLL_UNKNOWN_BATCH", default=100)

# --- Privacy ------------------------------------------------------------------------------
# Master keys wrapping every data subject's key (privacy.keys.masters): "kid:base64(32 bytes)",
# comma-separated, the first one current. Add a new key first, run `manage.py rotate_keys`,
# then drop the old one.
if PRODUCTION:
    FIELD_ENCRYPTION_KEYS = required("FIELD_ENCRYPTION_KEYS", cast=list)
else:
    FIELD_ENCRYPTION_KEYS = env.list(
        "FIELD_ENCRYPTION_KEYS",
        # Only for tools run before `make` wrote .env; never used to protect real data.
        default=["devfallback:" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="],
    )
# Blind-index keys (privacy.keys.blind_index): the HMAC keys of equality lookups (the phone number),
# "epoch:base64(32 bytes)", comma-separated, the first one current. Separate from the master
# keys: the 010 range is ~10^8 values, so whoever holds this key can invert the index, and it
# is held by fewer places and rotated on its own (`manage.py rotate_blind_index`).
if PRODUCTION:
    BLIND_INDEX_KEYS = required("BLIND_INDEX_KEYS", cast=list)
else:
    BLIND_INDEX_KEYS = env.list(
        "BLIND_INDEX_KEYS",
        # Only for tools run before `make` wrote .env; never used to protect real data.
        default=["bidevfallback:" + "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI="],
    )
# Ciphertexts in the v1 format (bound to their column only, before issue 17) are opened only
# while this is set: an install upgraded from v1 sets it until `rotate_keys --rebind` and a clean
# `verify_encryption` (which records the retirement), then removes it. Kept in the environment,
# out of reach of someone who can write the database. A fresh install never sets it.
FIELD_ENCRYPTION_ACCEPT_V1 = env.bool("FIELD_ENCRYPTION_ACCEPT_V1", default=False)
# Retired data keys are deleted by rotate_keys once unreferenced and older than this.
DATA_KEY_RETIRED_GRACE_SECONDS = env.int("DATA_KEY_RETIRED_GRACE_SECONDS", default=3600)
# The policy in force; consent ledger rows name the version the member was shown.
PRIVACY_POLICY_VERSION = "2024-06-20"
PRIVACY_OFFICER_NAME = env.str("PRIVACY_OFFICER_NAME", default="개인정보 보호책임자")
PRIVACY_OFFICER_PHONE = env.str("PRIVACY_OFFICER_PHONE", default="02-0000-0000")
PRIVACY_OFFICER_EMAIL = env.str("PRIVACY_OFFICER_EMAIL", default="privacy@lifemento.invalid")
if PRODUCTION:
    PRIVACY_OFFICER_NAME = required("PRIVACY_OFFICER_NAME")
    PRIVACY_OFFICER_PHONE = required("PRIVACY_OFFICER_PHONE")
    PRIVACY_OFFICER_EMAIL = required("PRIVACY_OFFICER_EMAIL")

# Advertising messages (정보통신망법 제50조④, 시행령 별표 6): every one names the sender and a
# contact, and offers a free way to refuse (the privacy centre's switch; the 080 number the
# brand-message provider gives, when there is one). Without a contact nothing advertising is
# queued or sent (messaging.advertising.sender).
ADVERTISING_SENDER_NAME = env.str("ADVERTISING_SENDER_NAME", default="라이프멘토(크루베이션)")
ADVERTISING_SENDER_CONTACT = env.str(
    "ADVERTISING_SENDER_CONTACT", default="" if PRODUCTION else "고객센터 02-0000-0000 (개발용)"
)
if PRODUCTION:
    ADVERTISING_SENDER_CONTACT = required("ADVERTISING_SENDER_CONTACT")
ADVERTISING_OPT_OUT_080 = env.str("ADVERTISING_OPT_OUT_080", default="")
# Staff usage statistics (usage.selectors): a day, week or feature used by fewer distinct
# members than this shows "N명 미만" instead of its counts, so that no single member's use of
# the service can be read off the page.
USAGE_STATS_MIN_GROUP = env.int("USAGE_STATS_MIN_GROUP", default=5)

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어")]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Outside production, serve straight from the app folders: no collectstatic step needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# --- Security -----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Behind a TLS-terminating proxy, it tells us the original scheme.
    if env.bool("BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # /healthz is probed over plain HTTP by load balancers inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Development-only staff account printed by `make run` (accounts.management.ensure_dev_admin).
DEV_ADMIN_USERNAME = "admin"
DEV_ADMIN_PASSWORD = "" if PRODUCTION else env.str("DEV_ADMIN_PASSWORD", default="")

# --- Staff access and security headers ---------------------------------------------------
# See docs/decisions/0004-staff-access-hardening.md.
# The admin app runs with our site class (accounts.admin_site.StaffAdminSite: sign-in throttle,
# TOTP second factor), so `admin.site`, which every app's admin.py registers with, is that site.
INSTALLED_APPS = [
    "accounts.admin_app.StaffAdminConfig" if app == "django.contrib.admin" else app
    for app in INSTALLED_APPS
] + ["django_otp", "django_otp.plugins.otp_totp"]

# Not a defence on its own (the password, the TOTP code and the throttle are), but an admin
# away from /admin/ stays out of drive-by scans and their log noise. Production picks its own.
ADMIN_URL = required("ADMIN_URL") if PRODUCTION else env.str("ADMIN_URL", default="admin/")
if ADMIN_URL.startswith("/") or not ADMIN_URL.endswith("/"):
    raise ImproperlyConfigured(
        f"ADMIN_URL must be a path like 'staff-area/' (no leading slash, a trailing one), "
        f"not {ADMIN_URL!r}."
    )
# Staff must also give a code from an authenticator app (enrol: `manage.py staff_totp NAME`).
# Off in development so the sign-in `make run` prints keeps working on its own.
ADMIN_REQUIRE_OTP = env.bool("ADMIN_REQUIRE_OTP", default=PRODUCTION)
# Consultants see members' data too, so they get the same second factor: a code at sign-in, and
# a consultant without an authenticator app is sent to set one up before any other page
# (consulting.decorators). Off in development like the staff's; `check --deploy` refuses it off.
CONSULTANT_REQUIRE_OTP = env.bool("CONSULTANT_REQUIRE_OTP", default=PRODUCTION)
# A provision to a third party is refused until the policy version that states it is in
# force (privacy.sharing.provisions.stated). The embedded default has no real members and
# previews what is coming (a newcomer tries consulting with `make run` before 2026-12-10);
# production always waits for the policy.
PROVISIONS_BEFORE_POLICY = env.bool("PROVISIONS_BEFORE_POLICY", default=not PRODUCTION)
if PRODUCTION and PROVISIONS_BEFORE_POLICY:
    raise ImproperlyConfigured(
        "PROVISIONS_BEFORE_POLICY=true is refused in production: members' data would be "
        "provided before the privacy policy in force says so."
    )
OTP_TOTP_ISSUER = "라이프멘토"
# Staff who can open the device list in the admin must not read other staff's TOTP secrets.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Staff sign-in throttle (accounts.security), counted in the cache (Redis when REDIS_URL is
# set): this many failures for one username from one address lock that pair for the cooling
# period; a looser per-address limit stops one address spraying many usernames.
ADMIN_LOCKOUT_FAILURES = env.int("ADMIN_LOCKOUT_FAILURES", default=5)
ADMIN_LOCKOUT_IP_FAILURES = env.int("ADMIN_LOCKOUT_IP_FAILURES", default=20)
ADMIN_LOCKOUT_MINUTES = env.int("ADMIN_LOCKOUT_MINUTES", default=15)
# Proxies in front of the app that append to X-Forwarded-For; the client address is the entry
# that many places from the right. 0 = use REMOTE_ADDR (no proxy, or development).
TRUSTED_PROXY_COUNT = env.int(
    "TRUSTED_PROXY_COUNT",
    default=1 if PRODUCTION and env.bool("BEHIND_TLS_PROXY", default=True) else 0,
)
# A staff or consultant session ends after this long without a request (accounts.middleware);
# members keep SESSION_COOKIE_AGE.
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)

# Content-Security-Policy and Permissions-Policy come from core.middleware. Django's defaults
# already send Cross-Origin-Opener-Policy: same-origin; stated here so it is not lost.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No script reads the CSRF cookie: forms carry the token, htmx gets it from hx-headers.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    # __Host-: the browser keeps them only if Secure, Path=/ and without Domain, so a sibling
    # subdomain cannot plant or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- Access log ---------------------------------------------------------------------------
# 접속기록 (privacy.accesslog). The HMAC key signs the chain head and the daily checkpoints; the
# database never holds it, so whoever can rewrite the table still cannot forge a checkpoint.
if PRODUCTION:
    ACCESS_LOG_HMAC_KEY = required("ACCESS_LOG_HMAC_KEY")
else:
    # `make` generates a random key into `.env`; this fallback only serves tools run before.
    ACCESS_LOG_HMAC_KEY = env.str("ACCESS_LOG_HMAC_KEY", default="development-only-access-log-key")
# 개인정보의 안전성 확보조치 기준 제8조: at least 1 year, 2 years for a service of this size
# (a system check refuses less than 365 days); 제5조: permission changes at least 3 years.
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=730)
ACCESS_LOG_PERMISSION_RETENTION_DAYS = env.int("ACCESS_LOG_PERMISSION_RETENTION_DAYS", default=1095)
# Monthly review: an account that saw more distinct members than this in a month is listed.
ACCESS_LOG_REVIEW_MEMBER_THRESHOLD = env.int("ACCESS_LOG_REVIEW_MEMBER_THRESHOLD", default=50)
# --- Access log witness (issue 17) ---
# Each checkpoint, and the chain head at that moment, is also written outside the database
# (privacy/accesslog/witness.py), so whoever owns the database cannot cut, rewind or wipe the log
# unseen. "file:///path" writes files once (fsynced) into a directory meant for append-only/WORM
# storage: the embedded default. "s3://bucket/prefix" writes objects under S3 Object Lock in
# compliance mode (credentials from boto3's usual environment: AWS_ACCESS_KEY_ID, ... or an
# instance role). Production must name one (privacy.E211/W212 under check --deploy).
ACCESS_LOG_WITNESS = env.str(
    "ACCESS_LOG_WITNESS", default="" if PRODUCTION else f"file://{BASE_DIR / 'var' / 'witness'}"
)
ACCESS_LOG_WITNESS_S3_ENDPOINT_URL = env.str("ACCESS_LOG_WITNESS_S3_ENDPOINT_URL", default="")
ACCESS_LOG_WITNESS_S3_REGION = env.str("ACCESS_LOG_WITNESS_S3_REGION", default="")
# Object Lock retention: at least as long as the longest chain is kept (3 years), plus margin.
ACCESS_LOG_WITNESS_RETENTION_DAYS = env.int("ACCESS_LOG_WITNESS_RETENTION_DAYS", default=1200)
# The head's time is trusted only this far ahead of the clock; beyond, appends use the clock and
# verification fails (a head moved to 2099 must not stamp every later entry 2099).
ACCESS_LOG_CLOCK_SKEW_SECONDS = env.int("ACCESS_LOG_CLOCK_SKEW_SECONDS", default=300)
# The access log's daily checkpoint (00:05 KST, privacy/accesslog/tasks.py) and prune (04:40,
# privacy/retention/tasks.py) are daily jobs of core.jobs, as are the rights requests' reminders
# (08:00, privacy/rights/tasks.py). Destruction by the retention registry (usage records, rights
# requests, the retention store, expired sessions, withdrawals cut short) is the daily job
# `destruction-daily` (03:00, privacy/retention/engine.py,
# docs/decisions/0009-destruction-engine.md).

# --- Hostile input (issue 10; docs/decisions/0011-hostile-input.md) -----------------------
# The 위임장 of the public proxy form is the only file this site takes: one file part per
# request, and a whole multipart body of at most the 10 MB 위임장 plus room for the form's
# text. core.urlguard checks the size from Content-Length before the body is read (413), and
# refuses NUL bytes in the URL (404/400) before any of it reaches a query.
DATA_UPLOAD_MAX_NUMBER_FILES = 1
DATA_UPLOAD_MAX_MULTIPART_BYTES = 10 * 1024 * 1024 + 256 * 1024
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "core.urlguard.RequestGuardMiddleware",
)
