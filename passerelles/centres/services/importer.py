"""Load the initial directory from data/centres/centres.csv (compiled from public sources).

Cells carry their own doubts in parentheses ("Lyon (unverified)", "unknown (association likely)").
Each value is split from its remark; a fact whose cell says it is unverified or unknown is stored
as not verified, with the centre's sources, so the site shows it "à confirmer". The research
remarks (in English) are kept as internal notes, never shown to the public.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from passerelles.core.imports import ImportRejected
from passerelles.core.text import clean_line, clean_text
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory

from ..enums import Fact, LegalStatus, Level, Status
from ..models import Centre, CentreFact

DOUBT = re.compile(r"unverified|unknown|likely|possibly|planned", re.IGNORECASE)
YEAR = re.compile(r"^(\d{4})\b")
DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$", re.IGNORECASE)
PERIMETER_KINDS = {"region": Kind.REGION, "departement": Kind.DEPARTEMENT}


class CentreImportError(ImportRejected):
    pass


@dataclass
class Cell:
    value: str
    remark: str
    doubtful: bool

    @classmethod
    def parse(cls, raw: str | None) -> "Cell":
        raw = (raw or "").strip()
        value, _, remark = raw.partition(" (")
        value = value.strip()
        doubtful = not raw or bool(DOUBT.search(raw))
        if DOUBT.fullmatch(value) or value.lower() in {"unknown", "unverified", "none found"}:
            value = ""
        return cls(value, remark.rstrip(")"), doubtful)


@dataclass
class CentreRow:
    line: int
    reference_id: int
    values: dict
    perimeter: list
    seat_code: str
    facts: dict = field(default_factory=dict)  # Fact -> verified
    notes: str = ""


def _perimeter(value: str) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    kind = None
    for token in value.split(";"):
        token = token.strip()
        if ":" in token:
            prefix, _, token = token.partition(":")
            kind = PERIMETER_KINDS.get(prefix.strip())
        if kind and token:
            keys.append((kind, token.strip()))
    return keys


def _website(value: str) -> str:
    for token in re.split(r"[\s;]+", value):
        if DOMAIN.match(token):
            return f"https://{token.lower()}"
    return ""


def parse_former_names(raw: str | None) -> tuple[list[str], list[str]]:
    """Names only: remarks in parentheses and guesses ("possibly renamed …") go to the notes."""
    names, remarks = [], []
    for part in (raw or "").split(";"):
        cell = Cell.parse(part)
        if cell.value and not re.match(r"possibly|probably|maybe", cell.value, re.IGNORECASE):
            names.append(cell.value)
        if cell.remark or (cell.value and cell.value not in names):
            remarks.append(part.strip())
    return names, remarks


def parse_row(line: int, row: dict[str, str]) -> CentreRow:
    cells = {name: Cell.parse(row.get(name)) for name in row}
    former_names, former_remarks = parse_former_names(row["former_names"])
    status_word = cells["status"].value.split(" ")[0].split("/")[0].strip().lower() or "unverified"
    legal = cells["legal_status"]
    legal_status = {
        "association loi 1901": LegalStatus.ASSOCIATION,
        "gip": LegalStatus.GIP,
        "other": LegalStatus.OTHER,
    }.get(legal.value.lower(), LegalStatus.UNKNOWN)
    creation = YEAR.match(cells["creation_year"].value)
    level_word = cells["level"].value.split(" ")[0].lower()
    values = {
        "name": cells["name"].value,
        "short_name": cells["short_name"].value,
        "former_names": "\n".join(former_names),
        "status": status_word if status_word in Status.values else Status.UNVERIFIED,
        "latest_evidence_year": int(m.group(1)) if (m := YEAR.match(row["latest_evidence"] or "")) else None,
        "legal_status": legal_status,
        "legal_status_detail": legal.remark if legal_status == LegalStatus.OTHER else "",
        "creation_year": int(creation.group(1)) if creation else None,
        "website": _website(cells["website"].value),
        "level": level_word if level_word in Level.values else Level.REGIONAL,
        "overseas": row["overseas"].strip().lower() == "yes",
        "sources": "\n".join(u.strip() for u in row["sources"].split(" ; ") if u.strip().startswith("http")),
    }
    facts = {
        Fact.NAME: True,
        Fact.FORMER_NAMES: not cells["former_names"].doubtful or not row["former_names"].strip(),
        Fact.STATUS: values["status"] == Status.ACTIVE and not cells["status"].doubtful,
        Fact.SEAT: not cells["seat_insee"].doubtful and not cells["seat_city"].doubtful,
        Fact.PERIMETER: not cells["perimeter"].doubtful,
        Fact.LEVEL: not cells["level"].doubtful,
        Fact.LEGAL_STATUS: not legal.doubtful and legal_status != LegalStatus.UNKNOWN,
        Fact.CREATION_YEAR: bool(creation) and not cells["creation_year"].doubtful,
        Fact.WEBSITE: bool(values["website"]) and not cells["website"].doubtful,
        Fact.CONTACT: False,
    }
    remarks = [f"{name}: {cell.remark}" for name, cell in cells.items() if cell.remark and name != "sources"]
    remarks += [f"former_names: {remark}" for remark in former_remarks]
    notes = "\n".join(filter(None, [row.get("notes", "").strip(), *remarks]))
    seat_code = cells["seat_insee"].value if re.fullmatch(r"[0-9AB]{5}", cells["seat_insee"].value) else ""
    return CentreRow(line, int(row["id"]), values, _perimeter(cells["perimeter"].value), seat_code, facts, notes)


COLUMNS = [
    "id",
    "name",
    "short_name",
    "former_names",
    "status",
    "latest_evidence",
    "seat_city",
    "seat_insee",
    "perimeter",
    "level",
    "overseas",
    "legal_status",
    "creation_year",
    "website",
    "sources",
    "notes",
]
MULTILINE = {"former_names", "perimeter", "sources", "notes"}  # the other values are cleaned onto one line


def read_centres(path: str | Path | None = None) -> list[CentreRow]:
    path = Path(path or settings.PASSERELLES["CENTRES_FILE"])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise CentreImportError(["Le fichier doit être encodé en UTF-8."]) from error
    except OSError as error:
        raise CentreImportError([f"Impossible de lire le fichier « {path} »."]) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise CentreImportError([f"Colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}."])
    rows, errors = [], []
    for row in reader:
        line = reader.line_num
        if None in row or None in row.values():
            errors.append(f"Ligne {line} : le nombre de valeurs ne correspond pas aux colonnes de l'en-tête.")
            continue
        row = {name: (clean_text if name in MULTILINE else clean_line)(value) for name, value in row.items()}
        if not row["id"].strip().isdigit() or not row["name"].strip():
            errors.append(f"Ligne {line} : numéro (id) ou nom (name) manquant.")
            continue
        rows.append(parse_row(line, row))
    if errors:
        raise CentreImportError(errors)
    return rows


@transaction.atomic
def import_centres(path: str | Path | None = None, update: bool = False) -> int:
    """Create the centres of the reference file; with `update`, overwrite those already there.
    Without it, centres already in the database (perhaps corrected by an animator) are left alone."""
    rows = read_centres(path)
    wanted = {key for row in rows for key in row.perimeter}
    territories = {
        (t.kind, t.code): t
        for t in Territory.objects.filter(kind__in=PERIMETER_KINDS.values(), code__in={code for _, code in wanted})
    }
    seats = {t.code: t for t in Territory.objects.communes().filter(code__in=[row.seat_code for row in rows])}
    errors = [
        f"Ligne {row.line} : territoire inconnu « {kind}:{code} » dans le périmètre."
        for row in rows
        for kind, code in row.perimeter
        if (kind, code) not in territories
    ]
    if errors:
        raise CentreImportError(errors)
    created = 0
    for row in rows:
        centre = Centre.objects.filter(reference_id=row.reference_id).first()
        if centre and not update:
            continue
        values = dict(row.values, seat=seats.get(row.seat_code), internal_notes=row.notes)
        if centre is None:
            centre = Centre(reference_id=row.reference_id, slug=_unique_slug(row.values))
            created += 1
        for name, value in values.items():
            setattr(centre, name, value)
        centre.save()
        centre.perimeter.set([territories[key] for key in row.perimeter])
        for fact, verified in row.facts.items():
            CentreFact.objects.update_or_create(
                centre=centre, fact=fact, defaults={"verified": verified, "source": centre.sources}
            )
    return created


def _unique_slug(values: dict[str, Any]) -> str:
    base = slugify(values["short_name"] or values["name"])[:70] or "centre"
    slug, n = base, 2
    while Centre.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
