"""The « Plan du site » names every public section and its main pages, and each of its links answers."""

import pytest
from lxml import html

pytestmark = pytest.mark.django_db

SECTIONS = [
    "/",
    "/centres/",
    "/centres/quel-centre-couvre-ma-commune/",
    "/centres/couverture/",
    "/experiences/",
    "/publications/",
    "/publications/series/",
    "/agenda/",
    "/recherche/",
    "/thesaurus/",
    "/reseau/chiffres/",
    "/reseau/cadre/",
    "/reseau/cadre/agrements/",
    "/reseau/repartition/publiee/",
    "/comptes/connexion/",
    "/reseau/inscription/",
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/contact/",
]


def site_map_links(client, signed_in_only=False):
    page = html.fromstring(client.get("/plan-du-site/").content)
    links = page.xpath("//*[@data-testid='site-map']//a")
    return [a.get("href") for a in links if a.text_content().endswith("(après connexion)") == signed_in_only]


def test_the_site_map_names_every_public_section(client):
    links = site_map_links(client)

    assert [section for section in SECTIONS if section not in links] == []


def test_every_link_of_the_site_map_answers(client):
    for url in site_map_links(client):
        assert client.get(url).status_code == 200, url


def test_the_pages_for_signed_in_people_say_so_and_lead_to_the_sign_in(client):
    links = site_map_links(client, signed_in_only=True)

    assert links == ["/reseau/annuaire/", "/alertes/"]
    for url in links:
        response = client.get(url)
        assert (response.status_code, response["Location"].split("?")[0]) == (302, "/comptes/connexion/"), url
