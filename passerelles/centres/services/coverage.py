"""Which centre covers which part of the national territory (metropolitan France and the DROM)."""

from dataclasses import dataclass, field

from passerelles.core import collation
from passerelles.territories.enums import Kind, Zone
from passerelles.territories.models import Territory

from ..enums import COVERING_STATUSES, Coverage, Status
from ..models import Centre


@dataclass
class DepartementCoverage:
    departement: Territory
    centres: list = field(default_factory=list)

    @property
    def state(self) -> str:
        if any(c.status == Status.ACTIVE for c in self.centres):
            return Coverage.COVERED
        if self.centres:
            return Coverage.UNCONFIRMED
        return Coverage.UNCOVERED


@dataclass
class RegionCoverage:
    region: Territory
    departements: list = field(default_factory=list)

    @property
    def state(self) -> str:
        states = {d.state for d in self.departements}
        if states == {Coverage.COVERED}:
            return Coverage.COVERED
        if states == {Coverage.UNCOVERED}:
            return Coverage.UNCOVERED
        return Coverage.UNCONFIRMED if Coverage.UNCOVERED not in states else "partial"

    @property
    def uncovered_departements(self) -> list[DepartementCoverage]:
        return [d for d in self.departements if d.state == Coverage.UNCOVERED]


@dataclass
class NationalCoverage:
    regions: list

    @property
    def departements(self) -> list[DepartementCoverage]:
        return [d for r in self.regions for d in r.departements]

    @property
    def uncovered_departements(self) -> list[DepartementCoverage]:
        return [d for d in self.departements if d.state == Coverage.UNCOVERED]

    @property
    def unconfirmed_departements(self) -> list[DepartementCoverage]:
        return [d for d in self.departements if d.state == Coverage.UNCONFIRMED]

    @property
    def uncovered_regions(self) -> list[RegionCoverage]:
        return [r for r in self.regions if r.state == Coverage.UNCOVERED]

    @property
    def partly_covered_regions(self) -> list[RegionCoverage]:
        return [r for r in self.regions if r.state == "partial"]

    def counts(self) -> dict[str, int]:
        return {state: sum(1 for d in self.departements if d.state == state) for state in Coverage.values}


def national_coverage() -> NationalCoverage:
    """Three queries: départements, régions, covering centres with their perimeters."""
    zones = [Zone.METRO, Zone.DROM]
    departements = list(Territory.objects.filter(kind=Kind.DEPARTEMENT, zone__in=zones).order_by("code"))
    rows = Territory.objects.filter(kind=Kind.REGION, zone__in=zones)
    regions: dict[int | None, RegionCoverage] = {
        r.pk: RegionCoverage(r) for r in collation.sorted_by(rows, key=lambda r: (r.zone, r.name))
    }
    by_territory: dict[int | None, list[Centre]] = {}
    for centre in Centre.objects.filter(status__in=COVERING_STATUSES).prefetch_related("perimeter"):
        for territory in centre.perimeter.all():
            by_territory.setdefault(territory.pk, []).append(centre)
    for departement in departements:
        centres = by_territory.get(departement.pk, []) + by_territory.get(departement.parent_id, [])
        unique = list({c.pk: c for c in centres}.values())
        regions[departement.parent_id].departements.append(DepartementCoverage(departement, unique))
    return NationalCoverage(list(regions.values()))
