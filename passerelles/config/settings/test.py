"""The test suite. DATABASE_URL selects SQLite (default) or PostgreSQL."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = TEST_SECRET_KEY  # noqa: F405
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Mail goes to the real SMTP server the tests start; they set the port.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
DSFR_USE_INTEGRITY_CHECKSUMS = False
# The site server of the browser tests serves static files itself, as in production (whitenoise).
WHITENOISE_USE_FINDERS = True
# Read the directory's version on every request, so each test sees its own changes at once.
# The search index of a test run never lands in the working tree (each test gets its own too).
PASSERELLES = {
    **PASSERELLES,  # noqa: F405
    "VERSION_TTL_SECONDS": 0,
    # The API's rate limits are proven by their own tests (override_settings); others never meet them.
    "THROTTLES": {**PASSERELLES["THROTTLES"], "API_CLIENT": "100000/m", "API_TOKEN": "100000/m"},  # noqa: F405
    "SEARCH_INDEX_DIR": Path(  # noqa: F405
        os.environ.get("PASSERELLES_SEARCH_INDEX_DIR") or tempfile.mkdtemp(prefix="passerelles-search-")  # noqa: F405
    ),
    # Nor its open-data dumps.
    "OPENDATA_ROOT": Path(  # noqa: F405
        os.environ.get("PASSERELLES_OPENDATA_ROOT") or tempfile.mkdtemp(prefix="passerelles-opendata-")  # noqa: F405
    ),
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production: SQLite's shared in-memory database locks whole tables and answers
    # "database table is locked" at once to a second writer (no busy timeout), so threads fail.
    _name = Path(DATABASES["default"]["NAME"])  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(_name.with_name(f"{_name.name}-test"))}  # noqa: F405
    # The suite runs its two passes at once on two cores (scripts/test.sh): a writer among the hundred
    # threads of the crowd tests may wait its turn longer than the 20 s a site gets.
    DATABASES["default"]["OPTIONS"]["timeout"] = 60  # noqa: F405

# Tasks run at once, in the process that enqueues them (Django's ImmediateBackend), unless a test
# starts real workers (passerelles.testing.tasks.task_worker), which set the database backend.
_TASK_BACKEND = os.environ.get("PASSERELLES_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")  # noqa: F405
TASKS = {"default": {"BACKEND": _TASK_BACKEND}}
