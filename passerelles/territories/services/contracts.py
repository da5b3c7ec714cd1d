"""Import the list of the communes and EPCI that signed a contrat de ville (2015-2023 generation or
« Engagements Quartiers 2030 », 2024-2030), and say which list is loaded.

The file is a CSV (`;`, `,` or tab separated; UTF-8 or Windows-1252), one signatory a line, with at
least a code column: the commune's INSEE code (five characters, « 29019 », « 2A004 ») or the EPCI's
SIREN (nine digits) — the shape tells which. Optional columns: the signatory's name (read by people,
not checked), the contract's label and the generation (« 2015 » or « 2024 », 2024 when absent).

One list at a time: an import replaces the whole list, all-or-nothing — any bad line and nothing is
written, with the problems reported line by line in French (the first 100, and how many more)."""

import csv
import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from passerelles.core.imports import ImportRejected, csv_rows
from passerelles.core.text import clean_line

from ..enums import ContractGeneration, Kind
from ..models import ContractList, ContractSignatory, Territory

CODE_COLUMNS = ("code", "code_insee", "insee_com", "siren", "siren_epci", "code_signataire")
NAME_COLUMNS = ("nom", "nom_signataire", "lib_com", "lib_epci", "libelle")
LABEL_COLUMNS = ("contrat", "lib_contrat", "libelle_contrat", "nom_contrat")
MAX_TEXT = 200
COMMUNE_SHAPE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
SIREN_SHAPE = re.compile(r"^\d{9}$")


class ContractImportError(ImportRejected):
    pass


@dataclass
class Signatory:
    code: str
    kind: str
    generation: str
    label: str
    line: int


@dataclass
class ContractReport:
    communes: int = 0
    epci: int = 0

    @property
    def total(self) -> int:
        return self.communes + self.epci


def parse_contracts_file(raw: bytes) -> list[Signatory]:
    """Parse the file into signatories; raise ContractImportError listing every problem."""
    reader = csv_rows(raw, ContractImportError)
    headers = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    columns = {
        role: next((headers[c] for c in names if c in headers), None)
        for role, names in (("code", CODE_COLUMNS), ("name", NAME_COLUMNS), ("label", LABEL_COLUMNS))
    }
    columns["generation"] = headers.get("generation")
    if columns["code"] is None:
        found = ", ".join(headers) or "aucune"
        raise ContractImportError(
            [
                "Colonne obligatoire absente : code (code INSEE de la commune ou SIREN de l'EPCI). "
                f"Colonnes trouvées : {found}."
            ]
        )
    width = len(reader.fieldnames or [])
    errors: list[str] = []
    signatories: dict[tuple[str, str], Signatory] = {}
    try:
        for row in reader:
            _read_row(row, reader.line_num, columns, width, signatories, errors)
    except csv.Error:
        errors.append(f"Ligne {reader.line_num} : ligne illisible (guillemet non refermé ou valeur trop longue).")
    if not signatories and not errors:
        errors.append("Le fichier ne contient aucun signataire.")
    if errors:
        raise ContractImportError(errors)
    return list(signatories.values())


def _read_row(
    row: dict[str | None, Any],
    line: int,
    columns: dict[str, str | None],
    width: int,
    signatories: dict[tuple[str, str], Signatory],
    errors: list[str],
) -> None:
    """Add the line's signatory to `signatories`, or its problems to `errors`."""
    if None in row or None in row.values():
        found = width + len(row.get(None, [])) - sum(value is None for value in row.values())
        errors.append(f"Ligne {line} : {found} valeur(s) au lieu de {width}, une par colonne de l'en-tête.")
        return
    cell = {role: clean_line(row[column] or "") if column else "" for role, column in columns.items()}
    if not any(cell.values()):
        return  # blank line
    code = cell["code"].replace(" ", "").upper()
    if not code:
        errors.append(f"Ligne {line} : code du signataire manquant (code INSEE de la commune ou SIREN de l'EPCI).")
        return
    if COMMUNE_SHAPE.match(code):
        kind = Kind.COMMUNE
    elif SIREN_SHAPE.match(code):
        kind = Kind.EPCI
    else:
        errors.append(
            f"Ligne {line} : code « {code[:20]} » mal formé (code INSEE de commune à cinq caractères, ex. 29019 "
            "ou 2A004, ou SIREN d'EPCI à neuf chiffres)."
        )
        return
    if len(cell["name"]) > MAX_TEXT or len(cell["label"]) > MAX_TEXT:
        errors.append(f"Ligne {line} : nom ou intitulé du contrat de plus de {MAX_TEXT} caractères pour « {code} ».")
        return
    generation = cell["generation"] or ContractGeneration.CV_2024
    if generation not in ContractGeneration.values:
        errors.append(f"Ligne {line} : génération « {generation[:20]} » inconnue (2015 ou 2024 attendu).")
        return
    if existing := signatories.get((code, generation)):
        errors.append(
            f"Ligne {line} : « {code} » figure déjà ligne {existing.line} pour la même génération de contrats."
        )
        return
    signatories[(code, generation)] = Signatory(code, kind, generation, cell["label"], line)


@transaction.atomic
def import_contracts(raw: bytes, is_demo: bool = False, source: str = "") -> ContractReport:
    """Validate the whole file, then replace the loaded list with it in one transaction.
    `source`: the file's name, said with the figures; `is_demo`: the demo sample."""
    signatories = parse_contracts_file(raw)
    wanted = {s.code for s in signatories}
    known = {
        (kind, code): pk
        for kind, code, pk in Territory.objects.filter(
            kind__in=[Kind.COMMUNE, Kind.EPCI, Kind.ARRONDISSEMENT], code__in=wanted
        ).values_list("kind", "code", "pk")
    }
    errors = [_unknown(s, known) for s in signatories if (s.kind, s.code) not in known]
    if errors:
        raise ContractImportError(errors)
    ContractList.objects.all().delete()
    contract_list = ContractList.objects.create(source=clean_line(source)[:MAX_TEXT], is_demo=is_demo)
    ContractSignatory.objects.bulk_create(
        ContractSignatory(
            contract_list=contract_list,
            territory_id=known[(s.kind, s.code)],
            generation=s.generation,
            label=s.label,
        )
        for s in signatories
    )
    report = ContractReport()
    for s in signatories:
        report.communes += s.kind == Kind.COMMUNE
        report.epci += s.kind == Kind.EPCI
    return report


def _unknown(signatory: Signatory, known: dict[tuple[str, str], int]) -> str:
    if signatory.kind == Kind.EPCI:
        return (
            f"Ligne {signatory.line} : EPCI inconnu « {signatory.code} » "
            "(SIREN d'un EPCI à fiscalité propre du COG attendu)."
        )
    if (Kind.ARRONDISSEMENT, signatory.code) in known:
        return (
            f"Ligne {signatory.line} : « {signatory.code} » est un arrondissement municipal : "
            "indiquez le code INSEE de sa commune."
        )
    return f"Ligne {signatory.line} : commune inconnue « {signatory.code} » (code INSEE du COG attendu)."


def describe_contract_list(on_date: datetime.date) -> str:
    """Which list of contrats de ville is loaded and how many of its signatories have a contract in
    force on `on_date`; empty when no list is loaded."""
    contract_list = ContractList.objects.first()
    if contract_list is None:
        return ""
    counts = ContractSignatory.objects.in_force(on_date).aggregate(
        communes=Count("pk", filter=Q(territory__kind=Kind.COMMUNE)),
        epci=Count("pk", filter=Q(territory__kind=Kind.EPCI)),
    )
    if contract_list.is_demo:
        origin = "échantillon de démonstration"
    else:
        day = f"{timezone.localdate(contract_list.loaded_at):%d/%m/%Y}"
        origin = (
            f"fichier « {contract_list.source} » importé le {day}"
            if contract_list.source
            else f"liste importée le {day}"
        )
    return (
        f"Contrats de ville en vigueur le {on_date:%d/%m/%Y} ({origin}) : "
        f"{counts['communes']} commune(s) et {counts['epci']} EPCI signataires."
    )
