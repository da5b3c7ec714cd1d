"""The home and a centre's page lead to the network's work: from the data, with something helpful
to say when a block is empty, and fresh as soon as the data changes (fragments under versions)."""

from datetime import timedelta

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils import timezone
from lxml import html

from passerelles.centres.models import Centre
from passerelles.events.enums import RegistrationStatus
from passerelles.events.tests.factories import RegistrationFactory, SessionFactory
from passerelles.experiences.enums import Status as SheetStatus
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.indicators.services.coverage import network_coverage
from passerelles.publications.models import HarvestSource
from passerelles.publications.tests.factories import PublishedFactory

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


@pytest.fixture
def centre():
    return Centre.objects.get(slug="pb")


@pytest.fixture
def network(centre):
    open_session = SessionFactory(centre=centre, title="Atelier avec des places", capacity=10)
    RegistrationFactory.create_batch(3, session=open_session)
    RegistrationFactory(session=open_session, status=RegistrationStatus.CANCELLED)
    full_session = SessionFactory(centre=centre, title="Journée déjà complète", capacity=2)
    RegistrationFactory.create_batch(2, session=full_session)
    SessionFactory(centre=centre, title="Session cachée", is_published=False)
    sheet = ExperienceSheetFactory(centre=centre, status=SheetStatus.PUBLISHED, title="Une fiche publiée")
    ExperienceSheetFactory(centre=centre, status=SheetStatus.DRAFT, title="Un brouillon de fiche")
    publication = PublishedFactory(centre=centre, title="Une publication parue")
    return {"open": open_session, "full": full_session, "sheet": sheet, "publication": publication}


def session_items(response):
    """Each session listed on the page with what it says of its places."""
    root = html.fromstring(response.content)
    return {
        item.xpath(".//a")[0].text_content().strip(): " ".join(
            item.xpath(".//*[@data-testid='places']")[0].text_content().split()
        )
        for item in root.xpath("//*[@data-testid='session-to-come']")
    }


def test_home_shows_the_network_alive_from_its_data(client, network):
    response = client.get("/")
    page = text(response)

    assert session_items(response) == {
        "Atelier avec des places": "7 places restantes sur 10",
        "Journée déjà complète": "complet liste d'attente ouverte",
    }
    assert "Une fiche publiée" in page and "Un brouillon de fiche" not in page
    assert network["sheet"].get_absolute_url() in page
    assert "Une publication parue" in page and network["publication"].get_absolute_url() in page
    assert 'action="/recherche/"' in page and 'name="q"' in page
    assert 'action="/centres/quel-centre-couvre-ma-commune/"' in page


def test_home_figures_are_counted_from_the_data(client, network):
    figures = " ".join(text(client.get("/")).split())
    active = Centre.objects.summary()["active"]

    assert f"<strong>{active}</strong> centres de ressources en activité" in figures
    assert "<strong>1</strong> fiche expérience publiée" in figures
    assert "<strong>1</strong> publication" in figures
    assert "<strong>2</strong> sessions en" in figures
    communes = " ".join(intcomma(network_coverage().network.total.communes).split())  # as `figures`
    assert f"<strong>{communes}</strong> communes couvertes par un centre" in figures


def test_home_follows_the_data_at_once(client, network):
    assert "7 places restantes" in text(client.get("/"))

    RegistrationFactory(session=network["open"])

    assert "6 places restantes" in text(client.get("/"))


def test_home_says_something_helpful_when_the_network_has_nothing_yet(client):
    page = text(client.get("/"))

    assert "Aucune session n'est annoncée pour le moment" in page
    assert "Aucune fiche expérience n'est encore publiée." in page
    assert "Aucune publication n'est encore en ligne." in page


def test_a_centre_page_leads_to_its_work_feeds_and_catalogues(client, centre, network):
    HarvestSource.objects.create(centre=centre, base_url="https://pmb.example.org/ws/oai", set_spec="fonds")

    response = client.get(centre.get_absolute_url())
    page = text(response)

    assert response.status_code == 200
    assert f'src="/centres/{centre.slug}/perimetre.svg"' in page and 'data-testid="perimeter-map"' in page
    assert "<path" not in page  # the map is an image of its own: the page stays light
    svg = client.get(f"/centres/{centre.slug}/perimetre.svg")
    assert svg["Content-Type"] == "image/svg+xml; charset=utf-8"
    drawn = svg.content.decode()
    assert f"Carte des départements du périmètre de {centre.display_name}" in drawn
    assert 'fill="#000091"' in drawn and 'fill="#dddddd"' in drawn and "<script" not in drawn
    assert client.get("/centres/pas-un-centre/perimetre.svg").status_code == 404
    assert session_items(response) == {
        "Atelier avec des places": "7 places restantes sur 10",
        "Journée déjà complète": "complet liste d'attente ouverte",
    }
    assert "Une fiche publiée" in page and "Une publication parue" in page
    for url in [
        reverse("publications:centre_rss", args=[centre.slug]),
        reverse("publications:centre_atom", args=[centre.slug]),
        reverse("events:centre_ics", args=[centre.slug]),
        f"/oai?verb=ListRecords&amp;metadataPrefix=oai_dc&amp;set=centre:{centre.slug}",
    ]:
        assert f'href="{url}"' in page, url
    assert "https://pmb.example.org/ws/oai" in page and "pas encore moissonné" in page


def test_the_links_of_a_centre_page_answer(client, centre, network):
    for url in [
        reverse("publications:centre_rss", args=[centre.slug]),
        reverse("publications:centre_atom", args=[centre.slug]),
        reverse("events:centre_ics", args=[centre.slug]),
        f"/oai?verb=ListRecords&metadataPrefix=oai_dc&set=centre:{centre.slug}",
        f"/agenda/?centre={centre.slug}",
        f"/experiences/?centre={centre.slug}",
        f"/publications/?centre={centre.slug}",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    oai_set = client.get(f"/oai?verb=ListRecords&metadataPrefix=oai_dc&set=centre:{centre.slug}")
    assert b"Une publication parue" in oai_set.content


def test_a_centre_page_says_something_helpful_when_a_block_is_empty(client, centre):
    page = text(client.get(centre.get_absolute_url()))

    assert "Aucune session de ce centre n'est annoncée pour le moment" in page
    assert "Ce centre n'a pas encore publié de fiche expérience" in page
    assert "Ce centre n'a pas encore de publication en ligne" in page
    assert "Ce centre n'a pas déclaré de catalogue à moissonner" in page


def test_a_centre_page_follows_its_content_at_once(client, centre):
    assert "Une nouvelle fiche" not in text(client.get(centre.get_absolute_url()))

    ExperienceSheetFactory(centre=centre, status=SheetStatus.PUBLISHED, title="Une nouvelle fiche")

    assert "Une nouvelle fiche" in text(client.get(centre.get_absolute_url()))


def test_an_unknown_centre_is_not_found(client):
    assert client.get("/centres/pas-un-centre/").status_code == 404


def test_served_from_the_cache_both_pages_cost_only_their_versions(
    client, centre, network, django_assert_num_queries, monkeypatch
):
    now = timezone.now()  # the pages' versions hold the minute: both requests must fall in the same one
    monkeypatch.setattr(timezone, "now", lambda: now)
    client.get("/"), client.get(centre.get_absolute_url())

    with django_assert_num_queries(2):  # the directory's version, the content's
        assert client.get("/").status_code == 200
    with django_assert_num_queries(3):  # the directory's version for its identity, then both for its activity
        assert client.get(centre.get_absolute_url()).status_code == 200


def test_a_session_over_leaves_the_lists_never_saying_places_left(client, centre):
    now = timezone.now()
    SessionFactory(
        centre=centre,
        title="Finie il y a une heure",
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(hours=1),
    )

    assert session_items(client.get("/")) == {}
    assert session_items(client.get(centre.get_absolute_url())) == {}
