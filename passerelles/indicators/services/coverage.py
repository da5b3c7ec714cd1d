"""What the centres cover: for each centre and for the network, the communes, their population, the
priority neighbourhoods (QPV) and their population inside the perimeters, by région and for the
overseas part; the communes and EPCI with a contrat de ville in force; the départements no centre
covers; and which QPV and contracts lists the figures come from.

Computed from the geography, the QPV list and the contrats de ville list loaded (the official lists
in production, the samples in the demo): the ancestry links are read once, the perimeters met in
memory. A signatory commune counts for a centre when it lies inside its perimeter; a signatory EPCI
when it overlaps it (one of its member communes lies inside), so an EPCI astride two perimeters
counts for both centres, and once for the network."""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils import timezone

from passerelles.centres.enums import COVERING_STATUSES
from passerelles.centres.models import Centre
from passerelles.centres.services.freshness import directory_version
from passerelles.territories.enums import Kind, QpvGeneration, Zone
from passerelles.territories.models import ContractSignatory, Territory
from passerelles.territories.services.contracts import describe_contract_list

OVERSEAS_ZONES = {Zone.DROM, Zone.COM}


@dataclass
class Figures:
    """Communes, population, QPV and QPV population of a set of territories."""

    communes: int = 0
    population: int = 0
    qpv: int = 0
    qpv_population: int = 0

    def add_commune(self, population: int) -> None:
        self.communes += 1
        self.population += population

    def add_qpv(self, population: int) -> None:
        self.qpv += 1
        self.qpv_population += population


@dataclass
class Coverage:
    """What a centre, or the whole network, covers."""

    total: Figures = field(default_factory=Figures)
    overseas: Figures = field(default_factory=Figures)
    by_region: dict[str, Figures] = field(default_factory=lambda: defaultdict(Figures))
    departements: int = 0
    contract_communes: int = 0  # communes with a contrat de ville in force
    contract_epci: int = 0  # EPCI with a contrat de ville in force


@dataclass
class NetworkCoverage:
    centres: dict[Centre, Coverage]
    network: Coverage
    uncovered_departements: list[Territory]
    uncovered: Figures
    qpv_list: str
    contracts_list: str = ""  # which list of contrats de ville is counted; empty: none is loaded
    uncovered_places: set[int] = field(default_factory=set)  # communes and QPV in no perimeter


@dataclass(frozen=True)
class _Place:
    population: int
    overseas: bool
    region: str


def coverage(on_date: datetime.date | None = None, centres: Iterable[Centre] | None = None) -> NetworkCoverage:
    """The coverage of `centres` (by default every centre that covers territories) on `on_date`."""
    on_date = on_date or timezone.localdate()
    if centres is None:
        centres = Centre.objects.filter(status__in=COVERING_STATUSES).prefetch_related("perimeter")
    centres = list(centres)
    regions = {
        pk: (name, zone)
        for pk, name, zone in Territory.objects.filter(kind=Kind.REGION).values_list("pk", "name", "zone")
    }
    departements = {t.pk: t for t in Territory.objects.filter(kind=Kind.DEPARTEMENT).select_related("parent")}
    communes, communes_under = _places(Territory.objects.communes(), regions)
    qpvs, qpvs_under = _places(Territory.objects.current_qpv(on_date), regions)
    signed_communes, signed_epci = _signatories(on_date)
    _, epci_under = _places(Territory.objects.filter(pk__in=signed_epci), regions)
    result = NetworkCoverage({}, Coverage(), [], Figures(), describe_qpv_list(on_date), describe_contract_list(on_date))
    covered_departements: set[int] = set()
    covered_communes: set[int] = set()
    covered_qpvs: set[int] = set()
    covered_epci: set[int] = set()
    for centre in centres:
        perimeter = {t.pk for t in centre.perimeter.all()}
        inside = {pk for pk, d in departements.items() if pk in perimeter or d.parent_id in perimeter}
        covered_departements |= inside
        figures = Coverage(departements=len(inside))
        inside_communes = set().union(*(communes_under.get(p, ()) for p in perimeter))
        for pk in inside_communes:
            _count(figures, communes[pk], Figures.add_commune)
        covered_communes |= inside_communes
        figures.contract_communes = len(inside_communes & signed_communes)
        overlapped_epci = set().union(*(epci_under.get(p, ()) for p in perimeter))
        figures.contract_epci = len(overlapped_epci)
        covered_epci |= overlapped_epci
        for pk in set().union(*(qpvs_under.get(p, ()) for p in perimeter)):
            _count(figures, qpvs[pk], Figures.add_qpv)
            covered_qpvs.add(pk)
        result.centres[centre] = figures
    result.network.departements = len(covered_departements)
    result.network.contract_communes = len(covered_communes & signed_communes)
    result.network.contract_epci = len(covered_epci)
    for pk, place in communes.items():
        if pk in covered_communes:
            _count(result.network, place, Figures.add_commune)
        else:
            result.uncovered.add_commune(place.population)
            result.uncovered_places.add(pk)
    for pk, place in qpvs.items():
        if pk in covered_qpvs:
            _count(result.network, place, Figures.add_qpv)
        else:
            result.uncovered.add_qpv(place.population)
            result.uncovered_places.add(pk)
    result.uncovered_departements = sorted(
        (d for pk, d in departements.items() if pk not in covered_departements), key=lambda d: d.code
    )
    return result


def network_coverage(on_date: datetime.date | None = None) -> NetworkCoverage:
    """`coverage(on_date)` of every covering centre, kept in this process's cache until the
    directory, the geography, the QPV list or the contrats de ville list change (a few hundred
    milliseconds saved on every page that shows it)."""
    on_date = on_date or timezone.localdate()
    qpv = Territory.objects.filter(kind=Kind.QPV).aggregate(
        n=Count("pk"), last=Max("pk"), demo=Count("pk", filter=Q(is_demo=True))
    )
    # An import replaces the whole list: new keys, so a new stamp even for the same file.
    contracts = ContractSignatory.objects.aggregate(n=Count("pk"), last=Max("pk"), list=Max("contract_list_id"))
    stamp = "|".join(str(value) for value in (directory_version(), *qpv.values(), *contracts.values(), on_date))
    key = "indicators:coverage:" + hashlib.sha256(stamp.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = coverage(on_date)
        cache.set(key, found, timeout=None)
    return found


def _signatories(on_date: datetime.date) -> tuple[set[int], set[int]]:
    """The communes and the EPCI with a contrat de ville in force on `on_date`."""
    communes: set[int] = set()
    epci: set[int] = set()
    rows = ContractSignatory.objects.in_force(on_date).values_list("territory_id", "territory__kind")
    for pk, kind in rows:
        (communes if kind == Kind.COMMUNE else epci).add(pk)
    return communes, epci


def _places(territories, regions: dict[int, tuple[str, str]]) -> tuple[dict[int, _Place], dict[int, set[int]]]:
    """Each territory with its population, its région and whether that région is overseas (a QPV has
    no zone of its own); and for each région and département, the territories inside it."""
    link = Territory.ancestors.through
    under: dict[int, set[int]] = defaultdict(set)
    region_of: dict[int, tuple[str, str]] = {}
    rows = link.objects.filter(
        from_territory__in=territories.values("pk"), to_territory__kind__in=[Kind.REGION, Kind.DEPARTEMENT]
    ).values_list("from_territory_id", "to_territory_id")
    for territory_id, ancestor_id in rows.iterator(chunk_size=5000):
        under[ancestor_id].add(territory_id)
        if ancestor_id in regions:
            region_of[territory_id] = regions[ancestor_id]
    places = {}
    for pk, population, zone in territories.values_list("pk", "population", "zone").iterator(chunk_size=5000):
        region, region_zone = region_of.get(pk, ("", ""))
        places[pk] = _Place(population or 0, bool(OVERSEAS_ZONES & {zone, region_zone}), region)
    return places, under


def _count(coverage: Coverage, place: _Place, add) -> None:
    add(coverage.total, place.population)
    add(coverage.by_region[place.region], place.population)
    if place.overseas:
        add(coverage.overseas, place.population)


def describe_qpv_list(on_date: datetime.date) -> str:
    """Which QPV list the figures count: its generations, official or sample, how many."""
    current = Territory.objects.current_qpv(on_date)
    rows = (
        current.values("qpv_generation")
        .annotate(count=Count("pk"), demo=Count("pk", filter=Q(is_demo=True)))
        .order_by("qpv_generation")
    )
    if not rows:
        return "Aucune liste de quartiers prioritaires n'est chargée : les chiffres des QPV sont nuls."
    parts = []
    for row in rows:
        label = QpvGeneration(row["qpv_generation"]).label if row["qpv_generation"] else "génération inconnue"
        origin = "échantillon de démonstration" if row["demo"] == row["count"] else "liste importée"
        parts.append(f"{label} : {row['count']} quartiers ({origin})")
    return f"Quartiers prioritaires en vigueur le {on_date:%d/%m/%Y} — " + " ; ".join(parts) + "."
