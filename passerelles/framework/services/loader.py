"""Load the shipped reference framework (data/framework/cadre-2017.json): its documents, their
versions, signatories and commitments. All or nothing: every row is checked as the admin checks it
(full_clean) inside one transaction, every problem reported in French, and a refusal writes nothing.

Loading again puts the shipped documents back as the file has them (rows kept in place, so their
keys do not change); the documents and versions the national animation added are left alone."""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

from passerelles.core.imports import ImportRejected

from ..models import Commitment, Document, Signatory, Version

DOCUMENT_KEYS = {"slug", "kind", "title", "partner", "summary", "versions"}
VERSION_KEYS = {"label", "signed_on", "in_force_from", "in_force_until", "changes", "source"}
VERSION_KEYS |= {"signatories", "commitments"}
SIGNATORY_KEYS = {"organisation", "person", "capacity"}
COMMITMENT_KEYS = {"section", "text", "indicators"}
DATES = ("signed_on", "in_force_from", "in_force_until")


class FrameworkImportError(ImportRejected):
    pass


@dataclass
class LoadReport:
    documents: int = 0
    versions: int = 0
    signatories: int = 0
    commitments: int = 0


def framework_file() -> Path:
    return Path(settings.DATA_DIR) / "framework" / "cadre-2017.json"


def framework_is_loaded() -> bool:
    return Document.objects.exists()


def load_framework(path: Path | None = None) -> LoadReport:
    path = path or framework_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise FrameworkImportError([f"Impossible de lire le fichier « {path} » : {error.strerror}."]) from error
    except json.JSONDecodeError as error:
        raise FrameworkImportError([f"Fichier JSON illisible, ligne {error.lineno} : {error.msg}."]) from error
    loader = _Loader()
    with transaction.atomic():
        loader.load(data)
        if loader.errors:
            raise FrameworkImportError(loader.errors)  # rolls the transaction back
    return loader.report


class _Loader:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.report = LoadReport()

    def load(self, data: Any) -> None:
        documents = self._read(data, "le fichier", {"source", "documents"}) or {}
        if not isinstance(documents.get("documents"), list):
            self.errors.append("Le fichier doit donner la liste de ses documents (« documents »).")
            return
        for position, raw in enumerate(documents["documents"], start=1):
            self._document(raw, position)

    def _document(self, raw: Any, position: int) -> None:
        where = f"document {position}"
        values = self._read(raw, where, DOCUMENT_KEYS)
        if values is None:
            return
        document = Document.objects.filter(slug=values.get("slug", "")).first() or Document()
        fields = {key: values.get(key, "") for key in ("slug", "kind", "title", "partner", "summary")}
        if not self._save(document, where, ordering=position, **fields):
            return
        self.report.documents += 1
        for number, raw_version in enumerate(self._list(values, "versions", where), start=1):
            self._version(document, raw_version, f"{where}, version {number}")

    def _version(self, document: Document, raw: Any, where: str) -> None:
        values = self._read(raw, where, VERSION_KEYS)
        if values is None:
            return
        version = Version.objects.filter(document=document, label=values.get("label", "")).first()
        version = version or Version(document=document)
        fields: dict[str, Any] = {key: values.get(key, "") for key in ("label", "changes", "source")}
        for key in DATES:
            fields[key] = self._date(values.get(key), f"{where}, {key}")
        if not self._save(version, where, **fields):
            return
        self.report.versions += 1
        self.report.signatories += self._rows(
            Signatory, version, self._list(values, "signatories", where), SIGNATORY_KEYS, f"{where}, signataire"
        )
        self.report.commitments += self._rows(
            Commitment, version, self._list(values, "commitments", where), COMMITMENT_KEYS, f"{where}, engagement"
        )

    def _rows(self, model: type[models.Model], version: Version, items: list, keys: set[str], where: str) -> int:
        """The version's signatories or commitments become `items`, in their order."""
        kept = list(model._default_manager.filter(version=version).order_by("ordering", "pk"))
        saved = 0
        for position, raw in enumerate(items, start=1):
            values = self._read(raw, f"{where} {position}", keys)
            if values is None:
                continue
            row = kept[position - 1] if position <= len(kept) else model(version=version)
            defaults = {key: [] if key == "indicators" else "" for key in keys}
            saved += self._save(row, f"{where} {position}", ordering=position, **{**defaults, **values})
        model._default_manager.filter(pk__in=[row.pk for row in kept[len(items) :]]).delete()
        return saved

    def _save(self, row: models.Model, where: str, **values: Any) -> bool:
        for key, value in values.items():
            setattr(row, key, value)
        try:
            row.full_clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                label = "" if field == NON_FIELD_ERRORS else getattr(row._meta.get_field(field), "verbose_name", field)
                name = f" « {label} »" if label else ""
                self.errors.extend(f"{where}{name} : {message}" for message in messages)
            return False
        row.save()
        return True

    def _read(self, raw: Any, where: str, keys: set[str]) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.errors.append(f"{where} : un objet JSON est attendu.")
            return None
        if unknown := sorted(set(raw) - keys):
            self.errors.append(f"{where} : clé(s) inconnue(s) {', '.join(unknown)}.")
            return None
        return raw

    def _list(self, values: dict[str, Any], key: str, where: str) -> list:
        found = values.get(key, [])
        if not isinstance(found, list):
            self.errors.append(f"{where} : « {key} » doit être une liste.")
            return []
        return found

    def _date(self, value: Any, where: str) -> datetime.date | None:
        if value is None:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.errors.append(f"{where} : date « {value} » illisible (attendu : AAAA-MM-JJ).")
            return None
