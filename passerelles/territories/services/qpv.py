"""Import the official list of quartiers prioritaires (QPV) published by the ANCT.

The file is a CSV (`;`, `,` or tab separated; UTF-8 or Windows-1252) with at least the columns
`code_qp`, `lib_qp` and the commune code(s) (`insee_com`). A QPV spanning several communes is
either one row listing the codes or one row per commune. The 2015 and 2024 generations are kept
apart by their validity dates. The import is all-or-nothing: any bad line and nothing is written,
with the problems reported line by line in French (the first 100, and how many more).

A code has the official shape: QP (2015) or QN (2024), the département (« 93 », « 093 », « 2A »,
« 02A », « 971 ») then the quartier's number and, in the 2024 list, a final letter: QP093001,
QN09301M, QN0930001, QN97101X. Every line has as many values as the header has columns. Text is
cleaned of control characters and kept on one line (core.text).
"""

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from django.db import transaction

from passerelles.core.imports import ImportRejected, csv_rows
from passerelles.core.text import clean_line

from ..enums import Kind, QpvGeneration
from ..models import Territory
from ..text import fold

COMMUNE_COLUMNS = ("insee_com", "code_insee", "insee_commune", "code_commune", "codes_insee", "insee_coms")
POPULATION_COLUMNS = ("pop_mun", "population", "pop_muni")
GENERATION_DATES = {
    QpvGeneration.QPV_2015: (date(2015, 1, 1), date(2023, 12, 31)),
    QpvGeneration.QPV_2024: (date(2024, 1, 1), None),
}
MAX_POPULATION = 5_000_000
_SPLIT_CODES = re.compile(r"[\s,;|/]+")
CODE_SHAPE = re.compile(r"^Q[NP](?:0?2[AB]|\d{2,3})\d{2,4}[A-Z]?$")


class QpvImportError(ImportRejected):
    pass


@dataclass
class Qpv:
    code: str
    name: str
    generation: str
    valid_from: date
    valid_to: date | None
    population: int | None = None
    communes: list = field(default_factory=list)
    line: int = 0


@dataclass
class Layout:
    """The file's columns, as its header names them, and the generation asked for at the import."""

    headers: dict  # lowercased name -> name in the file
    columns: int
    commune_column: str | None
    population_column: str | None
    generation: str | None

    def cell(self, row: dict[str | None, Any], name: str) -> str:
        column = self.headers.get(name)
        return clean_line(row.get(column) or "") if column else ""


@dataclass
class QpvReport:
    created: int = 0
    updated: int = 0
    communes_linked: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated


def _parse_date(value: str, line: int, column: str, errors: list[str]) -> date | None:
    value = value.strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    errors.append(f"Ligne {line} : date « {value} » illisible dans la colonne « {column} » (AAAA-MM-JJ attendu).")
    return None


def _generation(code: str, value: str, default: str | None, line: int, errors: list[str]) -> str | None:
    """The generation given on the line, else at the import, else told by the code (QP: 2015, QN: 2024)."""
    if value in QpvGeneration.values:
        return value
    if value:
        errors.append(f"Ligne {line} : génération « {value[:20]} » inconnue (2015 ou 2024 attendu).")
        return None
    if default:
        return default
    return QpvGeneration.QPV_2015 if code.startswith("QP") else QpvGeneration.QPV_2024


def parse_qpv_file(raw: bytes, generation: str | None = None) -> list[Qpv]:
    """Parse the file into QPVs; raise QpvImportError listing every problem."""
    reader = csv_rows(raw, QpvImportError)
    headers = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    commune_column = next((headers[c] for c in COMMUNE_COLUMNS if c in headers), None)
    missing = [c for c in ("code_qp", "lib_qp") if c not in headers]
    if commune_column is None:
        missing.append("insee_com")
    if missing:
        found = ", ".join(headers) or "aucune"
        raise QpvImportError(
            [f"Colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}. Colonnes trouvées : {found}."]
        )
    population_column = next((headers[c] for c in POPULATION_COLUMNS if c in headers), None)
    layout = Layout(headers, len(reader.fieldnames or []), commune_column, population_column, generation)
    errors: list[str] = []
    qpvs: dict[str, Qpv] = {}
    try:
        for row in reader:
            _read_row(row, reader.line_num, layout, qpvs, errors)
    except csv.Error:
        errors.append(f"Ligne {reader.line_num} : ligne illisible (guillemet non refermé ou valeur trop longue).")
    if not qpvs and not errors:
        errors.append("Le fichier ne contient aucun quartier.")
    if errors:
        raise QpvImportError(errors)
    return list(qpvs.values())


def _read_row(row: dict[str | None, Any], line: int, layout: Layout, qpvs: dict[str, Qpv], errors: list[str]) -> None:
    """Add the line's quartier to `qpvs`, or its problems to `errors`."""
    if None in row or None in row.values():
        found = layout.columns + len(row.get(None, [])) - sum(value is None for value in row.values())
        errors.append(f"Ligne {line} : {found} valeur(s) au lieu de {layout.columns}, une par colonne de l'en-tête.")
        return
    cell = partial(layout.cell, row)
    code, name = cell("code_qp").upper(), cell("lib_qp")
    communes = [c.upper() for c in _SPLIT_CODES.split(clean_line(row[layout.commune_column] or "")) if c]
    if not code and not name and not communes:
        return  # blank line
    if not code:
        errors.append(f"Ligne {line} : code du quartier (code_qp) manquant.")
        return
    if not CODE_SHAPE.match(code):
        errors.append(
            f"Ligne {line} : code du quartier « {code[:20]} » mal formé (QP ou QN, le département puis le numéro, "
            "ex. QP093001 ou QN09301M)."
        )
        return
    if not name or len(name) > 200:
        errors.append(f"Ligne {line} : nom du quartier (lib_qp) manquant ou de plus de 200 caractères pour « {code} ».")
        return
    if not communes:
        errors.append(f"Ligne {line} : aucune commune indiquée pour « {code} ».")
        return
    gen = _generation(code, cell("generation"), layout.generation, line, errors)
    if gen is None:
        return
    start, end = GENERATION_DATES[QpvGeneration(gen)]
    start = _parse_date(cell("date_debut"), line, "date_debut", errors) or start
    end = _parse_date(cell("date_fin"), line, "date_fin", errors) or end
    population = None
    if layout.population_column and (raw_pop := clean_line(row[layout.population_column] or "").replace(" ", "")):
        if raw_pop.isdigit() and int(raw_pop) <= MAX_POPULATION:
            population = int(raw_pop)
        else:
            errors.append(f"Ligne {line} : population « {raw_pop[:20]} » invalide (nombre d'habitants attendu).")
    existing = qpvs.get(code)
    if existing is None:
        qpvs[code] = Qpv(code, name, gen, start, end, population, communes, line)
    elif fold(existing.name) != fold(name):
        errors.append(
            f"Ligne {line} : le quartier « {code} » porte deux noms différents "
            f"(« {existing.name} » ligne {existing.line}, « {name} » ici)."
        )
    else:
        existing.communes += [c for c in communes if c not in existing.communes]


@transaction.atomic
def import_qpv(raw: bytes, generation: str | None = None, is_demo: bool = False) -> QpvReport:
    """Validate the whole file, then write it in one transaction."""
    qpvs = parse_qpv_file(raw, generation)
    wanted = {code for qpv in qpvs for code in qpv.communes}
    known = {t.code: t for t in Territory.objects.filter(kind__in=[Kind.COMMUNE, Kind.ARRONDISSEMENT], code__in=wanted)}
    errors = [
        f"Ligne {qpv.line} : commune inconnue « {code} » pour le quartier « {qpv.code} » (code INSEE du COG attendu)."
        for qpv in qpvs
        for code in qpv.communes
        if code not in known
    ]
    if errors:
        raise QpvImportError(errors)

    Link = Territory.ancestors.through
    above: dict[int, set[int]] = {}
    for child, parent in Link.objects.filter(from_territory__in=known.values()).values_list(
        "from_territory_id", "to_territory_id"
    ):
        above.setdefault(child, set()).add(parent)
    report = QpvReport()
    for qpv in qpvs:
        communes = [known[code] for code in qpv.communes]
        territory, created = Territory.objects.update_or_create(
            kind=Kind.QPV,
            code=qpv.code,
            defaults={
                "name": qpv.name,
                "zone": communes[0].zone,
                "qpv_generation": qpv.generation,
                "valid_from": qpv.valid_from,
                "valid_to": qpv.valid_to,
                "population": qpv.population,
                "is_demo": is_demo,
            },
        )
        report.created += created
        report.updated += not created
        ancestors = {c.pk for c in communes}.union(*(above.get(c.pk, set()) for c in communes))
        territory.ancestors.set(ancestors)
        report.communes_linked += len(communes)
    return report
