"""A report's figures in the national reporting shape, computed from the data: the activity of the
year by activity, theme, function and département (indicators), what the perimeter covers at the
end of the year (indicators.coverage), and the year's co-financing (funding). Plain JSON, so that a
submitted report keeps the figures it was submitted with; the network report adds up its centres'."""

import datetime
from collections import defaultdict
from typing import Any

from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.funding.enums import Funder
from passerelles.funding.models import FundingYear
from passerelles.indicators.models import YearFigures
from passerelles.indicators.services import activity
from passerelles.indicators.services.coverage import Coverage, coverage, network_coverage
from passerelles.indicators.services.dashboard import dashboard

COVERAGE = (
    ("communes", "Communes"),
    ("population", "Population"),
    ("qpv", "Quartiers prioritaires (QPV)"),
    ("qpv_population", "Population des QPV"),
    ("departements", "Départements"),
)
TABLES = ("activity", "theme", "function", "departement")


def centre_figures(centre: Centre, year: int, refresh: bool = True) -> dict[str, Any]:
    """The figures of `centre` for `year`, its stored indicators refreshed first. Without `refresh`
    (a page read, an export of a draft), they are read as the clock keeps them (ADR 0013), and
    computed only when the year has none yet: reading a report writes nothing."""
    stored = YearFigures.objects.filter(centre=centre, year=year).values_list("computed_at", flat=True).first()
    if refresh or stored is None:
        stored = activity.refresh(year, [centre])[0].computed_at
    found = dashboard(year, [centre.pk], by_centre=False, trend_years=[year])
    on_date = min(datetime.date(year, 12, 31), timezone.localdate())
    covered = network_coverage(on_date)  # kept in the cache: a report does not count every commune again
    if centre not in covered.centres:  # a centre that covers nothing any more
        covered = coverage(on_date, [centre])
    return {
        "year": year,
        "computed_at": stored.isoformat(),
        "totals": found.totals,
        "tables": [
            {"key": table.key, "title": table.title, "columns": list(table.columns), "rows": table.rows}
            for table in found.tables
            if table.key in TABLES
        ],
        "coverage": described(covered.centres[centre], on_date, covered.qpv_list),
        "funding": _funding(centre, year),
    }


def described(covered: Coverage, on_date: datetime.date, qpv_list: str) -> dict[str, Any]:
    """What a coverage holds, as a report keeps it."""
    return {
        "on_date": on_date.isoformat(),
        "communes": covered.total.communes,
        "population": covered.total.population,
        "qpv": covered.total.qpv,
        "qpv_population": covered.total.qpv_population,
        "departements": covered.departements,
        "qpv_list": qpv_list,
    }


def _funding(centre: Centre, year: int) -> dict[str, Any]:
    funding_year = FundingYear.objects.filter(centre=centre, year=year).prefetch_related("lines").first()
    if funding_year is None:
        return {"lines": [], "total": 0, "state": 0, "state_share": None, "locked": False}
    amounts = funding_year.amounts()
    total, state = funding_year.total(), funding_year.state_amount()
    return {
        "lines": [[funder.label, amounts[funder]] for funder in Funder if amounts.get(funder)],
        "total": total,
        "state": state,
        "state_share": round(100 * state / total, 1) if total else None,
        "locked": funding_year.is_locked,
    }


def network_figures(reports) -> dict[str, Any]:
    """The sum of the figures of `reports` (submitted, so frozen): totals, each table's rows added
    up by label, funding by funder. Coverage is not added up (perimeters may overlap): the network
    report computes it for the network as a whole."""
    totals: dict[str, int] = defaultdict(int)
    tables: dict[str, dict] = {}
    lines: dict[str, int] = defaultdict(int)
    funding = {"total": 0, "state": 0}
    for report in reports:
        figures = report.figures
        for name, value in figures.get("totals", {}).items():
            totals[name] += value
        for table in figures.get("tables", []):
            merged = tables.setdefault(table["key"], {**table, "rows": {}})
            for row in table["rows"]:
                line = merged["rows"].setdefault(row[0], [row[0], *(0 for _ in row[1:])])
                for index, value in enumerate(row[1:], start=1):
                    line[index] += value
        for funder, amount in figures.get("funding", {}).get("lines", []):
            lines[funder] += amount
        for name in funding:
            funding[name] += figures.get("funding", {}).get(name, 0)
    for table in tables.values():
        table["rows"] = sorted(table["rows"].values(), key=lambda row: (row[0] == "Non renseigné", -row[2], row[0]))
    order = {key: index for index, key in enumerate(TABLES)}
    return {
        "totals": dict(totals),
        "tables": sorted(tables.values(), key=lambda table: order.get(table["key"], 99)),
        "funding": {
            "lines": sorted(lines.items(), key=lambda line: -line[1]),
            **funding,
            "state_share": round(100 * funding["state"] / funding["total"], 1) if funding["total"] else None,
        },
    }
