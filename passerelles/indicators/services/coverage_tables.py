"""What the dashboards show of the coverage (services.coverage): each centre's communes, population,
QPV and QPV population, the network's by région and for the overseas part, what no centre covers
and the départements outside every perimeter, with the QPV list counted. Figures of the day."""

from dataclasses import dataclass, field

from django.utils import timezone

from passerelles.core import collation
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory

from .coverage import Coverage, Figures, network_coverage
from .dashboard import Table

FIGURES = ("Communes", "Population", "QPV", "Population des QPV")


@dataclass
class CoverageView:
    on_date: object
    qpv_list: str
    tables: list[Table] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)  # départements in no perimeter
    uncovered_table: Table | None = None  # the same as CSV (a list on the page, no chart)
    places_table: Table | None = None  # the communes and QPV in no perimeter: CSV only (thousands)

    @property
    def csv_tables(self) -> list[Table]:
        """Every table the page offers as CSV."""
        return [table for table in (*self.tables, self.uncovered_table, self.places_table) if table]


def _figures(figures: Figures) -> list[int]:
    return [figures.communes, figures.population, figures.qpv, figures.qpv_population]


def coverage_view(centres: list[int] | None = None, places: bool = False) -> CoverageView:
    """The coverage of `centres` (ids; None: the network, with its régions and what is uncovered).
    The communes and QPV in no perimeter are listed with `places` only (for their CSV)."""
    found = network_coverage()
    view = CoverageView(timezone.localdate(), found.qpv_list)
    shown = collation.sorted_by(
        ((centre, covered) for centre, covered in found.centres.items() if centres is None or centre.pk in centres),
        key=lambda item: item[0].name,
    )
    rows = [[centre.name, *_figures(covered.total), covered.departements] for centre, covered in shown]
    view.tables.append(
        Table("couverture-centres", "Couverture par centre", ("Centre", *FIGURES, "Départements"), rows, charted=4)
    )
    if centres is None:
        network: Coverage = found.network
        view.tables.append(_by_region("couverture-regions", "Couverture du réseau par région", network))
        rows = [
            ["Ensemble du réseau", *_figures(network.total)],
            ["dont outre-mer", *_figures(network.overseas)],
            ["Hors de tout périmètre", *_figures(found.uncovered)],
        ]
        view.tables.append(
            Table("couverture-reseau", "Le réseau et ce qu'il ne couvre pas", ("Périmètre", *FIGURES), rows, charted=4)
        )
        view.uncovered = [departement.label for departement in found.uncovered_departements]
        view.uncovered_table = Table(
            "departements-non-couverts",
            "Départements couverts par aucun centre",
            ("Département", "Code"),
            [[departement.label, departement.code] for departement in found.uncovered_departements],
        )
        view.places_table = Table(
            "territoires-non-couverts",
            "Communes et quartiers prioritaires couverts par aucun centre",
            ("Type", "Code", "Nom"),
            _places(found.uncovered_places, view.on_date) if places else [],
        )
    elif len(shown) == 1:
        view.tables.append(_by_region("couverture-regions", "Couverture du centre par région", shown[0][1]))
    return view


def _places(uncovered: set[int], on_date) -> list[list]:
    """Read whole and filtered here: thousands of ids would overflow a query's parameters."""
    kinds = {Kind.COMMUNE: "Commune", Kind.QPV: "Quartier prioritaire"}
    found = [
        *Territory.objects.communes().values_list("pk", "kind", "code", "name"),
        *Territory.objects.current_qpv(on_date).values_list("pk", "kind", "code", "name"),
    ]
    return sorted(([kinds[kind], code, name] for pk, kind, code, name in found if pk in uncovered), key=lambda r: r[:2])


def _by_region(key: str, title: str, covered: Coverage) -> Table:
    by_region = collation.sorted_by(covered.by_region.items(), key=lambda item: item[0])
    rows = [[region or "Non renseignée", *_figures(figures)] for region, figures in by_region]
    return Table(key, title, ("Région", *FIGURES), rows, charted=4)
