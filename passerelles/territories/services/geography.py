"""Load the official geography (COG) from the compact file shipped in data/geography/.

Layered like the rest of the importers: `read_geography` parses the file, `GeographyLoader`
writes it in one transaction (upserts, so a second load changes nothing), and the
`load_geography` management command only wires them to the terminal.
"""

import csv
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from passerelles.core.bulk import chunks, insert_rows

from ..enums import Kind
from ..models import GeographyRelease, PostalCode, Territory
from ..text import fold

BATCH = 5000
# Parents are created before children, so each pass can resolve its parent codes.
PASSES = [Kind.REGION, Kind.DEPARTEMENT, Kind.EPCI, Kind.COMMUNE, Kind.ARRONDISSEMENT]
PARENT_KIND = {Kind.DEPARTEMENT: Kind.REGION, Kind.COMMUNE: Kind.DEPARTEMENT, Kind.ARRONDISSEMENT: Kind.COMMUNE}


@dataclass
class LoadReport:
    cog_year: int
    counts: dict = field(default_factory=dict)
    ancestry_links: int = 0
    postcodes: int = 0


def geography_file() -> Path:
    return Path(settings.PASSERELLES["GEOGRAPHY_FILE"])


def read_metadata(path: str | Path | None = None) -> dict[str, Any]:
    path = Path(path or geography_file())
    return json.loads(path.with_name("cog.json").read_text(encoding="utf-8"))


def read_geography(path: str | Path | None = None) -> dict[Kind, list[dict[str, str]]]:
    """Rows of the shipped file grouped by kind, in loading order."""
    path = Path(path or geography_file())
    grouped: dict[Kind, list[dict[str, str]]] = {kind: [] for kind in PASSES}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            grouped[Kind(row["kind"])].append(row)
    return grouped


# Told after each step: (step, number of steps).
Progress = Callable[[int, int], object]


class GeographyLoader:
    def __init__(self, path: str | Path | None = None, progress: Progress | None = None) -> None:
        self.path = Path(path or geography_file())
        self.progress = progress or (lambda step, total: None)
        self.ids: dict[tuple[str, str], int] = {}  # (kind, code) -> primary key

    @transaction.atomic
    def load(self) -> LoadReport:
        metadata = read_metadata(self.path)
        grouped = read_geography(self.path)
        report = LoadReport(cog_year=metadata["cog_year"])
        steps = len(PASSES) + 2
        for step, kind in enumerate(PASSES, start=1):
            report.counts[kind] = self._upsert(kind, grouped[kind])
            self.progress(step, steps)
        report.ancestry_links = self._link_ancestors(grouped)
        self.progress(steps - 1, steps)
        report.postcodes = self._load_postcodes(grouped[Kind.COMMUNE] + grouped[Kind.ARRONDISSEMENT])
        self.progress(steps, steps)
        GeographyRelease.objects.all().delete()
        GeographyRelease.objects.create(cog_year=metadata["cog_year"], source=metadata["source"])
        transaction.on_commit(analyze_territories)
        return report

    def _upsert(self, kind: Kind, rows: list[dict[str, str]]) -> int:
        """Insert new territories and update changed ones; unchanged rows cost no write."""
        parent_kind = PARENT_KIND.get(kind)
        fields = ["name", "zone", "population", "parent_id"]
        existing = {code: values for code, *values in Territory.objects.filter(kind=kind).values_list("code", *fields)}
        new, changed = [], []
        for row in rows:
            values = [
                row["name"],
                row["zone"],
                int(row["population"]) if row["population"] else None,
                self.ids.get((parent_kind, row["parent"])) if parent_kind else None,
            ]
            if row["code"] not in existing:
                new.append((kind, row["code"], fold(row["name"]), "", False, *values))
            elif existing[row["code"]] != values:
                changed.append(
                    Territory(
                        kind=kind,
                        code=row["code"],
                        search_name=fold(row["name"]),
                        **dict(zip(fields, values, strict=True)),
                    )
                )
        columns = ("kind", "code", "search_name", "qpv_generation", "is_demo", *fields)
        insert_rows(Territory._meta.db_table, columns, new)
        if changed:
            Territory.objects.bulk_create(
                changed,
                batch_size=BATCH,
                update_conflicts=True,
                unique_fields=["kind", "code"],
                update_fields=["name", "search_name", "zone", "population", "parent"],
            )
        for code, pk in Territory.objects.filter(kind=kind).values_list("code", "id"):
            self.ids[(kind, code)] = pk
        return len(rows)

    def _link_ancestors(self, grouped: dict[Kind, list[dict[str, str]]]) -> int:
        """Store every containing territory of each COG territory (QPV links are the QPV importer's)."""
        ids = self.ids
        links = set()
        for row in grouped[Kind.DEPARTEMENT]:
            links.add((ids[(Kind.DEPARTEMENT, row["code"])], ids[(Kind.REGION, row["region"])]))
        commune_ancestors = {}
        for row in grouped[Kind.COMMUNE]:
            own = ids[(Kind.COMMUNE, row["code"])]
            above = [ids[(Kind.DEPARTEMENT, row["parent"])], ids[(Kind.REGION, row["region"])]]
            if row["epci"]:
                epci = ids[(Kind.EPCI, row["epci"])]
                above.append(epci)
                # An EPCI sits in the départements and régions of its member communes.
                links.update((epci, pk) for pk in above[:2])
            commune_ancestors[row["code"]] = above
            links.update((own, pk) for pk in above)
        for row in grouped[Kind.ARRONDISSEMENT]:
            own = ids[(Kind.ARRONDISSEMENT, row["code"])]
            commune = ids[(Kind.COMMUNE, row["parent"])]
            links.add((own, commune))
            links.update((own, pk) for pk in commune_ancestors[row["parent"]])
        Link = Territory.ancestors.through
        rows = Link.objects.filter(from_territory__kind__in=PASSES).values_list(
            "id", "from_territory_id", "to_territory_id"
        )
        existing = {(child, parent): pk for pk, child, parent in rows}
        stale = [pk for pair, pk in existing.items() if pair not in links]
        for chunk in chunks(stale):
            Link.objects.filter(pk__in=chunk).delete()
        insert_rows(Link._meta.db_table, ("from_territory_id", "to_territory_id"), links - existing.keys())
        return len(links)

    def _load_postcodes(self, rows: list[dict[str, str]]) -> int:
        wanted = {
            (code, self.ids[(Kind(row["kind"]), row["code"])]) for row in rows for code in row["postcodes"].split()
        }
        existing = set(PostalCode.objects.values_list("code", "commune_id"))
        stale = existing - wanted
        if stale:
            PostalCode.objects.filter(commune_id__in={commune for _, commune in stale}).delete()
            existing = set(PostalCode.objects.values_list("code", "commune_id"))
        insert_rows(PostalCode._meta.db_table, ("code", "commune_id"), wanted - existing)
        return len(wanted)


def analyze_territories() -> None:
    """Refresh the planner's statistics, so that it picks the name and code indexes."""
    tables = [Territory._meta.db_table, Territory.ancestors.through._meta.db_table, PostalCode._meta.db_table]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def load_geography(path: str | Path | None = None, progress: Progress | None = None) -> LoadReport:
    return GeographyLoader(path, progress).load()


def geography_is_loaded() -> bool:
    return GeographyRelease.objects.exists()
