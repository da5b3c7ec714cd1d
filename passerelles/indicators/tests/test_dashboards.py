"""The dashboards' pages: who may see which, the filters (year, région, activity), the CSV of every
table, the recompute and publish actions, and the public page of published years only."""

import csv
import io
import re

import pytest

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre
from passerelles.events.tests.test_reporting import activity  # noqa: F401  (fixture)
from passerelles.territories.models import Territory

from ..models import PublishedYear, YearFigures
from ..services.activity import refresh

pytestmark = pytest.mark.django_db
NATIONAL, PUBLIC = "/reseau/tableau-de-bord/", "/reseau/chiffres/"


@pytest.fixture
def year_2024(activity):  # noqa: F811
    refresh(2024)
    return activity


def rows_of(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_who_may_see_which_dashboard(client, year_2024):
    pb, reso = year_2024, Centre.objects.get(slug="reso-villes")
    assert client.get(NATIONAL).status_code == 302  # to sign in
    client.force_login(MembershipFactory(centre=pb, role=Role.EDITOR).user)
    assert client.get(NATIONAL).status_code == 403
    assert client.get(f"{NATIONAL}centres/pb/?year=2024").status_code == 200
    assert client.get(f"{NATIONAL}centres/{reso.slug}/").status_code == 403
    assert client.get(f"{NATIONAL}centres/{reso.slug}/theme.csv").status_code == 403
    for action in ("recalculer", "publier"):
        assert client.post(f"{NATIONAL}{action}/", {"year": 2024}).status_code == 403
    assert not PublishedYear.objects.exists()
    client.force_login(UserFactory(is_national_animator=True))
    assert client.get(f"{NATIONAL}?year=2024").status_code == 200
    assert client.get(f"{NATIONAL}recalculer/").status_code == 405


def test_the_national_dashboard_by_year_region_and_activity(client, year_2024):
    client.force_login(UserFactory(is_national_animator=True))
    page = client.get(NATIONAL, {"year": 2024}).content.decode()
    assert "Tableau de bord du réseau" in page and "<bar-chart" in page and "<table>" in page
    assert "<caption>Par thème — 2024</caption>" in page
    centres = rows_of(client.get(f"{NATIONAL}centre.csv", {"year": 2024}))
    assert centres[0][:5] == ["Centre", "Sessions", "Demi-journées", "Inscrits", "Présents"]
    by_name = {row[0]: row[1:5] for row in centres[1:]}
    assert by_name["Profession Banlieue"] == ["5", "8", "8", "4"]
    assert by_name["RésO Villes"] == ["1", "2", "1", "1"]
    assert len(centres) - 1 == Centre.objects.count()

    ile_de_france = Territory.objects.get(kind="region", code="11")
    regional = rows_of(client.get(f"{NATIONAL}centre.csv", {"year": 2024, "region": ile_de_france.pk}))
    assert "Profession Banlieue" in {row[0] for row in regional} and "RésO Villes" not in {row[0] for row in regional}

    network = rows_of(client.get(f"{NATIONAL}activity.csv", {"year": 2024, "activity": "network"}))
    assert [row[1] for row in network[1:]] == ["0", "1", "0"]  # sessions: qualification, network, support
    assert network[2] == ["rencontre de réseau", "1", "1", "1", "1"]
    trend = rows_of(client.get(f"{NATIONAL}trend.csv", {"year": 2024}))
    assert ["2024", "6", "10", "9", "5", "8"] in trend  # every centre: RésO Villes' day added


def test_bad_filters_are_told_in_french_and_break_nothing(client, year_2024):
    client.force_login(UserFactory(is_national_animator=True))
    for query in ({"year": "1900"}, {"year": "abc"}, {"year": 2024, "activity": "x"}, {"year": 2024, "region": "0"}):
        response = client.get(NATIONAL, query)
        assert response.status_code == 200
        assert re.search(r"<title>\s*Erreur – ", response.content.decode())
        assert client.get(f"{NATIONAL}theme.csv", query).status_code == 404
    assert client.get(f"{NATIONAL}inconnu.csv", {"year": 2024}).status_code == 404
    assert client.post(f"{NATIONAL}publier/", {"year": "1900"}).status_code == 404
    assert not PublishedYear.objects.exists()


def test_recompute_takes_the_data_as_it_is_now(client, year_2024):
    client.force_login(UserFactory(is_national_animator=True))
    YearFigures.objects.filter(year=2024).update(sheets=99)
    response = client.post(f"{NATIONAL}recalculer/", {"year": 2024})
    assert response.status_code == 302 and response["Location"] == f"{NATIONAL}?year=2024"
    assert not YearFigures.objects.filter(year=2024, sheets=99).exists()


def test_the_public_page_shows_published_years_only(client, year_2024):
    assert "Aucune année n'est encore publiée" in client.get(PUBLIC).content.decode()
    assert client.get(f"{PUBLIC}centre.csv", {"year": 2024}).status_code == 404
    client.force_login(UserFactory(is_national_animator=True))
    assert client.post(f"{NATIONAL}publier/", {"year": 2024}).status_code == 302
    client.logout()
    page = client.get(PUBLIC).content.decode()
    assert "2024 en chiffres" in page and "Profession Banlieue" in page
    assert rows_of(client.get(f"{PUBLIC}activity.csv", {"year": 2024}))[1][0] == "qualification"
    assert client.get(f"{PUBLIC}activity.csv", {"year": 2023}).status_code == 404  # not published
    assert "Allow: /reseau/chiffres/" in client.get("/robots.txt").content.decode()

    client.force_login(UserFactory(is_national_animator=True))
    client.post(f"{NATIONAL}publier/", {"year": 2024, "withdraw": "1"})
    assert not PublishedYear.objects.exists()


def test_a_centres_dashboard_shows_its_own_figures(client, year_2024):
    client.force_login(MembershipFactory(centre=year_2024, role=Role.CENTRE_ADMIN).user)
    rows = rows_of(client.get(f"{NATIONAL}centres/pb/activity.csv", {"year": 2024}))
    assert rows[1] == ["qualification", "3", "6", "7", "3"]
    assert rows[2] == ["rencontre de réseau", "1", "1", "1", "1"]
    assert rows[3] == ["accompagnement individuel", "1", "1", "0", "0"]
    page = client.get(f"{NATIONAL}centres/pb/", {"year": 2024}).content.decode()
    assert "Tableau de bord du centre" in page and 'data-testid="table-centre"' not in page


def test_the_dashboards_show_what_the_centres_cover_and_what_no_centre_does(client, year_2024):
    client.force_login(UserFactory(is_national_animator=True))
    rows = rows_of(client.get(f"{NATIONAL}couverture-centres.csv", {"year": 2024}))
    assert rows[0] == ["Centre", "Communes", "Population", "QPV", "Population des QPV", "Départements"]
    pb = next(row for row in rows if row[0] == "Profession Banlieue")
    communes = Territory.objects.communes().filter(ancestors__kind="departement", ancestors__code="93")
    assert (int(pb[1]), int(pb[2]), pb[5]) == (
        communes.count(),
        sum(population or 0 for population in communes.values_list("population", flat=True)),
        "1",  # Seine-Saint-Denis
    )
    network = rows_of(client.get(f"{NATIONAL}couverture-reseau.csv", {"year": 2024}))
    assert [row[0] for row in network[1:]] == ["Ensemble du réseau", "dont outre-mer", "Hors de tout périmètre"]
    assert int(network[1][1]) + int(network[3][1]) == Territory.objects.communes().count()
    page = client.get(NATIONAL, {"year": 2024}).content.decode()
    assert 'data-testid="qpv-list"' in page and "Couverture du réseau par région" in page

    client.force_login(MembershipFactory(centre=year_2024, role=Role.EDITOR).user)
    own = rows_of(client.get(f"{NATIONAL}centres/pb/couverture-centres.csv", {"year": 2024}))
    assert [row[0] for row in own[1:]] == ["Profession Banlieue"]
    regions = rows_of(client.get(f"{NATIONAL}centres/pb/couverture-regions.csv", {"year": 2024}))
    assert [row[0] for row in regions[1:]] == ["Île-de-France"]
