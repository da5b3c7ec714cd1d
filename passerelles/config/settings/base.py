"""Settings shared by every environment. Everything that varies is read from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[3]
DATA_DIR = BASE_DIR / "data"


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_choice(name, choices, default):
    """One of `choices`, read from the environment: a misspelt value stops the site at start-up."""
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}.")
    return value


# Keys written in this repository: anyone can read them, so production refuses them (prod.py).
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105
TEST_SECRET_KEY = "test-only-key"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "widget_tweaks",
    "dsfr",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "passerelles.core",
    "passerelles.accounts",
    "passerelles.territories",
    "passerelles.centres",
    "passerelles.thesaurus",
    "passerelles.editorial",
    "passerelles.experiences",
    "passerelles.publications",
    "passerelles.events",
    "passerelles.federation",
    "passerelles.contacts",
    "passerelles.newsletters",
    "passerelles.practitioners",
    "passerelles.alerts",
    "passerelles.funding",
    "passerelles.indicators",
    "passerelles.framework",
    "passerelles.reports",
    "passerelles.search_index",
    "passerelles.search",
    "passerelles.backups",
    "passerelles.opendata",
    "passerelles.website",
    # The REST API (issue 18): django-ninja, whose static files serve its documentation page.
    "ninja",
    "corsheaders",
    "passerelles.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that can answer (CommonMiddleware): CORS headers on the API's reads, and its
    # preflight answers (CORS_* below).
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    # High in the list, so that its headers reach every response (static files included); it reads
    # the signed-in person once authentication, further down, has run.
    "passerelles.core.headers.PrivacyHeadersMiddleware",
    "passerelles.core.middleware.RejectControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication: tells whether the session passed the second factor (user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages (they say why): a staff session past its lifetime is signed out, then a
    # session still owing its second factor reaches nothing but that step.
    "passerelles.accounts.staff_sessions.StaffSessionMiddleware",
    "passerelles.accounts.second_factor.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A personal link that leads nowhere (expired or unknown): its own page, 410 or 404.
    "passerelles.core.personal_links.PersonalLinksMiddleware",
    # Must stay last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "passerelles.config.urls"
WSGI_APPLICATION = "passerelles.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "passerelles.website.context_processors.site",
                "passerelles.website.context_processors.demo",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; the timeout absorbs short write bursts.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work runs on the queue of django-tasks (Django 6's `django.tasks`), stored in the
# database and run by `manage.py db_worker` processes (several, on several machines, share it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Before any password is checked: a client address past its failures quota (password spraying
    # across accounts, PASSERELLES["THROTTLES"]["SIGN_IN_CLIENT"]) is refused whatever the account.
    "passerelles.accounts.throttling.ClientThrottleBackend",
    # AxesStandaloneBackend next: it refuses sign-ins once an account or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "website:home"

# Sign-in throttling (django-axes): after 5 failures for an e-mail from one address, 15 minutes' wait.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "passerelles.accounts.throttling.username_of"
AXES_LOCKOUT_CALLABLE = "passerelles.accounts.throttling.lockout_response"
# The client behind the documented proxies (core.clients), not the proxy itself.
AXES_CLIENT_IP_CALLABLE = "passerelles.core.clients.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Second factor (django-otp): TOTP applications, and single-use recovery codes. Each wrong code
# doubles the wait before the next try on that device (1 s, 2 s, 4 s…): never set these to 0.
OTP_TOTP_ISSUER = "Passerelles"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Passerelles <ne-pas-repondre@passerelles.localhost>")

# Per-process memory cache for rendered fragments; they are keyed by a version read from the
# database (core.fragments), so several processes never serve stale pages.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PASSERELLES_CACHE_ENTRIES", "5000"))},
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "passerelles.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# No inline script, style or handler anywhere: behaviours live in static scripts (core/actions.js).
# DSFR's CSS draws its icons and form controls with data: SVG images, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# CORS: any site may read the API from a browser (public data only), never write through it: the
# preflight of a POST, PUT, PATCH or DELETE is answered without that method, so browsers refuse it.
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Link"]
CORS_PREFLIGHT_MAX_AGE = 86400

# Browser features the site never uses, refused to it and to anything it could embed.
PERMISSIONS_POLICY = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]

DSFR_USE_INTEGRITY_CHECKSUMS = True

TO_BE_SET = "à renseigner par l'exploitant"
PASSERELLES = {
    "SITE_TITLE": "Passerelles",
    "SITE_TAGLINE": "Le réseau des centres de ressources de la politique de la ville",
    # The look of the interface (docs/deployment.md): « dsfr », the State's design system, for a site
    # the State runs or commissions; « neutre », the same components without the State's identity
    # (no Marianne block, no DSFR fonts, a neutral palette), for a centre that runs Passerelles alone.
    "THEME": env_choice("PASSERELLES_THEME", ("dsfr", "neutre"), "dsfr"),
    "GEOGRAPHY_FILE": DATA_DIR / "geography" / "cog.csv.gz",
    "CENTRES_FILE": DATA_DIR / "centres" / "centres.csv",
    "QPV_SAMPLE_FILE": DATA_DIR / "qpv" / "qpv-echantillon-demo.csv",
    "CONTRACTS_SAMPLE_FILE": DATA_DIR / "qpv" / "contrats-de-ville-echantillon-demo.csv",
    "THESAURUS_FILE": DATA_DIR / "thesaurus" / "politique-de-la-ville.ttl",
    # Everyday words and the field's words for the same thing (« vieux » → « personnes âgées »):
    # added to a query's words as weaker alternatives (search.services.everyday).
    "EVERYDAY_WORDS_FILE": DATA_DIR / "thesaurus" / "everyday-words.csv",
    # SKOS URIs of the shipped vocabulary: stable, never renamed.
    "THESAURUS_BASE_URI": os.environ.get("PASSERELLES_THESAURUS_BASE_URI", "urn:passerelles:thesaurus:"),
    # Uploaded attachments: outside MEDIA_ROOT, served only after a permission check.
    "PRIVATE_MEDIA_ROOT": Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media")),
    "ATTACHMENT_MAX_MB": int(os.environ.get("PASSERELLES_ATTACHMENT_MAX_MB", "20")),
    # Publications' PDF documents: refused above this size.
    "PUBLICATION_MAX_MB": int(os.environ.get("PASSERELLES_PUBLICATION_MAX_MB", "50")),
    # OAI-PMH: the namespace of record identifiers (a domain name the network controls), records
    # per page of a list, and how long a resumption token stays valid.
    "OAI_NAMESPACE": os.environ.get("PASSERELLES_OAI_NAMESPACE", "passerelles.localhost"),
    "OAI_ADMIN_EMAIL": os.environ.get("PASSERELLES_OAI_ADMIN_EMAIL", "animation@passerelles.localhost"),
    "OAI_PAGE_SIZE": int(os.environ.get("PASSERELLES_OAI_PAGE_SIZE", "100")),
    "OAI_TOKEN_HOURS": int(os.environ.get("PASSERELLES_OAI_TOKEN_HOURS", "24")),
    # The agendas and news feeds of the centres' websites (federation): the largest feed read, the
    # wait for each answer, and whether feeds on this machine or its private network may be read
    # (never in production: a feed is fetched by the server).
    "FEED_MAX_MB": int(os.environ.get("PASSERELLES_FEED_MAX_MB", "10")),
    "FEED_TIMEOUT_SECONDS": float(os.environ.get("PASSERELLES_FEED_TIMEOUT_SECONDS", "20")),
    "FEED_ALLOW_PRIVATE_HOSTS": env_bool("PASSERELLES_FEED_ALLOW_PRIVATE_HOSTS", False),
    # The site's address, for links in e-mails sent without a request (reminders, cron).
    "SITE_URL": os.environ.get("PASSERELLES_SITE_URL", "http://127.0.0.1:8000"),
    # The mail outbox sends at most this many messages per second and per worker (0: no limit),
    # to stay within what the SMTP relay accepts.
    "MAIL_RATE_PER_SECOND": float(os.environ.get("PASSERELLES_MAIL_RATE_PER_SECOND", "0")),
    # A newsletter is queued by chunks of this many recipients (each chunk then sent at the rate above).
    "NEWSLETTER_CHUNK": int(os.environ.get("PASSERELLES_NEWSLETTER_CHUNK", "200")),
    # A background job whose worker has given no sign of life for this long is enqueued again.
    "JOB_STALL_SECONDS": int(os.environ.get("PASSERELLES_JOB_STALL_SECONDS", "120")),
    # Registrations to sessions are erased this long after the session (anonymous counts are kept).
    "REGISTRATION_RETENTION_MONTHS": int(os.environ.get("PASSERELLES_REGISTRATION_RETENTION_MONTHS", "12")),
    # A centre's contacts with no activity (edit, import, merge) for this long are listed for review,
    # then purged (by staff, and by the clock once a day).
    "CONTACT_IDLE_DAYS": int(os.environ.get("PASSERELLES_CONTACT_IDLE_DAYS", str(3 * 365))),
    # How long idle contacts stay listed for review before the clock purges them.
    "CONTACT_REVIEW_DAYS": int(os.environ.get("PASSERELLES_CONTACT_REVIEW_DAYS", "30")),
    # The largest CSV of contacts a centre may import (100,000 lines take about 10 MB).
    "CONTACT_IMPORT_MAX_MB": int(os.environ.get("PASSERELLES_CONTACT_IMPORT_MAX_MB", "30")),
    # The network search index (derived data, rebuilt by `rebuild_search_index`).
    "SEARCH_INDEX_DIR": Path(os.environ.get("PASSERELLES_SEARCH_INDEX_DIR", BASE_DIR / "var" / "search")),
    # The open-data dumps (derived data, rebuilt each night by `build_open_data`), served at /donnees/.
    "OPENDATA_ROOT": Path(os.environ.get("PASSERELLES_OPENDATA_ROOT", BASE_DIR / "var" / "opendata")),
    # Who runs this site, for the legal notice, the personal-data page, the contact page and
    # security.txt. Each deployment sets its own; the defaults say on those pages that they are to be set.
    "OPERATOR_NAME": os.environ.get("PASSERELLES_OPERATOR_NAME", TO_BE_SET),
    "OPERATOR_ADDRESS": os.environ.get("PASSERELLES_OPERATOR_ADDRESS", TO_BE_SET),
    "PUBLICATION_DIRECTOR": os.environ.get("PASSERELLES_PUBLICATION_DIRECTOR", TO_BE_SET),
    "HOSTING_PROVIDER": os.environ.get("PASSERELLES_HOSTING_PROVIDER", TO_BE_SET),
    "CONTACT_EMAIL": os.environ.get("PASSERELLES_CONTACT_EMAIL", "contact@passerelles.localhost"),
    "DPO_EMAIL": os.environ.get("PASSERELLES_DPO_EMAIL", "dpo@passerelles.localhost"),
    # Where security flaws are reported (security.txt): an address or a URL; the contact address by default.
    "SECURITY_CONTACT": os.environ.get("PASSERELLES_SECURITY_CONTACT", ""),
    # How many reverse proxies stand in front of the application (each appends the address it saw
    # to X-Forwarded-For): 0 when clients connect directly. See core.clients and docs/deployment.md.
    "TRUSTED_PROXIES": int(os.environ.get("PASSERELLES_TRUSTED_PROXIES", "0")),
    # Rate limits of what anyone can trigger (core.throttle): « count/period », period in s, m, h
    # or d (« 3/15m »). Each can be set by PASSERELLES_THROTTLE_<NAME>; « 0/h » blocks.
    "THROTTLES": {
        name: os.environ.get(f"PASSERELLES_THROTTLE_{name}", default)
        for name, default in {
            # Public forms, per client address and per e-mail address the platform would write to.
            "REGISTRATION_CLIENT": "20/h",
            "REGISTRATION_RECIPIENT": "3/h",
            "PASSWORD_RESET_CLIENT": "10/h",
            "PASSWORD_RESET_RECIPIENT": "3/h",
            # Practitioner accounts opened (issue 14), per client and per address written to.
            "SIGN_UP_CLIENT": "10/h",
            "SIGN_UP_RECIPIENT": "3/h",
            # Failed sign-ins from one client address, whatever the account (password spraying).
            "SIGN_IN_CLIENT": "30/h",
            # PDFs built on demand for anonymous visitors (sheet, comparison).
            "PDF_CLIENT": "60/h",
            # Subscriptions to a centre's newsletter (a confirmation e-mail each).
            "NEWSLETTER_CLIENT": "20/h",
            "NEWSLETTER_RECIPIENT": "3/h",
            # The REST API (issue 18): reads per anonymous client address, calls per token. Counted in
            # each process's cache (no database write per call): the real limit is this × workers.
            "API_CLIENT": "300/m",
            "API_TOKEN": "1200/m",
        }.items()
    },
    # Sessions of the people who work in the site (members of a centre, national animators,
    # superusers): signed out after this many hours, or after this many minutes without a request.
    "STAFF_SESSION_HOURS": float(os.environ.get("PASSERELLES_STAFF_SESSION_HOURS", "12")),
    "STAFF_SESSION_IDLE_MINUTES": float(os.environ.get("PASSERELLES_STAFF_SESSION_IDLE_MINUTES", "30")),
    # Unconfirmed registrations are deleted after this delay; sign-in logs after these months.
    "PENDING_REGISTRATION_HOURS": int(os.environ.get("PASSERELLES_PENDING_REGISTRATION_HOURS", "48")),
    "SIGN_IN_LOG_RETENTION_MONTHS": int(os.environ.get("PASSERELLES_SIGN_IN_LOG_RETENTION_MONTHS", "12")),
    # How long a process keeps the directory's version before reading it again (centres.services.freshness).
    "VERSION_TTL_SECONDS": 1.0,
    # A page with the base template and nothing else, the yardstick of `make bench`.
    "BARE_PAGE": env_bool("PASSERELLES_BARE_PAGE", False),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
