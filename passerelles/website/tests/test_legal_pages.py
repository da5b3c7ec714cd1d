"""The legal notice, the personal-data page, the site map and the contact page, linked from every
page's footer; robots.txt and security.txt. What is the operator's comes from the settings."""

import html
import re
from datetime import UTC, datetime, timedelta
from urllib.robotparser import RobotFileParser

import pytest
from django.urls import reverse

from passerelles.events.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
FOOTER_LINKS = {
    "Plan du site": "/plan-du-site/",
    "Accessibilité : partiellement conforme": "/accessibilite/",
    "Mentions légales": "/mentions-legales/",
    "Données personnelles": "/donnees-personnelles/",
    "Contact": "/contact/",
}
OPERATOR = {
    "OPERATOR_NAME": "Réseau national des centres de ressources",
    "OPERATOR_ADDRESS": "5 rue de l'Exemple, 75001 Paris",
    "PUBLICATION_DIRECTOR": "Dominique Exemple, présidente",
    "HOSTING_PROVIDER": "Hébergeur Exemple SAS, 2 rue du Serveur, 59100 Roubaix",
    "CONTACT_EMAIL": "contact@reseau.example.org",
    "DPO_EMAIL": "dpo@reseau.example.org",
}


def text(response):
    """The page as a person reads it: tags out, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def links(response, within=""):
    """{link text: href} of the page, or of the part starting at `within`."""
    page = response.content.decode()
    page = page[page.index(within) :] if within else page
    return {
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", label)).split()): href
        for href, label in re.findall(r'<a[^>]*href="([^"]*)"[^>]*>(.*?)</a>', page, re.S)
    }


@pytest.fixture
def operator(settings):
    settings.PASSERELLES = {**settings.PASSERELLES, **OPERATOR}


@pytest.mark.parametrize("url", ["/", "/agenda/", "/mentions-legales/", "/comptes/connexion/", "/introuvable/"])
def test_every_page_footer_links_the_legal_pages(client, url):
    footer = links(client.get(url), within='class="fr-footer__bottom-list"')
    assert {label: footer.get(label) for label in FOOTER_LINKS} == FOOTER_LINKS


def test_the_legal_pages_say_what_is_left_to_set_by_default(client):
    for url in ["/mentions-legales/", "/donnees-personnelles/"]:
        assert "à renseigner par l'exploitant" in text(client.get(url)), url


def test_the_legal_notice_names_the_operator_director_and_host(client, operator):
    page = text(client.get("/mentions-legales/"))
    for value in ("OPERATOR_NAME", "OPERATOR_ADDRESS", "PUBLICATION_DIRECTOR", "HOSTING_PROVIDER", "CONTACT_EMAIL"):
        assert OPERATOR[value] in page, value
    assert "à renseigner" not in page


def test_the_personal_data_page_covers_each_kind_of_data_and_the_rights(client, operator, settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "REGISTRATION_RETENTION_MONTHS": 6}
    response = client.get("/donnees-personnelles/")
    page = text(response)
    assert "Responsable des traitements" in page and OPERATOR["OPERATOR_NAME"] in page
    assert links(response)[OPERATOR["DPO_EMAIL"]] == f"mailto:{OPERATOR['DPO_EMAIL']}"
    for heading in ("Inscriptions aux sessions", "Comptes des équipes", "Journaux de connexion", "Cookies"):
        assert heading in page, heading
    for said in ("Finalité", "Base légale", "Destinataires", "Durée"):
        assert page.count(said) >= 4, said
    assert "effacées 6 mois après la session" in page
    assert "effacée 48 heures après la demande" in page
    assert "12 mois pour les journaux de connexion" in page
    assert "le centre qui organise la session et l'animation nationale" in page
    for right in ("accès", "rectification", "effacement", "vous opposer", "lien personnel", "CNIL"):
        assert right in page, right


def test_the_contact_page_gives_the_contact_address(client, operator):
    response = client.get("/contact/")
    assert links(response)[OPERATOR["CONTACT_EMAIL"]] == f"mailto:{OPERATOR['CONTACT_EMAIL']}"
    assert OPERATOR["DPO_EMAIL"] in text(response)


def test_robots_txt_keeps_crawlers_out_of_accounts_workspaces_and_personal_links(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    robots = RobotFileParser()
    robots.parse(body.splitlines())
    registration = RegistrationFactory()
    for url in [
        "/",
        "/centres/reso-villes/",
        "/experiences/",
        "/publications/flux/rss/",
        "/agenda/",
        "/agenda/agenda.ics",
        "/oai?verb=Identify",
        "/mentions-legales/",
    ]:
        assert robots.can_fetch("AnyBot", url), url
    for url in [
        "/admin/",
        "/comptes/connexion/",
        "/comptes/mon-compte/",
        reverse("experiences:workspace"),
        reverse("publications:workspace"),
        reverse("events:workspace"),
        "/agenda/espace/sessions/x/",
        registration.get_absolute_url(),
        reverse("events:cancel", args=[registration.token]),
    ]:
        assert not robots.can_fetch("AnyBot", url), url
    assert "Disallow: /*invitation=" in body
    assert robots.site_maps() == ["http://testserver/sitemap.xml"]


def test_security_txt_follows_rfc_9116(client, operator, settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "SITE_URL": "https://passerelles.example.org/"}
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines() if line)
    assert fields["Contact"] == "mailto:contact@reseau.example.org"
    assert fields["Preferred-Languages"] == "fr, en"
    assert fields["Canonical"] == "https://passerelles.example.org/.well-known/security.txt"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timedelta(days=364) < expires - datetime.now(UTC) <= timedelta(days=365)

    settings.PASSERELLES = {**settings.PASSERELLES, "SECURITY_CONTACT": "https://example.org/securite"}
    assert "Contact: https://example.org/securite\n" in client.get("/.well-known/security.txt").content.decode()
