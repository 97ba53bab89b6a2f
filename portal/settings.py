"""Settings, read from environment variables with safe defaults.

Every variable is listed in the README's environment table. With no
environment at all the project runs on SQLite under var/, with a local-memory
cache and tasks executed in-process.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from locales.languages import MINORITY_LANG_INFO, lang_info, register

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # One sentence and no traceback: this is what an operator sees first.
        raise SystemExit(
            "SECRET_KEY must be set when DEBUG is off: put a long random value in the "
            "SECRET_KEY environment variable (see the README)."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-runs"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "common",
    "places",
    "events",
    "registers",
    "campaigns",
    "materials",
    "contests",
    "indicators",
    "locales",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "places.user_apps.ScopedUsersConfig",  # wagtail.users, scoped (places.user_admin)
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Wagtail's database search backend uses PostgreSQL's full-text fields there.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # The contest's starts and submissions (LEAN_API_PATHS) take LEAN_MIDDLEWARE instead.
    "portal.middleware.LeanApiMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers If-None-Match with 304 for pages (stored or not) that carry an ETag.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before sessions and authentication: a cache hit touches neither nor the database.
    "portal.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.middleware.AdminContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]
# The public contest API's POSTs, an evening rush's requests: anonymous JSON without cookies,
# served through only what they use (portal.middleware.LeanApiMiddleware).
LEAN_API_PATHS = r"/api/v1/(contests/[0-9]+/(attempts|codes)|attempts/[^/]+/submit)"
LEAN_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.SiteLocaleMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.site_context",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The `make run` database takes concurrent writes: WAL lets readers go on while one
    # writer writes, IMMEDIATE transactions take the write lock up front (no upgrade that
    # could fail), and a writer waits up to 20 s for the lock instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"].endswith("postgresql") and os.environ.get("DB_JIT") != "1":
    # No JIT: the pages' queries are short, and on small tables that were never analysed
    # (a few pages, below autovacuum's threshold) the planner's guesses cross jit_above_cost
    # and compiling took 250 ms of a 2-row menu query; the indicator engine's aggregates
    # lost 0.1-0.6 s a query to it at national scale. DB_JIT=1 gives it back.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, broker and tasks --------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Fails open: with Redis down, pages and answers are served without the cache.
            "BACKEND": "common.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "outreach"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Seconds an anonymous page stays cached (0: off); a publish purges it at once.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# A reverse proxy in front (docs/nginx/outreach.conf) keeps pages and the public API
# lists too; a publish purges it with Wagtail's frontend cache (portal/frontend_cache.py):
# nginx's cache purge module at FRONTEND_CACHE_PURGE_URL, and/or Cloudflare.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["nginx"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID") and os.environ.get("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The broker re-delivers an unacknowledged task after its visibility timeout;
# every task must finish (or be killed) well before that, or it would run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that publishes while Redis is down must fail fast; the outbox keeps the work.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Sending a task also subscribes to its result: with Redis down, give up within a second
# (the default retries 20 times) so the request goes on and the task waits in the outbox.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }
}
CELERY_BEAT_SCHEDULE = {
    "dispatch-follow-ups": {"task": "events.dispatch_follow_ups", "schedule": 60.0},
    "publish-scheduled": {"task": "portal.publish_scheduled", "schedule": 60.0},
    # A round is ranked within contests.ranking.settle_time() (35 s) + 30 s of its close.
    "rank-closed-contest-rounds": {"task": "contests.rank_closed_rounds", "schedule": 30.0},
    # A change queues its own refresh (INDICATOR_REFRESH_DELAY); this round catches the rest.
    "refresh-stale-indicators": {"task": "indicators.refresh_stale", "schedule": 300.0},
    "refresh-all-indicators": {
        "task": "indicators.refresh_all",
        "schedule": crontab(hour=2, minute=15),
    },
    "send-report-reminders": {
        "task": "indicators.send_report_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}
# Without Redis there is no celery beat: `runserver` runs the schedule above in a thread
# of the serving process (portal/scheduler.py), so `make run` ranks rounds, publishes etc.
EMBEDDED_BEAT = not REDIS_URL

# Seconds between the first change of a burst (an approval, an import…) and the refresh of the
# stored figures it made stale: the changes that follow within it share that one refresh.
INDICATOR_REFRESH_DELAY = float(os.environ.get("INDICATOR_REFRESH_DELAY", "3"))
# Days before a report deadline when officers whose report is not submitted get an e-mail.
REPORT_REMINDER_DAYS = os.environ.get("REPORT_REMINDER_DAYS", "5")

# Wagtail's own background work (search index, reference index, renditions)
# goes through Django's task framework: in-process by default, Celery with Redis.
TASKS = {
    "default": {
        "BACKEND": (
            "portal.task_backend.CeleryTaskBackend"
            if REDIS_URL
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": [],  # any queue name; the Celery backend maps "default" to Celery's own
    }
}

# --- Authentication -----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "places.site_wide.SiteWideSettingsBackend",  # before ModelBackend: it refuses
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "portal.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 64}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Logins are locked per (username, address) with the address the rest of the site uses:
# behind TRUSTED_PROXY_COUNT proxies, the entry the outermost one wrote, never one a
# stranger typed into X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "common.analytics.client_ip"
# A Vietnamese page rather than axes' English plain text.
AXES_LOCKOUT_TEMPLATE = "events/log/lockout.html"
LOGIN_URL = "wagtailadmin_login"

# --- Languages ----------------------------------------------------------------
register()
LANGUAGE_CODE = "vi"
MINORITY_LANGUAGES = env_list("MINORITY_LANGUAGES", "hmn,km")
_unknown = [code for code in MINORITY_LANGUAGES if code not in MINORITY_LANG_INFO]
if _unknown:
    raise ImproperlyConfigured(f"MINORITY_LANGUAGES names unknown codes: {', '.join(_unknown)}.")
LANGUAGES = [("vi", "Tiếng Việt")] + [
    (code, lang_info(code)["name_local"]) for code in MINORITY_LANGUAGES
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# The project's Vietnamese for Wagtail and wagtail-localize sits apart from the catalogs
# that `make messages` rewrites; LOCALE_PATHS win over the packages' own catalogs.
LOCALE_PATHS = [BASE_DIR / "locales", BASE_DIR / "locales" / "overrides"]
# Dates dd/mm/yyyy (shown and accepted) and numbers 18.400 / 6,1 in every language served.
FORMAT_MODULE_PATH = ["locales.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"]
DATE_FORMAT = SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "H:i d/m/Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
LANGUAGE_COOKIE_NAME = "lang"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files served at the site's root by WhiteNoise: /favicon.ico.
WHITENOISE_ROOT = BASE_DIR / "portal" / "public_root"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    # Atomic writes: a worker killed mid-write leaves no half-written file under its name.
    "default": {"BACKEND": "common.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Seconds of work an API read may spend before its next query is refused (503): with the
# rest of the request, every answer comes within 2 s (issue 14). Writes always finish.
API_TIME_BUDGET = float(os.environ.get("API_TIME_BUDGET", "1.5"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Wagtail ------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Phòng, chống mại dâm – Truyền thông")
# The public address: admin links, e-mails, and every absolute URL the public pages give out
# (canonical, hreflang, og:url, the sitemap), whatever host a request came in on.
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Uploads are checked by content (materials.uploads); SVG only from administrators.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "materials.uploads.ValidatedDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "materials.uploads.ValidatedImageForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp", "svg"]
MATERIALS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Page search with or without Vietnamese marks (common/search_backend.py); on PostgreSQL the
# text search configuration made by common/migrations/0001_vietnamese_unaccent.py.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "common.search_backend", "SEARCH_CONFIG": "vietnamese_unaccent"}
}
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No avatars from a third-party host (the CSP would block them anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin's date pickers show and read dd/mm/yyyy (one of DATE_INPUT_FORMATS).
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# --- Email --------------------------------------------------------------------
# SMTP when EMAIL_HOST is set; otherwise mail is printed to the console.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Plausible (optional, self-hosted analytics) -------------------------------
PLAUSIBLE_HOST = os.environ.get("PLAUSIBLE_HOST", "").rstrip("/")
PLAUSIBLE_DOMAIN = os.environ.get("PLAUSIBLE_DOMAIN", "")

# --- Security -----------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

_plausible = [PLAUSIBLE_HOST] if PLAUSIBLE_HOST else []
SECURE_CSP = {
    "default-src": [CSP.SELF],
    # Scripts are files of the site (no inline script): no per-response nonce, so a
    # page is the same bytes for everyone and any proxy may cache it.
    "script-src": [CSP.SELF, *_plausible],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "connect-src": [CSP.SELF, *_plausible],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# The Wagtail admin still relies on inline styles and scripts; it gets a policy
# of its own (see portal.middleware.AdminContentSecurityPolicyMiddleware).
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per background task is noise at INFO; failures still show.
    "loggers": {"django_tasks": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Contests: seconds of network grace after an attempt's deadline; rate limits as
# (requests, window in seconds). Per-IP limits stay generous: a school's network
# or a mobile carrier's NAT puts many entrants behind one address.
CONTEST_SUBMIT_GRACE_SECONDS = 5
CONTEST_START_LIMIT_PER_IP = (120, 600)
CONTEST_START_LIMIT_PER_PHONE = (10, 600)
CONTEST_SUBMIT_LIMIT_PER_IP = (300, 600)
# One-time codes sent by SMS to prove an entrant controls the phone: lifetime,
# guesses allowed per code, and how often one number or address may ask for one.
CONTEST_CODE_SECONDS = 600
CONTEST_CODE_TRIES = 5
CONTEST_CODE_LIMIT_PER_PHONE = (3, 900)
CONTEST_CODE_LIMIT_PER_IP = (60, 600)
# With "score at once" on, the scores one IPv4 address, IPv6 /64 or device sees
# before the round closes (never more than the answer key's oracle allows).
CONTEST_SCORE_AT_ONCE_PER_ADDRESS = 3
# Seconds a process keeps a contest's settings, rounds, pages and questions.
CONTEST_STATE_SECONDS = int(os.environ.get("CONTEST_STATE_SECONDS", "10"))
# Largest prediction accepted ("how many will get everything right").
CONTEST_PREDICTION_MAX = 10_000_000
# A venue whose vouched contest entrants of one day exceed this share of its
# population is held for review on the dashboard instead of counted.
CONTEST_REACH_DAILY_SHARE = 0.5

# The SMS gateway that sends one-time codes: "console" prints them (make run),
# "http" POSTs to SMS_GATEWAY_URL with SMS_GATEWAY_KEY (see contests/sms.py).
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_KEY = os.environ.get("SMS_GATEWAY_KEY", "")
SMS_GATEWAY_TIMEOUT = float(os.environ.get("SMS_GATEWAY_TIMEOUT", "5"))
SMS_BACKEND = os.environ.get("SMS_BACKEND", "http" if SMS_GATEWAY_URL else "console")
