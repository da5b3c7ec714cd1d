"""The State's share of the centres' funding, year by year, and the funders of the latest year:
charts with their tables on the co-financing page, each table as CSV."""

import csv
import io

import pytest

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre

from ..services.cofinancing import network_trend, save_amounts

pytestmark = pytest.mark.django_db
INDEX = "/reseau/financements/"


@pytest.fixture
def entered():
    pb, reso = Centre.objects.get(slug="pb"), Centre.objects.get(slug="reso-villes")
    save_amounts(pb, 2024, {"state_anct": 60_000, "region": 40_000}, None)
    save_amounts(reso, 2024, {"state_anct": 30_000, "state_other": 10_000, "commune": 60_000}, None)
    save_amounts(pb, 2025, {"state_anct": 50_000, "region": 50_000}, None)
    return pb, reso


def rows_of(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_network_trend_adds_up_the_centres(entered):
    trend = network_trend(Centre.objects.all())
    assert [(row["year"], row["total"], row["state"], row["state_share"]) for row in trend] == [
        (2024, 200_000, 100_000, 50.0),
        (2025, 100_000, 50_000, 50.0),
    ]
    assert trend[0]["funders"] == {"state_anct": 90_000, "region": 40_000, "state_other": 10_000, "commune": 60_000}


def test_the_page_charts_the_state_share_with_its_tables(client, entered):
    client.force_login(UserFactory(is_national_animator=True))
    page = client.get(INDEX).content.decode()
    assert "<line-chart" in page and "<bar-chart" in page
    assert "<caption>Part de l'État dans le financement, année par année</caption>" in page.replace("&#x27;", "'")
    share = rows_of(client.get(INDEX, {"tableau": "part-etat"}))
    assert share == [
        ["Année", "Total (€)", "État (€)", "Part de l'État (%)"],
        ["2024", "200000", "100000", "50.0"],
        ["2025", "100000", "50000", "50.0"],
    ]
    funders = rows_of(client.get(INDEX, {"tableau": "financeurs"}))
    assert funders[1:] == [["État – ANCT (politique de la ville)", "50000"], ["Région", "50000"]]
    assert client.get(INDEX, {"tableau": "inconnu"}).status_code == 404


def test_a_centre_admin_sees_the_trend_of_its_own_centre_only(client, entered):
    pb, _ = entered
    client.force_login(MembershipFactory(centre=pb, role=Role.CENTRE_ADMIN).user)
    share = rows_of(client.get(INDEX, {"tableau": "part-etat"}))
    assert share[1] == ["2024", "100000", "60000", "60.0"]
