"""Production: every secret comes from the environment; `manage.py check --deploy` passes clean."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool


def example_secret_key():
    """The placeholder DJANGO_SECRET_KEY of `.env.example`, when the checkout has that file."""
    path = BASE_DIR / ".env.example"  # noqa: F405
    if not path.exists():
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition("=")
        if name.strip() == "DJANGO_SECRET_KEY":
            return value.strip().strip("\"'")
    return None


def secret_key_flaw(key):
    """Why `key` must not sign this site's sessions, password-reset links and tokens; None if it may."""
    if not key:
        return "it is not set"
    if key == example_secret_key():
        return "it is the placeholder of .env.example"
    if key in {DEV_SECRET_KEY, TEST_SECRET_KEY}:  # noqa: F405
        return "it is the development or test key written in the settings"
    if "change-me" in key.lower() or "changeme" in key.lower():  # a placeholder, wherever it was copied from
        return "it is a placeholder asking to be changed"
    if key.startswith("django-insecure-"):
        return "it is a key made by `startproject` for development (prefix django-insecure-)"
    if len(key) < 50:
        return f"it is {len(key)} characters long, fewer than 50"
    if len(set(key)) < 5:
        return "it repeats fewer than 5 distinct characters"
    return None


DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if flaw := secret_key_flaw(SECRET_KEY):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is refused: {flaw}. Set it to a random value of 50 characters or more, e.g. "
        "the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("DATABASE_URL must be set in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]  # noqa: F405
