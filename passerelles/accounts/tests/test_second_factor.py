"""The second factor over HTTP: who needs it, enrolment, verification with a code or a recovery code,
code throttling, recovery codes from « Mon compte », reset from the admin."""

import re
import time
from html import unescape

import pytest
from django.test import Client
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from passerelles.centres.models import Centre
from passerelles.testing.second_factor import Authenticator, SecondFactorClient, enrolled_device

from ..enums import Role
from ..permissions import Action, can, centres_where
from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/comptes/connexion/"
PASSWORD = "mot-de-passe-solide"
ENROL = "/comptes/second-facteur/activation/"
VERIFY = "/comptes/second-facteur/"
CODES = "/comptes/second-facteur/codes-de-secours/"
WORKSPACE = "/experiences/espace/"
SIGNED_IN_PAGES = [
    WORKSPACE,
    "/agenda/espace/",
    "/publications/espace/",
    "/comptes/mon-compte/",
    "/admin/",
    "/admin/centres/centre/",
    CODES,
]


def person(kind):
    if kind == "animator":
        return UserFactory(is_national_animator=True, is_staff=True)
    if kind == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    return MembershipFactory(role=kind, centre=Centre.objects.get(slug="reso-villes")).user


def sign_in(client, user, next_=WORKSPACE):
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD, "next": next_})
    assert response.status_code == 302, "the password was refused"
    return response


def wrong_code(device):
    """Six digits that no time step the site could accept now gives."""
    device.refresh_from_db()
    step = int(time.time()) // 30 + device.drift
    right = {f"{hotp(device.bin_key, t):06d}" for t in range(step - 2, step + 3)}
    return next(code for code in ("000000", "123456", "999999", "424242") if code not in right)


def recovery_codes(page):
    return re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", page.content.decode())


def enrol(client, user):
    """Through the enrolment page; returns the authenticator and the recovery codes."""
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', client.get(ENROL).content.decode()).group(1)
    authenticator = Authenticator.from_secret(secret)
    confirmed = client.post(ENROL, {"code": authenticator.code(), "next": WORKSPACE})
    assert confirmed.status_code == 302 and confirmed["Location"].startswith(CODES)
    codes = recovery_codes(client.get(confirmed["Location"]))
    client.post(CODES, {"next": WORKSPACE})
    return authenticator, codes


@pytest.mark.parametrize("kind", ["animator", "superuser", Role.CENTRE_ADMIN])
def test_the_roles_that_need_it_enrol_before_reaching_anything(client, kind):
    user = person(kind)
    assert client.get(sign_in(client, user)["Location"])["Location"] == f"{ENROL}?next={WORKSPACE}"
    for url in SIGNED_IN_PAGES:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(ENROL + "?next="), url
    assert client.post(WORKSPACE.replace("espace/", "espace/nouvelle/"), {"title": "x"}).status_code == 302
    assert client.get("/mentions-legales/").status_code == 200  # the footer's pages stay open

    page = client.get(f"{ENROL}?next={WORKSPACE}")
    text = page.content.decode()
    assert "<h1>Activer le second facteur</h1>" in text
    svg = re.search(r"<svg .*?</svg>", text, re.S).group(0)
    assert re.match(r'<svg role="img" aria-label="QR code à scanner', svg) and "style" not in svg
    assert 'autocomplete="one-time-code"' in text and 'inputmode="numeric"' in text
    assert re.search(r'<label[^>]*for="id_code"[^>]*>\s*Code à 6 chiffres', text)
    assert "Mes fiches" not in text  # the header offers only signing out
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', text).group(1)
    assert client.get(ENROL).content.decode().count(secret) == 1  # the same secret on reload

    confirmed = client.post(ENROL, {"code": Authenticator.from_secret(secret).code(), "next": WORKSPACE})
    assert confirmed["Location"] == f"{CODES}?next={WORKSPACE}"
    codes = recovery_codes(client.get(confirmed["Location"]))
    assert len(codes) == 10 == len(set(codes))
    download = client.get(CODES + "telecharger/")
    assert download["Content-Type"] == "text/plain; charset=utf-8" and "attachment" in download["Content-Disposition"]
    assert download["Cache-Control"].startswith("max-age=0") and "no-store" in download["Cache-Control"]
    assert all(code in download.content.decode() for code in codes)
    assert client.post(CODES, {"next": WORKSPACE})["Location"] == WORKSPACE
    assert client.get(WORKSPACE).status_code == 200
    assert recovery_codes(client.get(CODES)) == []  # shown once
    assert TOTPDevice.objects.get(user=user).confirmed


HOSTILE_NEXT = ["-1", "foo", "admin:index", "https://ailleurs.example/", "//ailleurs.example/", "/\\ailleurs.example"]


def test_a_next_that_is_not_a_path_of_the_site_leads_to_my_account(client):
    """A bare word was taken for a view's name (500); another site is never a destination."""
    animator, editor = person("animator"), person(Role.EDITOR)
    authenticator = Authenticator.of(enrolled_device(animator))
    sign_in(client, animator)
    response = client.post(VERIFY, {"code": authenticator.code(), "next": HOSTILE_NEXT[0]})
    assert response["Location"] == "/comptes/mon-compte/"
    for next_ in HOSTILE_NEXT:
        assert client.get(VERIFY, {"next": next_})["Location"] == "/comptes/mon-compte/", next_  # verified
        assert client.get(ENROL, {"next": next_})["Location"] == "/comptes/mon-compte/", next_
    client.post("/comptes/deconnexion/")
    sign_in(client, editor)
    for next_ in HOSTILE_NEXT:
        assert client.get(ENROL, {"next": next_})["Location"] == "/comptes/mon-compte/", next_


def test_an_editor_or_a_reviewer_signs_in_with_the_password_alone(client):
    for role in (Role.EDITOR, Role.REVIEWER):
        user = person(role)
        assert sign_in(client, user)["Location"] == WORKSPACE
        assert client.get(WORKSPACE).status_code == 200
        assert client.get(ENROL)["Location"] == "/comptes/mon-compte/"
        client.post("/comptes/deconnexion/")


def test_a_wrong_first_code_leaves_the_enrolment_unconfirmed(client):
    user = person(Role.CENTRE_ADMIN)
    sign_in(client, user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(ENROL, {"code": wrong_code(device)})
    assert "Ce code ne correspond pas" in unescape(response.content.decode())
    response = client.post(ENROL, {"code": "12 34a"})
    assert "Saisissez les 6 chiffres du code, sans lettre." in unescape(response.content.decode())
    device.refresh_from_db()
    assert not device.confirmed and not StaticToken.objects.exists()
    assert client.get(WORKSPACE)["Location"].startswith(ENROL)


def test_an_enrolled_person_types_a_code_then_goes_where_they_were_going(client):
    user = person("animator")
    authenticator = Authenticator.of(enrolled_device(user))
    sign_in(client, user, next_="/admin/centres/centre/")
    for url in SIGNED_IN_PAGES:
        assert client.get(url)["Location"].startswith(VERIFY + "?next="), url
    page = client.get(f"{VERIFY}?next=/admin/centres/centre/").content.decode()
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page and "Code de secours" in page
    response = client.post(VERIFY, {"code": authenticator.code(), "next": "/admin/centres/centre/"})
    assert response["Location"] == "/admin/centres/centre/"
    assert client.get("/admin/centres/centre/").status_code == 200
    assert client.get(VERIFY)["Location"] == "/comptes/mon-compte/"  # already verified


def test_a_recovery_code_works_once(client):
    user = person(Role.CENTRE_ADMIN)
    sign_in(client, user)
    _, codes = enrol(client, user)
    client.post("/comptes/deconnexion/")

    sign_in(client, user)
    response = client.post(VERIFY, {"recovery_code": codes[3].upper(), "next": WORKSPACE}, follow=True)
    assert response.redirect_chain[0][0] == WORKSPACE
    assert "il vous en reste 9" in unescape(response.content.decode())
    client.post("/comptes/deconnexion/")

    again = Client()
    sign_in(again, user)
    refused = again.post(VERIFY, {"recovery_code": codes[3], "next": WORKSPACE})
    assert refused.status_code == 200
    assert "Ce code de secours n'est pas valable ou a déjà servi." in unescape(refused.content.decode())
    assert again.get(WORKSPACE)["Location"].startswith(VERIFY)


def test_wrong_codes_make_the_next_try_wait(client, settings):
    """django-otp's throttling, on (factor 1: 1 s, 2 s, 4 s… after each wrong code); a factor of an
    hour here, so that the right code typed next is refused however slow the machine."""
    from passerelles.config.settings import base

    assert base.OTP_TOTP_THROTTLE_FACTOR >= 1 and base.OTP_STATIC_THROTTLE_FACTOR >= 1
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 3600
    user = person("superuser")
    device = enrolled_device(user)
    sign_in(client, user)
    wrong = client.post(VERIFY, {"code": wrong_code(device)})
    assert "Ce code n'est pas valable" in unescape(wrong.content.decode())
    refused = client.post(VERIFY, {"code": Authenticator.of(device).code()})
    assert refused.status_code == 200
    assert re.search(r"Trop de codes erronés : par sécurité, attendez \d+ secondes", unescape(refused.content.decode()))
    assert client.get(WORKSPACE)["Location"].startswith(VERIFY)


def test_an_unverified_session_is_granted_nothing():
    centre = Centre.objects.get(slug="reso-villes")
    admin = MembershipFactory(role=Role.CENTRE_ADMIN, centre=centre).user
    editor = MembershipFactory(role=Role.EDITOR, centre=centre).user
    for verified in (False, True):
        admin.is_verified = editor.is_verified = lambda verified=verified: verified  # as django-otp's middleware sets
        assert can(admin, Action.MANAGE_CENTRE, centre) is verified
        assert list(centres_where(admin, Action.EDIT_CONTENT)) == ([centre] if verified else [])
        assert can(editor, Action.EDIT_CONTENT, centre)  # no second factor for editors


def test_my_account_shows_the_devices_and_renews_the_recovery_codes(client):
    user = person("animator")
    sign_in(client, user)
    _, old_codes = enrol(client, user)
    profile = unescape(client.get("/comptes/mon-compte/").content.decode())
    assert "Application d'authentification : activée le" in profile
    assert "Codes de secours : 10 restants sur 10." in profile

    response = client.post(CODES + "nouveaux/", follow=True)
    new_codes = recovery_codes(response)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert "les précédents ne fonctionnent plus" in unescape(response.content.decode())

    other = Client()
    sign_in(other, user)
    assert other.post(VERIFY, {"recovery_code": new_codes[0], "next": WORKSPACE})["Location"] == WORKSPACE
    another = Client()  # last: a wrong code makes the next try wait
    sign_in(another, user)
    assert "a déjà servi" in unescape(another.post(VERIFY, {"recovery_code": old_codes[0]}).content.decode())


def test_an_animator_resets_a_lost_second_factor_from_the_admin(client):
    centre_admin, superuser = person(Role.CENTRE_ADMIN), person("superuser")
    enrolled_device(superuser)
    their_session = SecondFactorClient()  # signed in, second factor passed
    their_session.force_login(centre_admin)
    assert their_session.get(WORKSPACE).status_code == 200

    client.force_login(person("animator"))
    users = client.get("/admin/accounts/user/")
    assert "Réinitialiser le second facteur" in users.content.decode()
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [centre_admin.pk, superuser.pk]},
        follow=True,
    )
    text = unescape(response.content.decode())
    assert "Second facteur réinitialisé pour 1 personne" in text
    assert "seul un superutilisateur peut réinitialiser leur second facteur" in text
    assert not TOTPDevice.objects.filter(user=centre_admin).exists()
    assert TOTPDevice.objects.filter(user=superuser).exists()
    # Their open session now owes a new enrolment.
    assert their_session.get(WORKSPACE)["Location"].startswith(ENROL)
    # The animator reads the accounts, never changes them.
    assert client.post(f"/admin/accounts/user/{centre_admin.pk}/change/", {"email": "x@y.fr"}).status_code == 403


def test_the_admin_signs_in_on_the_site_sign_in_page(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{LOGIN}?next=%2Fadmin%2F"
    editor = MembershipFactory(role=Role.EDITOR, user__is_staff=True).user
    client.force_login(editor)
    assert client.get("/admin/accounts/user/").status_code == 403
