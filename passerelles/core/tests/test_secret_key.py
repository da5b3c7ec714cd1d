"""Production refuses to start with a secret key anyone could know: the placeholder of `.env.example`,
the keys written in the settings, Django's development keys, short or repetitive ones."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

GOOD_KEY = "q7Vd-2hXk9LmPz4RtW8yB3nC6fJ0sGaE1uKoY5iN_TbHjQvMwZ"


def example_key():
    for line in (settings.BASE_DIR / ".env.example").read_text().splitlines():
        if line.startswith("DJANGO_SECRET_KEY="):
            return line.partition("=")[2]
    raise AssertionError(".env.example has no DJANGO_SECRET_KEY line")


def start_production(key):
    """Import the production settings in a process of their own, as gunicorn would."""
    env = dict(os.environ, DATABASE_URL="sqlite:////tmp/unused.sqlite3", DJANGO_ALLOWED_HOSTS="passerelles.example.org")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if key is None:
        env.pop("DJANGO_SECRET_KEY", None)
    else:
        env["DJANGO_SECRET_KEY"] = key
    return subprocess.run(
        [sys.executable, "-c", "import passerelles.config.settings.prod"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_a_long_random_key_starts():
    assert len(GOOD_KEY) == 50
    result = start_production(GOOD_KEY)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        (None, "it is not set"),
        (example_key(), "placeholder of .env.example"),
        ("dev-only-insecure-key-change-me", "development or test key"),
        ("test-only-key", "development or test key"),
        ("django-insecure-" + GOOD_KEY, "prefix django-insecure-"),
        (GOOD_KEY[:49], "49 characters long, fewer than 50"),
        ("abcd" * 20, "fewer than 5 distinct characters"),
        ("CHANGE-ME-please-" + GOOD_KEY, "placeholder asking to be changed"),
    ],
    ids=["missing", "env-example", "dev", "test", "django-insecure", "short", "repetitive", "placeholder"],
)
def test_a_known_short_or_repetitive_key_is_refused(key, reason):
    result = start_production(key)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is refused" in result.stderr
    assert reason in result.stderr
    if key:
        assert key not in result.stderr  # the message never repeats the key
