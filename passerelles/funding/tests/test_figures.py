"""The figures the allocation formula reads come from the data: coverage and half-days."""

import datetime

import pytest
from django.utils import timezone

from passerelles.centres.tests.factories import CentreFactory
from passerelles.events.enums import SessionStatus
from passerelles.events.tests.factories import SessionFactory
from passerelles.indicators.tests.geography import small_geography

from ..enums import Criterion
from ..services.allocation import Formula, allocate
from ..services.figures import centre_figures

pytestmark = pytest.mark.django_db


def held(centre, day, half_days, **fields):
    starts = timezone.make_aware(datetime.datetime(2025, *day, 9))
    return SessionFactory(
        centre=centre, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), half_days=half_days, **fields
    )


def test_a_centre_s_figures_are_its_coverage_and_its_half_days_of_the_year():
    geography = small_geography()
    centre = CentreFactory(slug="test-nord", perimeter=[geography["north"]])
    held(centre, (3, 10), 2)
    held(centre, (11, 5), 1)
    held(centre, (6, 1), 4, status=SessionStatus.CANCELLED)  # not held
    held(centre, (12, 31), 0)
    SessionFactory(centre=centre, half_days=9)  # another year
    figures, qpv_list = centre_figures(2025, datetime.date(2026, 6, 1))
    found = next(figure for figure in figures if figure.key == "test-nord")
    assert found.values == {
        Criterion.POPULATION: 3_500,
        Criterion.QPV_POPULATION: 400,
        Criterion.QPV: 1,
        Criterion.CONTRACT_EPCI: 0,
        Criterion.CONTRACT_COMMUNES: 0,
        Criterion.DEPARTEMENTS: 2,
        Criterion.HALF_DAYS: 3,
    }
    assert "2 quartiers" in qpv_list
    assert qpv_list.endswith("aucune liste chargée : ces deux critères valent zéro.")
    shares = allocate(Formula(envelope=2_000_000, base=40_000, weights={Criterion.POPULATION: 1}), figures)
    assert sum(share.amount for share in shares) == 2_000_000


def test_once_a_contrats_de_ville_list_is_loaded_the_two_criteria_count_its_signatories():
    from passerelles.indicators.tests.geography import small_contracts

    geography = small_geography()
    CentreFactory(slug="test-nord", perimeter=[geography["north"]])
    CentreFactory(slug="test-mer", perimeter=[geography["sea"]], overseas=True)
    small_contracts()
    figures, lists = centre_figures(2025, datetime.date(2026, 6, 1))
    found = {figure.key: figure.values for figure in figures}
    assert (found["test-nord"][Criterion.CONTRACT_EPCI], found["test-nord"][Criterion.CONTRACT_COMMUNES]) == (2, 1)
    assert (found["test-mer"][Criterion.CONTRACT_EPCI], found["test-mer"][Criterion.CONTRACT_COMMUNES]) == (1, 1)
    assert "2 quartiers" in lists
    assert "Contrats de ville en vigueur le 01/06/2026 (fichier « contrats-test.csv »" in lists
    assert "valent zéro" not in lists
    weights = {Criterion.CONTRACT_EPCI: 1, Criterion.CONTRACT_COMMUNES: 1}
    shares = {s.centre.key: s.amount for s in allocate(Formula(2_000_000, 40_000, weights), figures)}
    assert shares["test-nord"] > shares["test-mer"] > 40_000
