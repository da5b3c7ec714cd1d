"""A personal link that leads nowhere gets one French page: 404 when the link is unknown, 410 when it
was genuine but expired; each says what happened, what to do and whom to contact."""

import time

import pytest
from django.core import signing
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from passerelles.accounts.tests.factories import UserFactory
from passerelles.alerts.services import links
from passerelles.centres.models import Centre
from passerelles.events.enums import Openness
from passerelles.events.tests.factories import SessionFactory
from passerelles.newsletters.services import subscriptions
from passerelles.practitioners.services import accounts

pytestmark = pytest.mark.django_db

SITE_CONTACT = 'href="/contact/"'


def page(response):
    return response.content.decode().replace("&#x27;", "'")


def assert_refusal(response, status, what, contact=SITE_CONTACT):
    body = page(response)
    assert response.status_code == status
    title = "Lien expiré" if status == 410 else "Lien inconnu"
    assert " ".join(body.split("<title>")[1].split("</title>")[0].split()).startswith(title)
    said = "était valable pour un temps limité" if status == 410 else "n'est pas reconnu"
    assert f"{what} {said}" in body
    assert "Que faire ?" in body and "Qui contacter ?" in body and contact in body
    assert response["X-Robots-Tag"] == "noindex, nofollow" and "no-store" in response["Cache-Control"]
    assert "Page introuvable" not in body  # never the generic error page


def later(monkeypatch, days):
    moment = time.time() + days * 86400
    monkeypatch.setattr(signing.time, "time", lambda: moment)


@pytest.fixture
def pb():
    return Centre.objects.get(slug="pb")


@pytest.mark.parametrize("suffix", ["", "confirmer/", "annuler/", "mes-donnees.json", "effacer/", "agenda.ics"])
def test_an_unknown_registration_link_is_not_found(client, suffix):
    response = client.get(f"/agenda/inscription/pas-un-jeton/{suffix}")

    assert_refusal(response, 404, "Ce lien personnel d'inscription")
    assert 'href="/agenda/"' in page(response)


def test_the_page_is_the_same_with_debug_on_as_make_run_serves_it(client, settings):
    settings.DEBUG = True

    assert_refusal(client.get("/agenda/inscription/pas-un-jeton/"), 404, "Ce lien personnel d'inscription")


def test_a_bad_invitation_link_names_the_centre_that_invited(client, pb):
    session = SessionFactory(centre=pb, is_published=False, openness=Openness.INVITATION)

    response = client.get(session.get_absolute_url(), {"invitation": "pas-la-bonne-clef"})

    assert_refusal(response, 404, "Ce lien d'invitation", contact=f'href="{pb.get_absolute_url()}"')
    assert client.get(session.get_absolute_url()).status_code == 404  # without a key: the usual 404


def test_an_unknown_unsubscribe_link_is_not_found(client):
    assert_refusal(client.get("/desabonnement/pas-un-jeton/"), 404, "Ce lien de désabonnement")


def test_a_newsletter_confirmation_link_unknown_or_expired(client, pb, monkeypatch):
    assert_refusal(client.get("/lettres/abonnement/confirmer/abc/"), 404, "Ce lien de confirmation d'abonnement")

    token = subscriptions.confirmation_token(pb, "lea@example.org")
    later(monkeypatch, subscriptions.CONFIRM_DAYS + 1)
    response = client.get(reverse("newsletters:confirm", args=[token]))

    assert_refusal(response, 410, "Ce lien de confirmation d'abonnement", contact=f'href="{pb.get_absolute_url()}"')
    assert reverse("newsletters:subscribe", args=[pb.slug]) in page(response)
    assert "lea@example.org" not in page(response)


def test_an_alerts_manage_link_unknown_or_expired(client, monkeypatch):
    assert_refusal(client.get("/alertes/gerer/abc/"), 404, "Ce lien de gestion de vos alertes")

    token = links.manage_token(UserFactory())
    later(monkeypatch, links.MANAGE_DAYS + 1)

    assert_refusal(client.get(f"/alertes/gerer/{token}/"), 410, "Ce lien de gestion de vos alertes")


def test_an_account_confirmation_link_unknown_or_expired(client, monkeypatch):
    assert_refusal(client.get("/reseau/inscription/confirmer/abc/"), 404, "Ce lien de confirmation de compte")

    user = UserFactory(is_active=False)
    token = accounts.confirmation_token(user.pk, user.email)
    later(monkeypatch, accounts.CONFIRMATION_DAYS + 1)

    response = client.get(reverse("practitioners:confirm", args=[token]))
    assert_refusal(response, 410, "Ce lien de confirmation de compte")
    assert reverse("practitioners:sign_up") in page(response)


def test_a_password_reset_link_unknown_or_expired(client, settings):
    from django.contrib.auth.tokens import default_token_generator

    user = UserFactory()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    unknown = client.get(f"/comptes/mot-de-passe/nouveau/{uid}/abc-123/")
    assert_refusal(unknown, 404, "Ce lien de changement de mot de passe")

    token = default_token_generator.make_token(user)
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is now past its time
    expired = client.get(f"/comptes/mot-de-passe/nouveau/{uid}/{token}/")

    assert_refusal(expired, 410, "Ce lien de changement de mot de passe")
    assert reverse("accounts:password_reset") in page(expired)


def test_any_other_unknown_page_keeps_the_site_404(client):
    response = client.get("/pas-une-page/")

    assert response.status_code == 404 and "Page introuvable" in page(response)
