"""What the dashboards show, read from the stored figures (services.activity): for a year and a
scope (the network, the centres of a région, one centre) and optionally one activity, the totals,
their trend over the years, and the breakdowns by activity, theme, function, département and centre.
Each breakdown is a `Table`: the page draws its chart and prints its figures, the CSV exports it."""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.db.models import Sum

from passerelles.centres.models import Centre
from passerelles.core import collation
from passerelles.events.enums import Activity
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory

from ..enums import Axis
from ..models import ActivityCount, NetworkFigures, YearFigures

COUNTS = ("sessions", "half_days", "registrants", "attendees")
COUNT_LABELS = ("Sessions", "Demi-journées", "Inscrits", "Présents")
CONTENT = ("people", "sheets", "publications", "records")
CONTENT_LABELS = ("Personnes touchées", "Fiches publiées", "Publications publiées", "Notices moissonnées")
# Several centres without the network's own count (models.NetworkFigures): their people added up,
# so that someone reached by two of them counts twice; the label says so.
PEOPLE_SUMMED = "Personnes touchées (somme des personnes touchées par chaque centre)"


@dataclass
class Table:
    """One breakdown: a title, its columns and rows (label first), and what its chart draws."""

    key: str
    title: str
    csv_url: str = field(default="", init=False)
    columns: tuple[str, ...]
    rows: list[list] = field(default_factory=list)
    chart: str = "bar"  # or "line"
    charted: int = 1  # the column the chart draws (a bar chart: of its first 12 rows)

    @property
    def chart_x(self) -> list[str]:
        return [str(row[0]) for row in self.rows[: self.limit]]

    @property
    def chart_y(self) -> list[int]:
        return [row[self.charted] for row in self.rows[: self.limit]]

    @property
    def limit(self) -> int:
        return len(self.rows) if self.chart == "line" else 12

    @property
    def charted_label(self) -> str:
        return self.columns[self.charted]

    # What the chart components read: JSON lists of series.
    @property
    def chart_x_json(self) -> str:
        return json.dumps([self.chart_x], ensure_ascii=False)

    @property
    def chart_y_json(self) -> str:
        return json.dumps([self.chart_y])

    @property
    def chart_name_json(self) -> str:
        return json.dumps([self.charted_label], ensure_ascii=False)


@dataclass
class Dashboard:
    year: int
    totals: dict[str, int]
    tables: list[Table]
    computed_at: object = None
    coverage: Any = None  # coverage_tables.CoverageView, when the page shows it
    people_summed: bool = False  # "people" adds up several centres' (PEOPLE_SUMMED)

    @property
    def year_label(self) -> str:
        return str(self.year)

    @property
    def labelled_totals(self) -> list[tuple[str, int]]:
        return labelled_totals(self.totals, self.people_summed)

    def table(self, key: str) -> Table | None:
        tables = [*self.tables, *(self.coverage.csv_tables if self.coverage else [])]
        return next((table for table in tables if table.key == key), None)


def labelled_totals(totals: dict[str, int], people_summed: bool = False) -> list[tuple[str, int]]:
    """(label, value) of each total, in the order the pages show them."""
    names, labels = (
        (*COUNTS, *CONTENT),
        (*COUNT_LABELS, PEOPLE_SUMMED if people_summed else "Personnes touchées", *CONTENT_LABELS[1:]),
    )
    return [(label, totals.get(name, 0)) for name, label in zip(names, labels, strict=True)]


def centres_of_region(region: Territory) -> list[int]:
    """The centres whose perimeter holds the région or one of its départements."""
    inside = Territory.objects.filter(kind=Kind.DEPARTEMENT, parent=region).values_list("pk", flat=True)
    found = Centre.objects.filter(perimeter__in=[region.pk, *inside]).values_list("pk", flat=True)
    return sorted(set(found))


def dashboard(
    year: int,
    centres: list[int] | None = None,
    activity: str = "",
    by_centre: bool = True,
    trend_years: list[int] | None = None,
) -> Dashboard:
    """The figures of `year` for `centres` (ids; None: every centre), of one `activity` or all;
    the trend over `trend_years` (None: every year stored)."""
    counts = ActivityCount.objects.filter(figures__year=year)
    figures = YearFigures.objects.filter(year=year)
    trend_counts = ActivityCount.objects.filter(axis=Axis.TOTAL)
    trend_figures = YearFigures.objects.all()
    if trend_years is not None:
        trend_counts = trend_counts.filter(figures__year__in=trend_years)
        trend_figures = trend_figures.filter(year__in=trend_years)
    if centres is not None:
        counts, figures = counts.filter(figures__centre__in=centres), figures.filter(centre__in=centres)
        trend_counts = trend_counts.filter(figures__centre__in=centres)
        trend_figures = trend_figures.filter(centre__in=centres)
    if activity:
        counts, trend_counts = counts.filter(activity=activity), trend_counts.filter(activity=activity)
    sums = {name: Sum(name) for name in COUNTS}

    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in counts.values("axis", "key", "label").annotate(**sums).order_by():
        grouped[row["axis"]].append(row)
    totals = _totals(grouped[Axis.TOTAL], figures)
    # The whole network: its own count of people (each once), for the years that have it.
    network = _network_people([year, *(trend_years or [])], trend_years is None) if centres is None else {}
    totals["people"] = network.get(year, totals["people"])
    summed = year not in network if centres is None else len(centres) > 1

    tables = [
        _trend(trend_counts, trend_figures, network, centres is None or len(centres) > 1),
        _by_activity(counts, sums),
    ]
    titles = {
        Axis.THEME: "Par thème",
        Axis.FUNCTION: "Par fonction du public",
        Axis.DEPARTEMENT: "Par département",
    }
    for axis, title in titles.items():
        tables.append(_table(axis.value, title, grouped[axis]))
    if by_centre:
        tables.append(_by_centre(counts, figures, sums))
    computed = figures.order_by("computed_at").values_list("computed_at", flat=True).first()
    return Dashboard(year=year, totals=totals, tables=tables, computed_at=computed, people_summed=summed)


def network_totals(year: int) -> dict[str, int]:
    """The network's totals of `year` alone (what the dashboard heads with), in three queries."""
    rows = ActivityCount.objects.filter(figures__year=year, axis=Axis.TOTAL).aggregate(**{n: Sum(n) for n in COUNTS})
    totals = _totals([rows], YearFigures.objects.filter(year=year))
    totals["people"] = _network_people([year]).get(year, totals["people"])
    return totals


def _network_people(years, all_years: bool = False) -> dict[int, int]:
    """{year: people the network reached, each once} of `years` (or every year) that have it."""
    found = NetworkFigures.objects.all() if all_years else NetworkFigures.objects.filter(year__in=years)
    return dict(found.values_list("year", "people"))


def _totals(rows, figures) -> dict[str, int]:
    """Activity totals added up from `rows` (sums per name), content totals from `figures`."""
    totals = {name: sum(row[name] or 0 for row in rows) for name in COUNTS}
    content = figures.aggregate(**{name: Sum(name) for name in CONTENT})
    totals.update({name: content[name] or 0 for name in CONTENT})
    return totals


def _lines(rows) -> list[list]:
    lines = [[row["label"], *(row[name] or 0 for name in COUNTS)] for row in rows]
    # The largest first (by half-days, then registrants), "not given" last.
    return sorted(lines, key=lambda line: (line[0] == "Non renseigné", -line[2], -line[3], collation.key(line[0])))


def _table(key, title, rows) -> Table:
    return Table(key, title, ("Libellé", *COUNT_LABELS), _lines(rows), charted=2)


def _by_activity(counts, sums) -> Table:
    found = {row["activity"]: row for row in counts.filter(axis=Axis.TOTAL).values("activity").annotate(**sums)}
    rows = [[activity.label, *(found.get(activity, {}).get(name) or 0 for name in COUNTS)] for activity in Activity]
    return Table("activity", "Par activité", ("Activité", *COUNT_LABELS), rows, charted=2)


def _by_centre(counts, figures, sums) -> Table:
    activity = {
        row["figures__centre"]: row
        for row in counts.filter(axis=Axis.TOTAL).values("figures__centre").annotate(**sums).order_by()
    }
    rows = []
    for row in collation.sorted_by(figures.values("centre", "centre__name", *CONTENT), key=itemgetter("centre__name")):
        done = activity.get(row["centre"], {})
        rows.append([row["centre__name"], *(done.get(name) or 0 for name in COUNTS), *(row[n] for n in CONTENT)])
    return Table("centre", "Par centre", ("Centre", *COUNT_LABELS, *CONTENT_LABELS), rows, charted=2)


def _trend(trend_counts, trend_figures, network: dict[int, int], several: bool) -> Table:
    """Year by year; the people of the network's own count (`network`) where there is one, else
    added up (and labelled so when `several` centres are)."""
    sums = {name: Sum(name) for name in COUNTS}
    found = {row["figures__year"]: row for row in trend_counts.values("figures__year").annotate(**sums).order_by()}
    people = dict(trend_figures.values_list("year").annotate(n=Sum("people")).order_by())
    rows = [
        [year, *(found.get(year, {}).get(name) or 0 for name in COUNTS), network.get(year, people[year] or 0)]
        for year in sorted(people)
    ]
    label = PEOPLE_SUMMED if several and not set(people) <= set(network) else "Personnes touchées"
    return Table("trend", "Évolution sur les années", ("Année", *COUNT_LABELS, label), rows, "line", 2)
