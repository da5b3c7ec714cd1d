"""Import the official list of quartiers prioritaires (QPV) published by the ANCT.

The file is a CSV (`;`, `,` or tab separated; UTF-8 or Windows-1252) with at least the columns
`code_qp`, `lib_qp` and the commune code(s) (`insee_com`). A QPV spanning several communes is
either one row listing the codes or one row per commune. The 2015 and 2024 generations are kept
apart by their validity dates. The import is all-or-nothing: any bad line and nothing is written,
with every problem reported line by line in French.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction

from passerelles.core.imports import ImportRejected

from ..enums import Kind, QpvGeneration
from ..models import Territory
from ..text import fold

COMMUNE_COLUMNS = ("insee_com", "code_insee", "insee_commune", "code_commune", "codes_insee", "insee_coms")
POPULATION_COLUMNS = ("pop_mun", "population", "pop_muni")
GENERATION_DATES = {
    QpvGeneration.QPV_2015: (date(2015, 1, 1), date(2023, 12, 31)),
    QpvGeneration.QPV_2024: (date(2024, 1, 1), None),
}
MAX_SIZE = 20 * 1024 * 1024
MAX_POPULATION = 5_000_000
_SPLIT_CODES = re.compile(r"[\s,;|/]+")


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
class QpvReport:
    created: int = 0
    updated: int = 0
    communes_linked: int = 0

    @property
    def total(self):
        return self.created + self.updated


def _decode(raw):
    if len(raw) > MAX_SIZE:
        raise QpvImportError([f"Le fichier dépasse la taille maximale de {MAX_SIZE // (1024 * 1024)} Mo."])
    if b"\x00" in raw[:4096]:
        raise QpvImportError(["Le fichier n'est pas un fichier texte CSV (contenu binaire détecté)."])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise QpvImportError(["L'encodage du fichier n'est pas reconnu (UTF-8 ou Windows-1252 attendu)."])


def _parse_date(value, line, column, errors):
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


def _generation(code, value, default, line, errors):
    value = (value or "").strip()
    if value in QpvGeneration.values:
        return value
    if value:
        errors.append(f"Ligne {line} : génération « {value} » inconnue (2015 ou 2024 attendu).")
        return None
    if default:
        return default
    if code.upper().startswith("QP"):
        return QpvGeneration.QPV_2015
    if code.upper().startswith("QN"):
        return QpvGeneration.QPV_2024
    errors.append(
        f"Ligne {line} : impossible de savoir si le quartier « {code} » appartient à la génération 2015 ou 2024 "
        "(ajoutez une colonne « generation » ou précisez la génération à l'import)."
    )
    return None


def parse_qpv_file(raw, generation=None):
    """Parse the file into QPVs; raise QpvImportError listing every problem."""
    text = _decode(raw)
    if not text.strip():
        raise QpvImportError(["Le fichier est vide."])
    first_line = text.splitlines()[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
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

    def cell(row, name):
        column = headers.get(name)
        return (row.get(column) or "").strip() if column else ""

    errors, qpvs = [], {}
    for line, row in enumerate(reader, start=2):
        if None in row:
            errors.append(f"Ligne {line} : trop de valeurs par rapport à l'en-tête.")
            continue
        code, name = cell(row, "code_qp").upper(), cell(row, "lib_qp")
        communes = [c.upper() for c in _SPLIT_CODES.split(row.get(commune_column) or "") if c]
        if not code and not name and not communes:
            continue  # blank line
        if not code or len(code) > 20:
            errors.append(f"Ligne {line} : code du quartier (code_qp) manquant ou trop long.")
            continue
        if not name or len(name) > 200:
            errors.append(
                f"Ligne {line} : nom du quartier (lib_qp) manquant ou de plus de 200 caractères pour « {code} »."
            )
            continue
        if not communes:
            errors.append(f"Ligne {line} : aucune commune indiquée pour « {code} ».")
            continue
        gen = _generation(code, cell(row, "generation"), generation, line, errors)
        if gen is None:
            continue
        start, end = GENERATION_DATES[QpvGeneration(gen)]
        start = _parse_date(cell(row, "date_debut"), line, "date_debut", errors) or start
        end = _parse_date(cell(row, "date_fin"), line, "date_fin", errors) or end
        population = None
        if population_column and (raw_pop := (row.get(population_column) or "").strip().replace(" ", "")):
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
    if not qpvs and not errors:
        errors.append("Le fichier ne contient aucun quartier.")
    if errors:
        raise QpvImportError(errors)
    return list(qpvs.values())


@transaction.atomic
def import_qpv(raw, generation=None, is_demo=False):
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
    above = {}
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
