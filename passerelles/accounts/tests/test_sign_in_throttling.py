"""Sign-in throttling behind the documented proxy (PASSERELLES_TRUSTED_PROXIES=1): the proxy connects
(REMOTE_ADDR) and appends the client's address to X-Forwarded-For."""

import pytest
from django.test import Client

from passerelles.core import throttle

from .factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/comptes/connexion/"
PASSWORD = "mot-de-passe-solide"
PROXY = "10.0.0.2"
CLIENT_A, CLIENT_B, CLIENT_C = "203.0.113.10", "198.51.100.20", "192.0.2.30"


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "TRUSTED_PROXIES": 1}


def through_proxy(client_address, email, password, forged=""):
    """What the proxy forwards: whatever X-Forwarded-For the client sent, then the address it saw."""
    forwarded = f"{forged}, {client_address}" if forged else client_address
    return Client().post(
        LOGIN, {"username": email, "password": password}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
    )


def test_five_failures_lock_out_that_client_only():
    UserFactory(email="cible@centre.example")
    failures = [through_proxy(CLIENT_A, "cible@centre.example", "mauvais").status_code for _ in range(5)]
    assert failures == [200] * 4 + [429]  # the fifth failure locks out
    locked = through_proxy(CLIENT_A, "cible@centre.example", PASSWORD)
    assert locked.status_code == 429
    assert "Trop de tentatives de connexion ont échoué pour ce compte" in locked.content.decode()
    # The owner, at another address behind the same proxy, still signs in.
    owner = through_proxy(CLIENT_B, "cible@centre.example", PASSWORD)
    assert owner.status_code == 302 and owner["Location"] == "/comptes/mon-compte/"


def test_a_forged_forwarded_address_does_not_escape_the_lockout():
    UserFactory(email="cible@centre.example")
    for attempt in range(5):  # each time pretending to be someone else
        through_proxy(CLIENT_A, "cible@centre.example", "mauvais", forged=f"192.0.2.{attempt + 100}")
    for forged in [CLIENT_B, f"{CLIENT_B}, {CLIENT_C}", "unknown", "127.0.0.1"]:
        assert through_proxy(CLIENT_A, "cible@centre.example", PASSWORD, forged=forged).status_code == 429
    assert through_proxy(CLIENT_B, "cible@centre.example", PASSWORD).status_code == 302


def test_password_spraying_across_accounts_is_stopped_before_any_password_check():
    quota = throttle.limit("SIGN_IN_CLIENT").count
    victim = UserFactory(email="victime@centre.example")
    for number in range(quota):  # one try per account: the per-account lockout never triggers
        forged = f"192.0.2.{number}"
        assert through_proxy(CLIENT_A, f"compte{number}@centre.example", "Printemps2026", forged).status_code == 200
    # Over the quota: refused whatever the account, even with its right password.
    refused = through_proxy(CLIENT_A, "victime@centre.example", PASSWORD)
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "depuis votre adresse, tous comptes confondus" in text and "réessayez dans 1 heure" in text
    victim.refresh_from_db()
    assert victim.last_login is None
    # Other clients behind the same proxy are not slowed down.
    assert through_proxy(CLIENT_B, "victime@centre.example", PASSWORD).status_code == 302


def test_successful_sign_ins_are_not_counted_against_the_client():
    UserFactory(email="reguliere@centre.example")
    for _ in range(throttle.limit("SIGN_IN_CLIENT").count + 1):
        assert through_proxy(CLIENT_C, "reguliere@centre.example", PASSWORD).status_code == 302


def test_the_client_quota_is_configurable(settings):
    limits = {**settings.PASSERELLES["THROTTLES"], "SIGN_IN_CLIENT": "2/15m"}
    settings.PASSERELLES = {**settings.PASSERELLES, "THROTTLES": limits}
    UserFactory(email="victime@centre.example")
    through_proxy(CLIENT_A, "un@centre.example", "x")
    through_proxy(CLIENT_A, "deux@centre.example", "x")
    refused = through_proxy(CLIENT_A, "victime@centre.example", PASSWORD)
    assert refused.status_code == 429 and "réessayez dans 15 minutes" in refused.content.decode()


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "TRUSTED_PROXIES": 0}
    UserFactory(email="cible@centre.example")

    def direct(password, forwarded):
        data = {"username": "cible@centre.example", "password": password}
        return Client().post(LOGIN, data, REMOTE_ADDR=CLIENT_A, HTTP_X_FORWARDED_FOR=forwarded)

    for attempt in range(5):
        direct("mauvais", f"192.0.2.{attempt}")
    assert direct(PASSWORD, CLIENT_B).status_code == 429
