"""What the centres cover, on a small geography of its own whose figures are known by hand."""

import datetime

import pytest

from passerelles.centres.tests.factories import CentreFactory
from passerelles.territories.enums import Kind, Zone
from passerelles.territories.models import Territory

from ..services.coverage import Figures, coverage

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


def place(kind, code, name, parent=None, population=None, zone=Zone.METRO, **fields):
    territory = Territory.objects.create(
        kind=kind, code=code, name=name, parent=parent, population=population, zone=zone, **fields
    )
    above = [parent, *parent.ancestors.all()] if parent else []
    territory.ancestors.set([t for t in above if t])
    return territory


def qpv(code, commune, population, **dates):
    territory = Territory.objects.create(
        kind=Kind.QPV, code=code, name=code, population=population, qpv_generation="2024", **dates
    )
    territory.ancestors.set([commune, *commune.ancestors.all()])
    return territory


@pytest.fixture
def geography():
    north = place(Kind.REGION, "T9", "Région du test")
    sea = place(Kind.REGION, "T8", "Région d'outre-mer du test", zone=Zone.DROM)
    alone = place(Kind.REGION, "T7", "Région sans centre")
    first, second = place(Kind.DEPARTEMENT, "T91", "Premier", north), place(Kind.DEPARTEMENT, "T92", "Second", north)
    island = place(Kind.DEPARTEMENT, "T81", "Île", sea, zone=Zone.DROM)
    lost = place(Kind.DEPARTEMENT, "T71", "Oublié", alone)
    one = place(Kind.COMMUNE, "T9101", "Une", first, 1_000)
    two = place(Kind.COMMUNE, "T9102", "Deux", first, 2_000)
    place(Kind.COMMUNE, "T9201", "Trois", second, 500)
    port = place(Kind.COMMUNE, "T8101", "Port", island, 300, zone=Zone.DROM)
    place(Kind.COMMUNE, "T7101", "Loin", lost, 50)
    qpv("QT1", one, 400, valid_from=datetime.date(2024, 1, 1))
    qpv("QT2", port, 100, valid_from=datetime.date(2024, 1, 1))
    qpv("QT3", two, 700, valid_from=datetime.date(2015, 1, 1), valid_to=datetime.date(2023, 12, 31))  # ended
    return {"first": first, "north": north, "sea": sea, "lost": lost}


def test_each_centre_and_the_network_cover_what_their_perimeters_hold(geography):
    small = CentreFactory(perimeter=[geography["first"]])
    wide = CentreFactory(perimeter=[geography["north"]])
    overseas = CentreFactory(perimeter=[geography["sea"]], overseas=True)
    result = coverage(TODAY, [small, wide, overseas])

    assert result.centres[small].total == Figures(communes=2, population=3_000, qpv=1, qpv_population=400)
    assert result.centres[small].departements == 1
    assert result.centres[wide].total == Figures(communes=3, population=3_500, qpv=1, qpv_population=400)
    assert dict(result.centres[wide].by_region) == {"Région du test": result.centres[wide].total}
    assert result.centres[wide].departements == 2
    assert result.centres[overseas].total == result.centres[overseas].overseas == Figures(1, 300, 1, 100)
    assert result.centres[wide].overseas == Figures()

    # The network counts each commune once, however many centres cover it.
    assert result.network.total == Figures(communes=4, population=3_800, qpv=2, qpv_population=500)
    assert result.network.departements == 3
    assert result.network.overseas == Figures(1, 300, 1, 100)
    codes = [d.code for d in result.uncovered_departements]
    assert "T71" in codes and not {"T91", "T92", "T81"} & set(codes)
    assert result.uncovered.communes >= 1 and result.uncovered.qpv == 0
    assert "quartiers prioritaires depuis 2024 : 2 quartiers (liste importée)" in result.qpv_list


def test_the_figures_say_which_qpv_list_they_count(geography):
    Territory.objects.filter(kind=Kind.QPV).update(is_demo=True)
    assert "2 quartiers (échantillon de démonstration)" in coverage(TODAY, []).qpv_list
    Territory.objects.filter(kind=Kind.QPV).delete()
    assert coverage(TODAY, []).qpv_list.startswith("Aucune liste de quartiers prioritaires")
