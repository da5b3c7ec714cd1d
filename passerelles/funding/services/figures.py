"""The centres' figures an allocation formula reads, computed from the data: what each centre
covers (indicators.coverage: population, QPV, départements, communes and EPCI with a contrat de
ville) and its activity in half-days over a year (events.reporting)."""

import datetime

from django.db.models import Sum

from passerelles.core import collation
from passerelles.events.services.reporting import counted_sessions
from passerelles.indicators.services.coverage import NetworkCoverage, network_coverage

from ..enums import Criterion
from .allocation import CentreFigures
from .cofinancing import state_allocation


def centre_figures(year: int, on_date: datetime.date | None = None) -> tuple[list[CentreFigures], str]:
    """Each centre that covers territories, with its figures per criterion (coverage on `on_date`,
    half-days of the sessions it organised in `year`) and its current allocation (the State's urban
    policy funding entered for `year`), by name; and which lists were counted: the QPV list, then the
    contrats de ville list (one text, kept as is with a saved or published distribution). Without a
    contrats de ville list, the two criteria that count them are zero for every centre, and it says so."""
    covered = network_coverage(on_date)
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    half_days = dict(
        counted_sessions(None, start, end).values("centre").annotate(n=Sum("half_days")).values_list("centre", "n")
    )
    current = state_allocation(year)
    figures = [
        CentreFigures(
            key=centre.slug,
            name=centre.display_name,
            overseas=centre.overseas,
            current=current.get(centre.pk),
            values={
                Criterion.POPULATION: found.total.population,
                Criterion.QPV_POPULATION: found.total.qpv_population,
                Criterion.QPV: found.total.qpv,
                Criterion.CONTRACT_EPCI: found.contract_epci,
                Criterion.CONTRACT_COMMUNES: found.contract_communes,
                Criterion.DEPARTEMENTS: found.departements,
                Criterion.HALF_DAYS: half_days.get(centre.pk, 0),
            },
        )
        for centre, found in covered.centres.items()
    ]
    return collation.sorted_by(figures, key="name"), f"{covered.qpv_list} {contracts_list(covered)}"


def contracts_list(covered: NetworkCoverage) -> str:
    """Which contrats de ville list the two criteria count, or that none is loaded."""
    return covered.contracts_list or NO_CONTRACTS


NO_CONTRACTS = (
    "Contrats de ville (critères « EPCI » et « communes avec un contrat de ville ») : "
    "aucune liste chargée : ces deux critères valent zéro."
)
