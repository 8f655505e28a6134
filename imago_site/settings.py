"""Settings of the Imago training portal, read from environment variables.

Every variable is listed with its meaning in ``.env.example``. The defaults are safe for
production; local development turns on ``DJANGO_DEBUG`` (the Makefile does).
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from imago_site import devdb

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-local-development-only"
if not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a long random value (50 characters or more) when "
        "DJANGO_DEBUG is off. Generate one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The admin, with a second login step (imago_site/admin_site.py).
    "imago_site.admin_site.StaffAdminConfig",
    # Django's and third-party apps under the names staff read in the admin (admin_site.py).
    "imago_site.admin_site.StaffAccountsConfig",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "imago_site.admin_site.BackgroundJobsConfig",
    "django_otp",
    "imago_site.admin_site.AuthenticatorAppsConfig",
    "imago_site.admin_site.RecoveryCodesConfig",
    "imago_site.admin_site.LoginLockoutConfig",
    "trainings",
    "applicants",
    "faq",
    # The shell last: the apps above register with its shared services first.
    "imago_site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "imago_site.middleware.PermissionsPolicyMiddleware",
    "imago_site.middleware.AdminNoIndexMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every page, and "304 Not Modified" when the browser already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    # Cached public pages are served from here, before the middleware below that they skip.
    "imago_site.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff logins end after a working day, or after a while without a request.
    "imago_site.staff_sessions.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Near the end, so that it sees a view's database error first: a 503 page to retry.
    "imago_site.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with its own page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "imago_site.urls"
WSGI_APPLICATION = "imago_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "imago_site.context_processors.institute",
                "imago_site.context_processors.languages",
            ],
        },
    },
]

# --- Database: DATABASE_URL, or the checkout's own PostgreSQL (see imago_site/devdb.py) ---
if os.environ.get("DATABASE_URL"):
    default_database = dj_database_url.parse(os.environ["DATABASE_URL"])
else:
    default_database = devdb.connection_settings(BASE_DIR)
# Persistent connections: opening one per request costs more than rendering a simple page.
default_database["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "600"))
default_database["CONN_HEALTH_CHECKS"] = True
if not default_database["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("The portal runs on PostgreSQL only; DATABASE_URL names another.")
DATABASES = {"default": default_database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared by every app process (the forms' rate limits) ---
# The database by default, so that nothing lives in one process's memory; Redis when
# CACHE_URL (or REDIS_URL) names one, e.g. redis://cache.internal:6379/0.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")


def redis_cache(url):
    """Django's Redis cache at ``url``. Redis answers in a millisecond; one that does not answer
    at all costs a request half a second (two tries of a quarter), not redis-py's default of
    seconds a call, and the portal works on without it (rate_limits.py)."""
    # Imported here: redis takes 0.2 s to import, which no process without Redis should pay.
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "socket_connect_timeout": 0.25,
            "socket_timeout": 0.25,
            "retry": Retry(NoBackoff(), 1),
        },
    }


if CACHE_URL:
    CACHES = {"default": redis_cache(CACHE_URL)}
else:
    CACHES = {
        "default": {
            # Django's database cache with a one-statement add (imago_site/cache.py), in an
            # UNLOGGED table that a migration makes.
            "BACKEND": "imago_site.cache.DatabaseCache",
            "LOCATION": "imago_cache",
            # Every set, and every 50th add, counts the table: the cap keeps that count under a
            # millisecond. Over it, expired entries go, then a third of the rest if still over.
            # It holds the rate limits' slots of 5,000 submissions an hour (two each).
            "OPTIONS": {"MAX_ENTRIES": 10_000, "CULL_FREQUENCY": 3},
        }
    }

# Public pages are kept rendered in each app process: dropped whenever staff change what they
# show, their seats filled in again after an application (imago_site/pagecache.py). Off: every
# request renders.
PAGE_CACHE_ENABLED = env_bool("DJANGO_PAGE_CACHE", default=True)

# Staff passwords: at least 12 characters (OWASP ASVS 2.1.1), not a common one.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Country names as people write them, where the ISO list's short names read oddly
# ("Bahamas (The)", "Naoero"); django-countries sorts them in each language.
COUNTRIES_OVERRIDE = {
    "BS": _("Bahamas"),
    "FK": _("Falkland Islands"),
    "FM": _("Micronesia"),
    "NR": _("Nauru"),
    "US": _("United States"),
    "VG": _("British Virgin Islands"),
    "VI": _("U.S. Virgin Islands"),
}

# --- Languages and time: stored in UTC, shown in each training's own zone ---
LANGUAGE_CODE = "en"
# Every language here has a complete catalogue in locale/ (a test checks it).
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("de", _("German"))]
# Dates and numbers follow each language's conventions; English's are in imago_site/formats/.
FORMAT_MODULE_PATH = ["imago_site.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files: collected, hashed and compressed, served by WhiteNoise ---
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from the pinned npm package (package-lock.json), never from a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist" / "css"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def cache_hashed_files_for_a_year(headers, path, url):
    """WhiteNoise marks files whose name holds their hash immutable for ten years; a year is
    the longest lifetime HTTP caches are meant to honour."""
    if "immutable" in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = "max-age=31536000, public, immutable"


WHITENOISE_ADD_HEADERS_FUNCTION = cache_hashed_files_for_a_year
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# --- Applicants' documents (CVs, copies of degrees): private files, outside every public URL,
# served only by the portal after it checks who asks (applicants/views/documents.py). A folder
# of the server by default; an S3-compatible object store when DOCUMENTS_S3_BUCKET names a
# bucket, which must not be public. Without access keys, boto3 finds its credentials itself
# (an instance role, ~/.aws).
DOCUMENTS_ROOT = Path(os.environ.get("DJANGO_DOCUMENTS_ROOT", BASE_DIR / "private"))
DOCUMENTS_S3_BUCKET = os.environ.get("DOCUMENTS_S3_BUCKET", "")
if DOCUMENTS_S3_BUCKET:
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            "endpoint_url": os.environ.get("DOCUMENTS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DOCUMENTS_S3_REGION") or None,
            "access_key": os.environ.get("DOCUMENTS_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("DOCUMENTS_S3_SECRET_ACCESS_KEY") or None,
            # Objects keep the bucket's own (private) access; the portal never hands out their
            # addresses, and a name is never reused.
            "default_acl": None,
            "file_overwrite": False,
        },
    }
else:
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": DOCUMENTS_ROOT,
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
# The largest document an applicant may upload, in megabytes.
DOCUMENT_MAX_MB = int(os.environ.get("DOCUMENT_MAX_MB", "10"))
# The largest trainer's photo staff may upload, in megabytes (trainings/portraits.py).
PORTRAIT_MAX_MB = int(os.environ.get("PORTRAIT_MAX_MB", "8"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail: SMTP by default; EMAIL_BACKEND may name another Django mail backend ---
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_BACKEND_PATH = os.environ.get("EMAIL_BACKEND", SMTP_BACKEND)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
            "use_ssl": env_bool("EMAIL_USE_SSL"),
            "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
        }
        if EMAIL_BACKEND_PATH == SMTP_BACKEND
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Imago International Training Institute <training@imago.example>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Where messages for the institute go when no trainer or coordinator is more specific.
INSTITUTE_EMAIL = os.environ.get("INSTITUTE_EMAIL", "training@imago.example")
# Seconds to wait before each new attempt when the mail server cannot be reached
# (imago_site/mail.py): 1, 5 and 15 minutes, then every hour, for about three days in all.
MAIL_RETRY_DELAYS = [60, 5 * 60, 15 * 60] + [60 * 60] * 71

# --- Deferred work (e-mail): Django's Tasks framework, stored in the database. A worker
# (`manage.py db_worker`) runs them; `make run` starts one beside the web server.
# The queue is the database's: an application and the task that mails its confirmation are
# committed in one transaction (applicants.workflow.submit_application).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Invoices (applicants/invoices/): the institute as it appears on them, and the account
# trainees pay into. The EPC QR code for banking apps is printed on invoices in euros when an
# IBAN is set.
INSTITUTE = {
    "name": os.environ.get("INSTITUTE_NAME", "Imago International Training Institute"),
    "address": env_list("INSTITUTE_ADDRESS", "Example Street 1,10115 Berlin,Germany"),
    "email": os.environ.get("INSTITUTE_BILLING_EMAIL", INSTITUTE_EMAIL),
    "vat_number": os.environ.get("INSTITUTE_VAT_NUMBER", ""),
    "bank": os.environ.get("INSTITUTE_BANK", "Example Bank"),
    "iban": os.environ.get("INSTITUTE_IBAN", "DE02120300000000202051").replace(" ", ""),
    "bic": os.environ.get("INSTITUTE_BIC", "BYLADEM1001"),
    # Printed under the totals, e.g. why no VAT is charged.
    "invoice_note": os.environ.get("INSTITUTE_INVOICE_NOTE", ""),
}
# Days before its due day that an instalment's (or the balance's) invoice is issued.
INVOICE_LEAD_DAYS = int(os.environ.get("INVOICE_LEAD_DAYS", "30"))
# The largest bank statement file (CAMT.053 or CSV) staff may import, in megabytes.
BANK_STATEMENT_MAX_MB = int(os.environ.get("BANK_STATEMENT_MAX_MB", "5"))

# --- Certificates (applicants/certificates/): who signs them, each "Name, Role", separated by
# semicolons; an entry without a comma is a role alone, with a line to sign above it.
CERTIFICATE_SIGNATORIES = [
    entry.strip()
    for entry in os.environ.get(
        "CERTIFICATE_SIGNATORIES", "Director of Training;Lead Trainer"
    ).split(";")
    if entry.strip()
]

# The portal's public address, for links in e-mails (which have no request to take it from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Version of the privacy notice that applicants accept; change it when the notice changes.
PRIVACY_NOTICE_VERSION = os.environ.get("PRIVACY_NOTICE_VERSION", "2026-12")

# Hours a new application holds its seat (or its place on the waiting list) while the applicant
# confirms their e-mail address from the link mailed to it; unconfirmed, it then expires and the
# seat goes to the first confirmed person waiting (applicants/workflow.py).
APPLICATION_CONFIRM_HOURS = int(os.environ.get("APPLICATION_CONFIRM_HOURS", "48"))
# Days an application saved to finish later (a draft) keeps its link working after it was last
# saved; then the link stops working and the daily erasure deletes the draft and its documents.
APPLICATION_DRAFT_DAYS = int(os.environ.get("APPLICATION_DRAFT_DAYS", "30"))

# --- Reminders, sent once each by the hourly run (applicants/reminders/) ---
# Hours before an unconfirmed application's hold expires that its applicant is reminded.
REMINDER_CONFIRM_HOURS = int(os.environ.get("REMINDER_CONFIRM_HOURS", "24"))
# Days after sending an application that its applicant hears of documents still missing.
REMINDER_DOCUMENTS_DAYS = int(os.environ.get("REMINDER_DOCUMENTS_DAYS", "7"))
# Days a draft waits unsaved before whoever saved it is reminded to finish it.
REMINDER_DRAFT_DAYS = int(os.environ.get("REMINDER_DRAFT_DAYS", "2"))
# Days before applications close, and before an early-bird price ends, that drafts (and the
# interest list, for the early-bird price) hear of it.
REMINDER_CLOSING_DAYS = int(os.environ.get("REMINDER_CLOSING_DAYS", "7"))
REMINDER_EARLY_BIRD_DAYS = int(os.environ.get("REMINDER_EARLY_BIRD_DAYS", "7"))
# The hour (the portal's time zone) from which staff digests of the day go out.
REMINDER_DIGEST_HOUR = int(os.environ.get("REMINDER_DIGEST_HOUR", "7"))

# --- Contact form: spam protection without outside services (see faq/contact/forms.py) ---
# Seconds a person takes at least to fill in the form; faster is a robot. Its rate limit is
# with the other forms' below.
CONTACT_MIN_SECONDS = int(os.environ.get("CONTACT_MIN_SECONDS", "3"))


# Days an interest-list subscription waits for its confirmation: after that the link no longer
# works and the retention task deletes it.
INTEREST_CONFIRM_DAYS = int(os.environ.get("INTEREST_CONFIRM_DAYS", "14"))


# --- Retention (see imago_site/retention.py): days after which personal data is erased by the
# daily task or `manage.py erase_expired_data`.
RETENTION_DECLINED_DAYS = int(os.environ.get("RETENTION_DECLINED_DAYS", "180"))
RETENTION_WITHDRAWN_DAYS = int(os.environ.get("RETENTION_WITHDRAWN_DAYS", "90"))
RETENTION_CONTACT_DAYS = int(os.environ.get("RETENTION_CONTACT_DAYS", "365"))
RETENTION_TASK_DAYS = int(os.environ.get("RETENTION_TASK_DAYS", "30"))
RETENTION_UNSUBSCRIBED_DAYS = int(os.environ.get("RETENTION_UNSUBSCRIBED_DAYS", "30"))
# Days after a training's last day that an application still waiting for a decision is closed
# (then erased as a declined one is).
APPLICATION_CLOSE_AFTER_END_DAYS = int(os.environ.get("APPLICATION_CLOSE_AFTER_END_DAYS", "30"))
# Years after a training's last day that its trainees' records are kept (training records).
RETENTION_TRAINEE_YEARS = int(os.environ.get("RETENTION_TRAINEE_YEARS", "10"))


# --- Rate limits on the public forms (see imago_site/rate_limits.py), shared by every app
# process through the cache: at most per_email submissions from one address and per_ip from
# one client IP in any window of that many seconds.
def rate_limit(prefix, per_email, per_ip, seconds=3600):
    return {
        "per_email": int(os.environ.get(f"{prefix}_MAX_PER_EMAIL", per_email)),
        "per_ip": int(os.environ.get(f"{prefix}_MAX_PER_IP", per_ip)),
        "seconds": int(os.environ.get(f"{prefix}_RATE_SECONDS", seconds)),
    }


RATE_LIMITS = {
    "apply": rate_limit("APPLY", per_email=5, per_ip=20),
    "status_links": rate_limit("STATUS_LINKS", per_email=3, per_ip=10),
    "interest": rate_limit("INTEREST", per_email=5, per_ip=20),
    "contact": rate_limit("CONTACT", per_email=5, per_ip=10),
    # Applications saved to finish later: each save mails its link to the address typed.
    "drafts": rate_limit("DRAFTS", per_email=5, per_ip=20),
    # Application forms that bring new documents, accepted or not: their files are kept a day.
    "document_uploads": rate_limit("DOCUMENT_UPLOADS", per_email=0, per_ip=30),
}
# The header in which the reverse proxy passes the client's IP (e.g. X-Real-IP). Empty: the
# connection's own address (REMOTE_ADDR). Name one only if the proxy overwrites it.
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "").strip()

# --- Security: strict by default, relaxed only by variables ---
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_HTTPS_PROXY") else None
)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# "preload" only allows submitting the domain to the browsers' list; it submits nothing itself.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS >= 31536000)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Browser features the portal never uses, switched off (imago_site/middleware.py): an empty
# list allows a feature nowhere.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # E-mail addresses and link tokens never reach the logs (see imago_site/log_filters.py).
    "filters": {
        "hide_personal_data": {"()": "imago_site.log_filters.HidePersonalData"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["hide_personal_data"]},
        # Errors by e-mail to ADMINS, without personal data (imago_site/error_reports.py).
        "error_mail": {
            "()": "imago_site.error_reports.ErrorMail",
            "filters": ["require_debug_false"],
        },
        # The development server's request lines, which name each path (a status link's token).
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["hide_personal_data"],
        },
    },
    "loggers": {
        # Django's own error mail (with the frames' variables) is replaced by error_mail.
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {
        "handlers": ["console", "error_mail"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}
# Who gets the error mail: DJANGO_ADMINS, addresses separated by commas; the institute's
# address unless set.
ADMINS = [
    address.strip()
    for address in os.environ.get("DJANGO_ADMINS", INSTITUTE_EMAIL).split(",")
    if address.strip()
]
# Errors also go to Sentry when a DSN is set, without personal data (error_reports.py).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from imago_site.error_reports import start_sentry

    start_sentry(SENTRY_DSN, environment=os.environ.get("SENTRY_ENVIRONMENT", "production"))

# --- Staff accounts ---
# A second login step for the admin: a code from an authenticator app (or a recovery code)
# after the password. On by default in production; `make run` (DJANGO_DEBUG) leaves it off so
# that the local staff login works at once.
STAFF_TWO_FACTOR = env_bool("DJANGO_STAFF_TWO_FACTOR", default=not DEBUG)
# A staff login lasts this long at most, and ends after this long without a request
# (imago_site/staff_sessions.py).
STAFF_SESSION_HOURS = int(os.environ.get("DJANGO_STAFF_SESSION_HOURS", "10"))
STAFF_IDLE_MINUTES = int(os.environ.get("DJANGO_STAFF_IDLE_MINUTES", "30"))
# The name authenticator apps show next to the codes.
OTP_TOTP_ISSUER = os.environ.get("DJANGO_OTP_ISSUER", "Imago portal")
# The admin's device pages never show a secret key or a recovery code, not even to superusers:
# only their owner sees them, once, when setting up.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Login lockout (django-axes): after this many wrong passwords for one username from one IP
# address, that pair is refused for the cool-off time. Locking the pair, not the username
# alone, means an attacker cannot lock a staff member out from elsewhere, and not the IP alone,
# so that one address cannot lock out everybody behind it. `manage.py axes_reset` unlocks.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
# Guessing one account from many addresses: after this many wrong passwords for a username from
# any address within the cool-off time, the account is paused for everybody
# (imago_site/login_lockout.py).
AXES_HANDLER = "imago_site.login_lockout.LockoutHandler"
LOGIN_FAILURE_LIMIT_PER_USERNAME = int(
    os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT_PER_USERNAME", "20")
)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "30"))
)
AXES_RESET_ON_SUCCESS = True
# The same client address as the forms' rate limits (REMOTE_ADDR or DJANGO_CLIENT_IP_HEADER).
AXES_CLIENT_IP_CALLABLE = "imago_site.rate_limits.client_ip"
AXES_LOCKOUT_CALLABLE = "imago_site.admin_site.locked_out"
AXES_VERBOSE = False  # no banner on every command; failures and lockouts are still logged

# The admin lives at this path; production may choose a less obvious one.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/")
