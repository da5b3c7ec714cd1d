"""What the centres cover, on a small geography of its own whose figures are known by hand."""

import datetime

import pytest

from passerelles.centres.tests.factories import CentreFactory
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory

from ..services.coverage import Figures, coverage
from .geography import qpv, small_geography

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def geography():
    return small_geography()


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


def test_the_network_coverage_is_kept_until_perimeters_or_the_qpv_list_change(geography):
    from passerelles.centres.services.freshness import forget_directory_version

    from ..services.coverage import network_coverage

    centre = CentreFactory(perimeter=[geography["first"]])
    first = network_coverage(TODAY)
    assert network_coverage(TODAY) == first
    centre.perimeter.add(geography["north"])  # moves the directory's version
    forget_directory_version()
    second = network_coverage(TODAY)
    assert second.centres[centre].departements == 2
    qpv("QT9", Territory.objects.get(code="T9101"), 50, valid_from=datetime.date(2024, 1, 1))
    assert network_coverage(TODAY).network.total.qpv == second.network.total.qpv + 1
