"""Staff sessions end 12 h after the sign-in and after 30 minutes without a request (configurable).
The clock is moved by editing the instants stored in the session."""

from html import unescape

import pytest

from passerelles.centres.models import Centre

from ..enums import Role
from ..staff_sessions import LAST_SEEN_AT, SIGNED_IN_AT
from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
WORKSPACE = "/experiences/espace/"
PROFILE = "/comptes/mon-compte/"


def editor():
    return MembershipFactory(role=Role.EDITOR, centre=Centre.objects.get(slug="reso-villes")).user


def sign_in(client, user):
    response = client.post("/comptes/connexion/", {"username": user.email, "password": "mot-de-passe-solide"})
    assert response.status_code == 302


def move_back(client, **seconds):
    """As if the sign-in, or the last request, happened that many seconds earlier."""
    session = client.session
    for key, name in [(SIGNED_IN_AT, "signed_in"), (LAST_SEEN_AT, "last_seen")]:
        session[key] -= seconds.get(name, 0)
    session.save()


def assert_signed_out(client, response, url):
    assert response.status_code == 302 and response["Location"] == f"/comptes/connexion/?next={url}"
    page = client.get(response["Location"])
    assert "Votre session a expiré : reconnectez-vous pour continuer." in unescape(page.content.decode())
    assert "_auth_user_id" not in client.session


def test_a_staff_session_ends_after_30_minutes_without_a_request(client):
    sign_in(client, editor())
    move_back(client, last_seen=29 * 60)
    assert client.get(WORKSPACE).status_code == 200  # 29 minutes: still there, and the wait starts again
    assert client.session.get_expiry_age() == 30 * 60  # the stored session and its cookie end with it
    move_back(client, last_seen=29 * 60)
    assert client.get(WORKSPACE).status_code == 200
    move_back(client, last_seen=30 * 60 + 1)
    assert_signed_out(client, client.get(WORKSPACE), WORKSPACE)


def test_a_staff_session_ends_12_hours_after_the_sign_in_however_busy(client):
    sign_in(client, editor())
    move_back(client, signed_in=11 * 3600 + 50 * 60)
    assert client.get(WORKSPACE).status_code == 200
    assert client.session.get_expiry_age() <= 10 * 60  # never beyond the 12 hours
    move_back(client, signed_in=10 * 60)
    assert_signed_out(client, client.get(PROFILE), PROFILE)


def test_a_session_signed_in_with_force_login_counts_too(client):
    """Every sign-in starts the clock (user_logged_in), whatever page signed the person in."""
    client.force_login(MembershipFactory(role=Role.CENTRE_ADMIN).user)
    assert client.get(WORKSPACE).status_code == 200
    move_back(client, last_seen=31 * 60)
    assert_signed_out(client, client.get(WORKSPACE), WORKSPACE)


def test_the_limits_are_configurable(client, settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "STAFF_SESSION_HOURS": 2, "STAFF_SESSION_IDLE_MINUTES": 5}
    sign_in(client, editor())
    move_back(client, last_seen=4 * 60)
    assert client.get(WORKSPACE).status_code == 200
    move_back(client, last_seen=5 * 60)
    assert_signed_out(client, client.get(WORKSPACE), WORKSPACE)
    sign_in(client, editor())
    move_back(client, signed_in=2 * 3600)
    assert_signed_out(client, client.get(WORKSPACE), WORKSPACE)


def test_a_person_without_a_role_keeps_the_ordinary_session(client):
    sign_in(client, UserFactory())
    move_back(client, signed_in=13 * 3600, last_seen=13 * 3600)
    assert client.get(PROFILE).status_code == 200


def test_the_personal_data_page_states_the_configured_lifetimes(client, settings):
    page = client.get("/donnees-personnelles/").content.decode()
    assert '<span data-testid="staff-session-lifetime">12 heures</span>' in page
    assert '<span data-testid="staff-session-idle">30 minutes</span>' in page
    settings.PASSERELLES = {**settings.PASSERELLES, "STAFF_SESSION_HOURS": 8, "STAFF_SESSION_IDLE_MINUTES": 60}
    page = client.get("/donnees-personnelles/").content.decode()
    assert '<span data-testid="staff-session-lifetime">8 heures</span>' in page
    assert '<span data-testid="staff-session-idle">1 heure</span>' in page
