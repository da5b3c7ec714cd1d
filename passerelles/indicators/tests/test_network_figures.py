"""The network's figures: publishing only closed years, the people reached counted once across the
network (not one centre's count added to another's), and the départements no centre covers as CSV."""

import html

import pytest
from django.utils import timezone

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.enums import COVERING_STATUSES
from passerelles.centres.models import Centre
from passerelles.events.models import Registration
from passerelles.events.tests.factories import RegistrationFactory
from passerelles.events.tests.test_reporting import activity, at, session  # noqa: F401  (fixture)
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory

from ..models import NetworkFigures, PublishedYear
from ..services.activity import missing_years, refresh
from ..services.coverage import network_coverage
from ..services.dashboard import PEOPLE_SUMMED, centres_of_region, dashboard, network_totals
from .test_dashboards import NATIONAL, PUBLIC, rows_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(activity):  # noqa: F811
    """The fixture's 2024, with one of Profession Banlieue's registrants also at RésO Villes' day."""
    reso = Centre.objects.get(slug="reso-villes")
    known = Registration.objects.filter(session__centre=activity, status="confirmed", session__isnull=False).first()
    RegistrationFactory(session=reso.sessions.get(starts_at=at(2024, 4, 1)), email=known.email.upper())
    refresh(2024)
    return activity


def text(response):
    return html.unescape(response.content.decode())


def test_the_year_under_way_cannot_be_published(client, activity):  # noqa: F811
    this_year = timezone.localdate().year
    refresh(2024)
    client.force_login(UserFactory(is_national_animator=True))
    page = text(client.get(NATIONAL, {"year": this_year}))
    assert f"Publier les chiffres de {this_year}" not in page and 'data-testid="not-closed"' in page
    response = client.post(f"{NATIONAL}publier/", {"year": this_year}, follow=True)
    assert f"Les chiffres de {this_year} ne peuvent pas être publiés : l'année n'est pas close." in text(response)
    assert not PublishedYear.objects.exists()
    assert "Aucune année n'est encore publiée" in client.get(PUBLIC).content.decode()

    assert "Publier les chiffres de 2024" in text(client.get(NATIONAL, {"year": 2024}))  # closed: offered
    client.post(f"{NATIONAL}publier/", {"year": 2024})
    assert list(PublishedYear.objects.values_list("year", flat=True)) == [2024]
    # A year published before (by an earlier version) can still be withdrawn.
    PublishedYear.objects.create(year=this_year)
    assert f"Retirer les chiffres de {this_year}" in text(client.get(NATIONAL, {"year": this_year}))
    client.post(f"{NATIONAL}publier/", {"year": this_year, "withdraw": "1"})
    assert list(PublishedYear.objects.values_list("year", flat=True)) == [2024]


def test_someone_reached_by_two_centres_counts_once_for_the_network(shared):
    pb, reso = shared, Centre.objects.get(slug="reso-villes")
    by_centre = {row[0]: row[5] for row in dashboard(2024).table("centre").rows}
    assert (by_centre[pb.name], by_centre[reso.name]) == (7, 2)  # each centre counts the person
    assert NetworkFigures.objects.get(year=2024).people == 8  # the network once
    network = dashboard(2024)
    assert network.totals["people"] == 8 and not network.people_summed
    assert dict(network.labelled_totals)["Personnes touchées"] == 8
    assert network.table("trend").rows[-1][-1] == 8 and network.table("trend").columns[-1] == "Personnes touchées"
    assert network_totals(2024)["people"] == 8
    assert dashboard(2024, [pb.pk]).totals["people"] == 7  # one centre: its own count

    # Several centres but not the network (a région): added up, and said so.
    both = dashboard(2024, [pb.pk, reso.pk])
    assert both.people_summed and dict(both.labelled_totals)[PEOPLE_SUMMED] == 9
    assert both.table("trend").columns[-1] == PEOPLE_SUMMED

    # A centre's figures refreshed alone (its annual report) keep the network's count in step.
    RegistrationFactory(session=session(reso, at(2024, 5, 2)))
    refresh(2024, [reso])
    assert NetworkFigures.objects.get(year=2024).people == 9


def test_the_pages_show_the_network_s_own_count(client, shared):
    client.force_login(UserFactory(is_national_animator=True))
    trend = rows_of(client.get(f"{NATIONAL}trend.csv", {"year": 2024}))
    assert trend[0][-1] == "Personnes touchées" and ["2024", "8"] in [[row[0], row[-1]] for row in trend]
    assert 'data-testid="people-summed"' not in client.get(NATIONAL, {"year": 2024}).content.decode()
    ile_de_france = Territory.objects.get(kind="region", code="11")
    regional = client.get(NATIONAL, {"year": 2024, "region": ile_de_france.pk}).content.decode()
    several = len(centres_of_region(ile_de_france)) > 1  # their people added up, and said so
    assert ('data-testid="people-summed"' in regional) == several == (PEOPLE_SUMMED in html.unescape(regional))

    # A year computed before the network's count existed: the sum, labelled so.
    NetworkFigures.objects.filter(year=2024).delete()
    assert missing_years([2024]) == [2024]
    trend = rows_of(client.get(f"{NATIONAL}trend.csv", {"year": 2024}))
    assert trend[0][-1] == PEOPLE_SUMMED and ["2024", "9"] in [[row[0], row[-1]] for row in trend]
    page = text(client.get(NATIONAL, {"year": 2024}))
    assert PEOPLE_SUMMED in page and 'data-testid="people-summed"' in page


def test_the_departements_no_centre_covers_as_csv(client, activity):  # noqa: F811
    refresh(2024)
    csv_url = f"{NATIONAL}departements-non-couverts.csv"
    assert client.get(csv_url, {"year": 2024}).status_code == 302  # to sign in
    client.force_login(MembershipFactory(centre=activity, role=Role.CENTRE_ADMIN).user)
    assert client.get(csv_url, {"year": 2024}).status_code == 403
    assert client.get(f"{NATIONAL}centres/pb/departements-non-couverts.csv", {"year": 2024}).status_code == 404

    client.force_login(UserFactory(is_national_animator=True))
    uncovered = network_coverage().uncovered_departements
    assert uncovered  # the test geography leaves some out
    rows = rows_of(client.get(csv_url, {"year": 2024}))
    assert rows[0] == ["Département", "Code"]
    assert rows[1:] == [[departement.label, departement.code] for departement in uncovered]
    page = client.get(NATIONAL, {"year": 2024}).content.decode()
    assert "/reseau/tableau-de-bord/departements-non-couverts.csv?year=2024" in page

    # The public page, once the year is published, offers it too.
    client.post(f"{NATIONAL}publier/", {"year": 2024})
    client.logout()
    assert rows_of(client.get(f"{PUBLIC}departements-non-couverts.csv", {"year": 2024}))[1:] == rows[1:]


def test_the_communes_and_qpv_no_centre_covers_as_csv(client, activity):  # noqa: F811
    refresh(2024)
    csv_url = f"{NATIONAL}territoires-non-couverts.csv"
    client.force_login(MembershipFactory(centre=activity, role=Role.CENTRE_ADMIN).user)
    assert client.get(csv_url, {"year": 2024}).status_code == 403
    client.force_login(UserFactory(is_national_animator=True))
    assert "/reseau/tableau-de-bord/territoires-non-couverts.csv?year=2024" in text(
        client.get(NATIONAL, {"year": 2024})
    )
    rows = rows_of(client.get(csv_url, {"year": 2024}))
    assert rows[0] == ["Type", "Code", "Nom"]
    kinds = [row[0] for row in rows[1:]]
    uncovered = network_coverage().uncovered
    assert kinds.count("Commune") == uncovered.communes > 0 and kinds.count("Quartier prioritaire") == uncovered.qpv
    # Counted apart: a commune inside a covering centre's perimeter is never listed.
    perimeters = {
        t.pk for centre in Centre.objects.filter(status__in=COVERING_STATUSES) for t in centre.perimeter.all()
    }
    inside = Territory.objects.filter(kind=Kind.COMMUNE, ancestors__in=perimeters).values_list("code", flat=True)
    listed = {row[1] for row in rows[1:] if row[0] == "Commune"}
    assert inside and not listed & set(inside)
