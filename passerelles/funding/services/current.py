"""How fair the current allocation is: the State's urban-policy funding (État – ANCT) entered for the
year counted (CentreFigures.current), measured as a scenario is (allocation.fairness), on the centres
whose amount is entered only; the others are named, never counted as zero."""

from collections.abc import Sequence
from dataclasses import dataclass

from ..numbers import decimal_text
from .allocation import CentreFigures, Fairness, fairness

NOT_ENTERED = "non saisie"
MEASURE_LABELS = (
    "Coefficient de Gini des euros par habitant des QPV",
    "Rapport entre le plus et le moins doté par habitant des QPV",
    "Part de l'enveloppe allant aux centres ultramarins",
)


def measure_texts(measured: Fairness | None) -> list[tuple[str, str]]:
    """The fairness measures as the pages write them; « non saisie » for an allocation not entered."""
    if measured is None:
        return [(label, NOT_ENTERED) for label in MEASURE_LABELS]
    gini, ratio, overseas = MEASURE_LABELS
    return [
        (gini, decimal_text(measured.gini, 3)),
        (ratio, decimal_text(measured.max_min_ratio, 2)),
        (overseas, f"{decimal_text(measured.overseas_share * 100, 1)} %"),
    ]


@dataclass(frozen=True)
class CurrentAllocation:
    """The current allocation of `year`: its total, the centres counted and those without an amount
    entered (names), and its fairness (None when no amount is entered)."""

    year: int
    total: int
    counted: tuple[str, ...]
    missing: tuple[str, ...]
    fairness: Fairness | None

    @property
    def measures(self) -> list[tuple[str, str]]:
        return measure_texts(self.fairness)

    def per_inhabitant(self, key: str) -> str:
        """The centre's current euros per QPV inhabitant; « non saisie » when its amount is not entered."""
        if self.fairness is None or key not in self.fairness.per_qpv_inhabitant:
            return NOT_ENTERED
        return decimal_text(self.fairness.per_qpv_inhabitant[key], 2)


def current_allocation(centres: Sequence[CentreFigures], year: int) -> CurrentAllocation:
    """The current allocation of `centres` (their `current` amounts, entered for `year`) and how fair
    it is among the centres whose amount is entered."""
    entered = [centre for centre in centres if centre.current is not None]
    measured = fairness({c.key: c.current for c in entered if c.current is not None}, entered) if entered else None
    return CurrentAllocation(
        year=year,
        total=sum(centre.current for centre in entered if centre.current is not None),
        counted=tuple(centre.name for centre in entered),
        missing=tuple(centre.name for centre in centres if centre.current is None),
        fairness=measured,
    )
