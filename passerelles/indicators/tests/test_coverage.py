"""What the centres cover, on a small geography of its own whose figures are known by hand."""

import datetime

import pytest
from django.utils import timezone

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


def test_centres_count_the_communes_and_epci_with_a_contrat_de_ville_in_force(geography):
    from .geography import small_contracts

    small = CentreFactory(perimeter=[geography["first"]])
    wide = CentreFactory(perimeter=[geography["north"]])
    overseas = CentreFactory(perimeter=[geography["sea"]], overseas=True)
    before = coverage(TODAY, [small, wide, overseas])
    assert (before.network.contract_communes, before.network.contract_epci, before.contracts_list) == (0, 0, "")
    small_contracts()
    result = coverage(TODAY, [small, wide, overseas])

    def counted(found):
        return found.contract_communes, found.contract_epci

    # Une is inside; Deux signed only a 2015 contract; both EPCI have a member commune in « Premier ».
    assert counted(result.centres[small]) == (1, 2)
    assert counted(result.centres[wide]) == (1, 2)
    # The EPCI astride the two régions counts for the overseas centre too, and once for the network;
    # Loin, which no centre covers, is not counted.
    assert counted(result.centres[overseas]) == (1, 1)
    assert counted(result.network) == (2, 2)
    assert result.contracts_list == (
        "Contrats de ville en vigueur le 01/06/2026 (fichier « contrats-test.csv » importé le "
        f"{timezone.localdate():%d/%m/%Y}) : 3 commune(s) et 2 EPCI signataires."
    )
    # In 2020 the 2015 generation was in force: Deux alone.
    in_2020 = coverage(datetime.date(2020, 6, 1), [small, wide, overseas])
    assert counted(in_2020.centres[small]) == (1, 0) and counted(in_2020.network) == (1, 0)


def test_the_network_coverage_changes_with_the_contracts_list(geography):
    from ..services.coverage import network_coverage
    from .geography import contracts, small_contracts

    CentreFactory(perimeter=[geography["north"]])
    assert network_coverage(TODAY).network.contract_communes == 0
    small_contracts()
    assert network_coverage(TODAY).network.contract_communes == 1
    contracts(Territory.objects.get(code="T9101"), Territory.objects.get(code="T9201"))
    assert network_coverage(TODAY).network.contract_communes == 2
    contracts(Territory.objects.get(code="T9101"), Territory.objects.get(code="T9201"), is_demo=True)
    assert "(échantillon de démonstration)" in network_coverage(TODAY).contracts_list
