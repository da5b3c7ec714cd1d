"""The centres' figures an allocation formula reads, computed from the data: what each centre
covers (indicators.coverage) and its activity in half-days over a year (events.reporting)."""

import datetime

from django.db.models import Sum

from passerelles.core import collation
from passerelles.events.services.reporting import counted_sessions
from passerelles.indicators.services.coverage import network_coverage

from ..enums import Criterion
from .allocation import CentreFigures
from .cofinancing import state_allocation


def centre_figures(year: int, on_date: datetime.date | None = None) -> tuple[list[CentreFigures], str]:
    """Each centre that covers territories, with its figures per criterion (coverage on `on_date`,
    half-days of the sessions it organised in `year`) and its current allocation (the State's urban
    policy funding entered for `year`), by name; and which QPV list was counted.
    The contrats de ville are not loaded yet: those two criteria are zero for every centre."""
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
                Criterion.CONTRACT_EPCI: 0,
                Criterion.CONTRACT_COMMUNES: 0,
                Criterion.DEPARTEMENTS: found.departements,
                Criterion.HALF_DAYS: half_days.get(centre.pk, 0),
            },
        )
        for centre, found in covered.centres.items()
    ]
    return collation.sorted_by(figures, key="name"), covered.qpv_list
