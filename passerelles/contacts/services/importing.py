"""The CSV import of a centre's contacts, in two steps: `check` reads the whole file and says, line by
line and in French, what it would do and what is wrong, writing nothing; `write` then writes it all
in one transaction, or nothing. A file with one bad line is refused whole, its line named.

Files: UTF-8 with or without BOM, or Windows-1252 (what Excel writes in France); comma or semicolon
(the one the header line holds most). Columns are found by their header in any order and case;
only « nom » and « adresse électronique » are required. A cell starting like a formula (=, +, -, @)
is stored as the text it is (nothing here evaluates it; every CSV the product writes neutralises it
again); the apostrophe our own exports put before such a cell is taken off, so an export imports
back unchanged. An address (any case) twice in the file, or already a contact of the centre, is
merged (the first values kept, the empty ones completed, themes, groups and consents united) or
reported as an error, as the person chose (ContactImport.on_duplicate)."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from passerelles.core.csv_cells import spreadsheet_text, unneutralised
from passerelles.core.imports import MAX_LISTED
from passerelles.core.text import clean_line, clean_text
from passerelles.territories.text import fold

from ..enums import ImportState, OnDuplicate, Purpose
from ..models import Contact, ContactImport
from .import_writing import WriteRefused, write
from .lookups import CachedLookups, NotFound

# (field, header of the template, other headers understood, required, max length)
COLUMNS = [
    ("last_name", "nom", ["last name", "nom de famille"], True, 100),
    ("first_name", "prénom", ["first name"], False, 100),
    ("email", "adresse électronique", ["email", "e mail", "courriel", "mail", "adresse mail"], True, 254),
    ("function", "fonction", [], False, 200),
    ("organisation", "structure", ["organisation", "organisme", "employeur"], False, 200),
    ("territory", "territoire", ["commune", "code insee", "code commune"], False, 200),
    ("themes", "thèmes", ["theme"], False, 2000),
    ("notes", "notes", ["note", "commentaire"], False, 10000),
    ("consent", "consentement", ["consentements", "finalites"], False, 200),
    ("proof", "preuve du consentement", ["preuve"], False, 2000),
]
HEADERS = {fold(alias): name for name, header, aliases, _, _ in COLUMNS for alias in [header, *aliases]}
REQUIRED = [(name, header) for name, header, _, required, _ in COLUMNS if required]
MAX_LENGTH = {name: length for name, _, _, _, length in COLUMNS}
# Lines explained one by one in the preview; beyond, the counts say the rest.
NOTED_LINES = 200
# Files checked and imported while the person waits; larger ones go to a background job.
INLINE_BYTES = 200_000
PURPOSES = {fold(alias): purpose for purpose in Purpose for alias in (purpose.value, purpose.label)}
PURPOSE_WORDS = {"lettre": Purpose.NEWSLETTER, "invitations": Purpose.EVENTS, "reseau": Purpose.NETWORK}
EXAMPLE = [
    "Martin",
    "Claire",
    "claire.martin@example.org",
    "chef-de-projet",
    "Ville de Brest",
    "29019",
    "education|emploi-insertion",
    "",
    "newsletter|events",
    "Accord donné par courriel le 3 mars",
]


def template() -> str:
    """The CSV to fill in: the header line and one example line."""
    return spreadsheet_text([header for _, header, _, _, _ in COLUMNS], [EXAMPLE])


@dataclass
class Row:
    line: int
    email: str
    values: dict[str, str]
    function: Any = None
    territory: Any = None
    themes: list[Any] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    proof: str = ""
    lines: list[int] = field(default_factory=list)  # the lines merged into this one


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # (line, address, what)
    lines: int = 0
    merged_in_file: int = 0
    existing: dict[str, int] = field(default_factory=dict)  # address: contact of the centre
    encoding: str = ""
    delimiter: str = ""

    def error(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED:
            self.errors.append(message)

    def note(self, line: int, email: str, what: str) -> None:
        if len(self.notes) < NOTED_LINES:
            self.notes.append((line, email, what))

    @property
    def completing(self) -> int:
        return sum(1 for row in self.rows if row.email in self.existing)

    def report(self) -> dict[str, Any]:
        refused = self.error_count > 0
        more = self.error_count - len(self.errors)
        return {
            "lines": self.lines,
            "new": len(self.rows) - self.completing,
            "completed": self.completing,
            "merged_in_file": self.merged_in_file,
            "errors": self.errors + ([f"… et {more} autre(s) problème(s), non détaillé(s) ici."] if more > 0 else []),
            "error_count": self.error_count,
            "notes": [] if refused else self.notes,
            "encoding": self.encoding,
            "delimiter": "point-virgule" if self.delimiter == ";" else "virgule",
        }


class FileUnreadable(Exception):
    pass


def decode(content: bytes) -> tuple[str, str]:
    """The text of the file and the name of its encoding."""
    if content.startswith(b"\xef\xbb\xbf"):
        try:
            return content[3:].decode("utf-8"), "UTF-8 avec BOM"
        except UnicodeDecodeError as error:
            raise FileUnreadable(_not_text(content, error)) from error
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise FileUnreadable(_not_text(content, error)) from error


def _not_text(content: bytes, error: UnicodeDecodeError) -> str:
    line = content[: error.start].count(b"\n") + 1
    return (
        f"Ligne {line} : le fichier n'est ni en UTF-8 ni en Windows-1252. Enregistrez-le au format "
        "« CSV UTF-8 » depuis votre tableur."
    )


def check(
    content: bytes,
    centre_id: int,
    on_duplicate: str,
    progress: Callable[[int], None] | None = None,
) -> Checked:
    """Everything the import would do, and every problem, without writing anything."""
    checked = Checked()
    try:
        text, checked.encoding = decode(content)
    except FileUnreadable as error:
        checked.error(str(error))
        return checked
    first_line = text.split("\n", 1)[0]
    checked.delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=checked.delimiter)
    try:
        header = next(reader, None)
    except csv.Error as error:
        checked.error(f"Ligne 1 : ligne d'en-tête illisible ({error}).")
        return checked
    if not header or not any(cell.strip() for cell in header):
        checked.error("Le fichier est vide : la première ligne doit nommer les colonnes (téléchargez le modèle).")
        return checked
    columns = _columns(header, checked)
    if checked.error_count:
        return checked
    existing = dict(Contact.objects.of_centre(centre_id).values_list("email", "pk"))
    lookups = CachedLookups()
    by_email: dict[str, Row] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            checked.lines += 1
            row = _row(line, cells, columns, len(header), lookups, checked)
            if progress and checked.lines % 1000 == 0:
                progress(1000)
            if row is None:
                continue
            _place(row, by_email, existing, on_duplicate, checked)
    except csv.Error as error:
        checked.error(f"Ligne {reader.line_num} : ligne illisible ({error}).")
    if progress:
        progress(checked.lines % 1000)
    if checked.lines == 0 and not checked.error_count:
        checked.error("Le fichier ne contient que la ligne d'en-tête : aucun contact à importer.")
    checked.rows = list(by_email.values())
    checked.existing = {email: pk for email, pk in existing.items() if email in by_email}
    return checked


def _columns(header: list[str], checked: Checked) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = HEADERS.get(fold(cell.lstrip("\ufeff")))
        if name is None:
            if cell.strip():
                checked.error(
                    f"Ligne 1 : colonne « {cell.strip()[:60]} » inconnue ; les colonnes comprises sont "
                    f"{', '.join(h for _, h, _, _, _ in COLUMNS)}."
                )
        elif name in columns:
            checked.error(f"Ligne 1 : la colonne « {cell.strip()[:60]} » figure deux fois.")
        else:
            columns[name] = index
    for name, header_text in REQUIRED:
        if name not in columns:
            checked.error(f"Ligne 1 : colonne obligatoire « {header_text} » absente (téléchargez le modèle).")
    return columns


def _row(
    line: int, cells: list[str], columns: dict[str, int], width: int, lookups: CachedLookups, checked: Checked
) -> Row | None:
    problems = []
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        problems.append(f"{len(cells)} cellules pour {width} colonnes (un séparateur de trop ?)")
    values: dict[str, str] = {}
    for name, index in columns.items():
        raw = unneutralised(cells[index].strip()) if index < len(cells) else ""
        value = clean_text(raw).strip() if name == "notes" else clean_line(raw)
        if len(value) > MAX_LENGTH[name]:
            problems.append(f"« {name_of(name)} » dépasse {MAX_LENGTH[name]} caractères")
            value = value[: MAX_LENGTH[name]]
        values[name] = value
    email = values.get("email", "").lower()
    if not values.get("last_name"):
        problems.append("le nom manque")
    if not email:
        problems.append("l'adresse électronique manque")
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"adresse électronique « {email[:80]} » invalide")
    row = Row(line=line, email=email, values=values, proof=values.pop("proof", ""))
    for name, resolve in (("territory", lookups.territory), ("function", lookups.function)):
        try:
            setattr(row, name, resolve(values.pop(name, "")))
        except NotFound as error:
            problems.append(str(error))
    try:
        row.themes = lookups.themes(values.pop("themes", ""))
    except NotFound as error:
        problems.append(str(error))
    for word in filter(None, (w.strip() for w in values.pop("consent", "").replace(",", "|").split("|"))):
        purpose = PURPOSES.get(fold(word)) or PURPOSE_WORDS.get(fold(word).split(" ")[0])
        if purpose is None:
            problems.append(f"consentement « {word[:60]} » inconnu (attendu : {', '.join(p.value for p in Purpose)})")
        elif purpose not in row.purposes:
            row.purposes.append(purpose)
    if problems:
        checked.error(f"Ligne {line} : {' ; '.join(problems)}.")
        return None
    return row


def name_of(name: str) -> str:
    return next(header for field_name, header, _, _, _ in COLUMNS if field_name == name)


def _place(row: Row, by_email: dict[str, Row], existing: dict[str, int], on_duplicate: str, checked: Checked) -> None:
    first = by_email.get(row.email)
    if first is not None:
        if on_duplicate == OnDuplicate.REPORT:
            checked.error(f"Ligne {row.line} : l'adresse « {row.email} » figure déjà à la ligne {first.line}.")
            return
        _complete(first, row)
        checked.merged_in_file += 1
        checked.note(row.line, row.email, f"même adresse qu'à la ligne {first.line} : fusionnée avec elle")
        return
    if row.email in existing:
        if on_duplicate == OnDuplicate.REPORT:
            checked.error(f"Ligne {row.line} : l'adresse « {row.email} » est déjà celle d'un contact du centre.")
            return
        checked.note(row.line, row.email, "adresse déjà connue : le contact existant sera complété")
    else:
        checked.note(row.line, row.email, "nouveau contact")
    by_email[row.email] = row


def _complete(first: Row, other: Row) -> None:
    """`first` keeps its values, takes those it lacks from `other`, and unites the lists."""
    for name, value in other.values.items():
        if value and not first.values.get(name):
            first.values[name] = value
    first.function = first.function or other.function
    first.territory = first.territory or other.territory
    first.themes += [t for t in other.themes if t not in first.themes]
    first.purposes += [p for p in other.purposes if p not in first.purposes]
    first.proof = first.proof or other.proof
    first.lines.append(other.line)


def confirm(contact_import: ContactImport, actor: Any, progress: Callable[[int], None] | None = None) -> bool:
    """Check the file again (the centre's contacts may have changed) and write it, all or nothing.
    Runs once: an import that is not waiting to be written (done, refused, cancelled) is left as it
    is. Returns whether it was written."""
    if not ContactImport.objects.filter(pk=contact_import.pk, state=ImportState.IMPORTING).exists():
        return False
    checked = check(bytes(contact_import.content), contact_import.centre_id, contact_import.on_duplicate, progress)
    with transaction.atomic():
        locked = ContactImport.objects.select_for_update().get(pk=contact_import.pk)
        if locked.state != ImportState.IMPORTING:
            return False
        report = checked.report()
        if checked.error_count:
            return _refuse(locked, report)
        try:
            with transaction.atomic():
                report["written"] = write(locked, checked, actor)
        except WriteRefused as refused:
            report["errors"] = [str(refused)]
            report["error_count"] = 1
            return _refuse(locked, report)
        report["notes"] = []  # the addresses go with the file: only the counts stay
        locked.state, locked.content, locked.report = ImportState.DONE, b"", report
        locked.save(update_fields=["state", "content", "report"])
    return True


def _refuse(contact_import: ContactImport, report: dict[str, Any]) -> bool:
    report["notes"] = []
    contact_import.state, contact_import.report, contact_import.content = ImportState.REFUSED, report, b""
    contact_import.save(update_fields=["state", "report", "content"])
    return False


def run_check(contact_import: ContactImport, progress: Callable[[int], None] | None = None) -> None:
    """The preview: the report stored, the import ready to confirm or refused."""
    checked = check(bytes(contact_import.content), contact_import.centre_id, contact_import.on_duplicate, progress)
    report = {**contact_import.report, **checked.report()}
    if checked.error_count:  # refused: the file goes, the report stays
        ContactImport.objects.filter(pk=contact_import.pk, state=ImportState.CHECKING).update(
            state=ImportState.REFUSED, report=report, content=b""
        )
    else:
        ContactImport.objects.filter(pk=contact_import.pk, state=ImportState.CHECKING).update(
            state=ImportState.READY, report=report
        )
