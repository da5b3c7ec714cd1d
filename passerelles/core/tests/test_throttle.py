"""Rate limits (core.throttle) and the client address behind proxies (core.clients)."""

import pytest
from django.test import RequestFactory

from passerelles.core import throttle
from passerelles.core.clients import client_ip
from passerelles.core.models import Throttle

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    def set_limit(name, value):
        settings.PASSERELLES = {
            **settings.PASSERELLES,
            "THROTTLES": {**settings.PASSERELLES["THROTTLES"], name: value},
        }

    return set_limit


@pytest.mark.parametrize(
    ("text", "count", "seconds"),
    [("5/h", 5, 3600), ("3/15m", 3, 900), (" 10 / d ", 10, 86400), ("0/s", 0, 1)],
)
def test_limits_read_count_and_period(text, count, seconds):
    assert throttle.Limit.parse(text) == throttle.Limit(count, seconds)


@pytest.mark.parametrize("text", ["5", "5/y", "cinq/h", "", "-1/h"])
def test_malformed_limits_are_refused(text):
    with pytest.raises(ValueError):
        throttle.Limit.parse(text)


def test_the_limit_counts_per_value_and_stores_no_value(limits):
    limits("REGISTRATION_RECIPIENT", "2/h")
    assert throttle.hit("REGISTRATION_RECIPIENT", "Alice@Example.fr")
    assert throttle.hit("REGISTRATION_RECIPIENT", "alice@example.fr ")
    assert not throttle.hit("REGISTRATION_RECIPIENT", "alice@example.fr")
    # Another address and another kind have their own counters.
    assert throttle.hit("REGISTRATION_RECIPIENT", "bob@example.fr")
    assert throttle.hit("PASSWORD_RESET_RECIPIENT", "alice@example.fr")
    stored = " ".join(f"{row.key} {row.window}" for row in Throttle.objects.all())
    assert "alice" not in stored.lower()


def test_check_raises_the_french_message_with_the_wait(limits):
    limits("PDF_CLIENT", "1/15m")
    throttle.check("PDF_CLIENT", "203.0.113.9", "Trop de demandes : réessayez dans {wait}.")
    with pytest.raises(throttle.Throttled) as refusal:
        throttle.check("PDF_CLIENT", "203.0.113.9", "Trop de demandes : réessayez dans {wait}.")
    assert refusal.value.message == "Trop de demandes : réessayez dans 15 minutes."


def test_a_zero_limit_blocks_everything(limits):
    limits("PDF_CLIENT", "0/h")
    assert not throttle.hit("PDF_CLIENT", "203.0.113.9")


def test_expired_counters_are_purged(limits, settings):
    limits("PDF_CLIENT", "5/s")
    throttle.hit("PDF_CLIENT", "203.0.113.9")
    Throttle.objects.update(expires_at="2000-01-01T00:00:00Z")
    limits("PDF_CLIENT", "5/d")
    throttle.hit("PDF_CLIENT", "203.0.113.10")
    assert throttle.purge_expired() == 1
    assert Throttle.objects.count() == 1


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_proxy_the_client_is_the_connecting_address(settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "TRUSTED_PROXIES": 0}
    assert client_ip(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_behind_one_proxy_the_client_is_what_the_proxy_appended(settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "TRUSTED_PROXIES": 1}
    # The client wrote « 1.2.3.4 » itself; the proxy appended the address it saw.
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 203.0.113.5")) == "203.0.113.5"
    assert client_ip(request_from("10.0.0.2", "203.0.113.5")) == "203.0.113.5"


def test_behind_two_proxies_the_client_is_what_the_outer_one_saw(settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "TRUSTED_PROXIES": 2}
    request = request_from("10.0.0.2", "1.2.3.4, 203.0.113.5, 10.0.0.1")
    assert client_ip(request) == "203.0.113.5"


def test_a_request_that_skipped_the_proxy_is_its_own_client(settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "TRUSTED_PROXIES": 1}
    assert client_ip(request_from("198.51.100.7")) == "198.51.100.7"
