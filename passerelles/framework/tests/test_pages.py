"""The public pages: the framework's documents with their versions and signatories, its commitments
with the network's figures (activity of the latest published year, coverage of the day), and the
accreditations of the centres with their state today."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.events.tests.test_reporting import activity  # noqa: F401  (fixture)
from passerelles.indicators.models import PublishedYear
from passerelles.indicators.services.activity import refresh
from passerelles.indicators.services.coverage import coverage

from ..models import Commitment
from ..services.loader import load_framework
from .factories import AccreditationFactory

pytestmark = pytest.mark.django_db
REFERENCE, ACCREDITATIONS = "/reseau/cadre/", "/reseau/cadre/agrements/"


@pytest.fixture
def framework():
    load_framework()


def indicator_lines(page, key):
    """The text of each line showing the indicator `key`."""
    lines = page.split(f'data-testid="indicator-{key}">')[1:]
    return [" ".join(line.split("</li>")[0].split()) for line in lines]


def test_the_framework_page_shows_documents_versions_and_signatories(client, framework):
    response = client.get(REFERENCE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Le cadre de référence du réseau</h1>" in page
    assert "Charte partenariale des centres de ressources" in page
    assert "cadre de référence technique de l&#x27;État" in page
    assert "Annexe avec l&#x27;Agence nationale pour la rénovation urbaine (ANRU)" in page
    assert page.count('data-testid="current-version"') == 3
    assert "En vigueur à partir du 16 mars 2017" in page
    assert "<bdi>Patrick Kanner</bdi>" in page and "<bdi>France urbaine (anciennement AMGVF)</bdi>" in page
    for section in ("Missions", "Principes d&#x27;intervention", "Attentes de l&#x27;État", "Volet ultramarin"):
        assert f">{section}</h3>" in page
    assert 'href="/reseau/chiffres/"' in page and 'href="/reseau/cadre/agrements/"' in page


def test_before_any_publication_only_the_coverage_has_figures(client, framework):
    page = client.get(REFERENCE).content.decode()
    assert "Aucune année n'est encore publiée" in page
    assert indicator_lines(page, "sessions") == ["Sessions"]
    departements = coverage().network.departements
    assert f"Départements couverts : <strong>{departements}</strong> à ce jour" in indicator_lines(page, "departements")


def test_the_latest_published_year_shows_its_network_figures(client, framework, activity):  # noqa: F811
    refresh(2023)
    refresh(2024)
    PublishedYear.objects.create(year=2023)
    page = client.get(REFERENCE).content.decode()
    assert "Les chiffres d'activité sont ceux de 2023" in page
    PublishedYear.objects.create(year=2024)
    page = client.get(REFERENCE).content.decode()
    assert "Les chiffres d'activité sont ceux de 2024" in page
    # The network in 2024: 6 sessions, 10 half-days, 5 present (events' reporting fixture).
    assert indicator_lines(page, "sessions") == ["Sessions : <strong>6</strong> en 2024"]
    assert "Demi-journées : <strong>10</strong> en 2024" in indicator_lines(page, "half_days")
    assert indicator_lines(page, "attendees")[0] == "Présents : <strong>5</strong> en 2024"


def test_the_page_reads_the_coverage_only_when_a_commitment_shows_it(client, framework):
    def territory_queries():
        with CaptureQueriesContext(connection) as done:
            page = client.get(REFERENCE).content.decode()
        return page, [query for query in done.captured_queries if "territories_territory" in query["sql"]]

    page, queries = territory_queries()
    assert queries and "la couverture du territoire" in page
    Commitment.objects.update(indicators=["sessions"])
    page, queries = territory_queries()
    assert not queries and "la couverture du territoire" not in page


def test_an_empty_framework_still_answers(client):
    page = client.get(REFERENCE).content.decode()
    assert "Aucun document n'est encore enregistré." in page


def test_the_accreditations_page_shows_each_state_today(client):
    today = timezone.localdate()
    pb, reso = Centre.objects.get(slug="pb"), Centre.objects.get(slug="reso-villes")
    AccreditationFactory(
        centre=pb, granted_on=today - datetime.timedelta(days=900), valid_until=today - datetime.timedelta(days=1)
    )
    AccreditationFactory(centre=pb, granted_on=today, valid_until=None, decision="Décision CGET 2025-12", note="Secret")
    AccreditationFactory(
        centre=reso, granted_on=datetime.date(2020, 1, 1), valid_until=today + datetime.timedelta(days=30)
    )
    response = client.get(ACCREDITATIONS)
    assert response.status_code == 200
    page = response.content.decode()
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    states = re.findall(r'<p class="fr-badge[^"]*">([^<]+)</p>', table)
    assert states == ["en cours", "expiré", "expire dans moins de 6 mois"]  # by centre, latest first
    assert "Décision CGET 2025-12" in page and "sans échéance" in page
    assert "Secret" not in page  # the note is internal
    assert "<li>En cours : 1</li>" in page and "<li>Expiré : 1</li>" in page
    without = page.split('data-testid="without-accreditation"')[1]
    assert "Profession Banlieue" not in without and "RésO Villes" not in without
    assert Centre.objects.exclude(pk__in=[pb.pk, reso.pk]).filter(status="active").first().name in without


def test_the_accreditations_page_without_any(client):
    page = client.get(ACCREDITATIONS).content.decode()
    assert "Aucun agrément n'est encore enregistré." in page
