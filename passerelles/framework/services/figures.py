"""The network's figures that show the commitments: the totals of the latest year the national
animation published (indicators' dashboards), and the coverage of the territory on the day."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from passerelles.indicators.models import PublishedYear
from passerelles.indicators.services.coverage import network_coverage
from passerelles.indicators.services.dashboard import network_totals

from ..enums import ACTIVITY_INDICATORS, COVERAGE_INDICATORS, Indicator


@dataclass
class NetworkFigures:
    year: int | None = None  # the latest published year, None when none is
    values: dict[str, int] = field(default_factory=dict)  # indicator key: value, for those known
    qpv_list: str = ""  # which list of priority neighbourhoods the coverage counts, when it was read

    @property
    def has_coverage(self) -> bool:
        return bool(self.values.keys() & COVERAGE_INDICATORS)


def network_figures(keys: Iterable[str]) -> NetworkFigures:
    """The values of the indicators `keys`; each source is read once, and only when one of its
    indicators is asked for."""
    keys = set(keys)
    year = PublishedYear.objects.order_by("-year").values_list("year", flat=True).first()
    found = NetworkFigures(year=year)
    activity = keys & ACTIVITY_INDICATORS
    if year is not None and activity:
        totals = network_totals(year)
        found.values.update({key: totals[key] for key in activity})
    if keys & COVERAGE_INDICATORS:
        found_coverage = network_coverage()
        found.qpv_list, network = found_coverage.qpv_list, found_coverage.network
        for key in keys & COVERAGE_INDICATORS:
            if key == Indicator.DEPARTEMENTS:
                found.values[key] = network.departements
            else:
                found.values[key] = getattr(network.total, key)
    return found
