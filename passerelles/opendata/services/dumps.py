"""Build the open-data dumps and read what was built.

One ZIP archive per dataset (`<name>.zip`) holds the data as CSV and as JSON, the Table Schema of each,
a `datapackage.json` (frictionless) describing them, and the text of the Licence Ouverte 2.0. Rows are
streamed from the database (`iterator(chunk_size=…)`) and written as they come, so memory stays flat
whatever the volume. Each archive is written in a temporary directory beside the published ones, then
moved over its predecessor in one rename: a half-written dump is never served, and a build that fails
leaves the previous dump (and its line in the index) in place."""

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from passerelles.core.csv_cells import RowWriter, neutralised

from ..datasets import DATASETS, Dataset, table_schema
from ..datasets.fields import SEPARATOR, absolute

logger = logging.getLogger(__name__)

INDEX = "index.json"
LICENCE_FILE = Path(settings.BASE_DIR) / "data" / "opendata" / "licence-ouverte-2.0.txt"
LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}


class BuildFailed(Exception):
    """One or more datasets could not be built; their previous dumps are kept."""


def root() -> Path:
    return Path(settings.PASSERELLES["OPENDATA_ROOT"])


def archive_path(name: str) -> Path:
    return root() / f"{name}.zip"


# Values as each format writes them.
def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def json_value(value: Any) -> Any:
    """What JSON cannot write by itself (the encoder's `default`)."""
    if isinstance(value, dt.datetime):
        return _utc(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not written in the dumps")


def _many(values: list) -> str:
    return SEPARATOR.join(map(neutralised, values))


def _optional(write):
    return lambda value: "" if value is None else write(value)


# A cell of the CSV by the field's type; text is neutralised (core.csv_cells: never run by a spreadsheet).
CSV_CELLS = {
    "string": neutralised,
    "boolean": _optional(lambda value: "true" if value else "false"),
    "datetime": _optional(_utc),
    "date": _optional(dt.date.isoformat),
    "integer": _optional(int),
    "number": _optional(Decimal),  # written as stored: no float rounding
}


def csv_cells(dataset: Dataset) -> list:
    return [_many if f.many else CSV_CELLS[f.type] for f in dataset.fields]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_data(dataset: Dataset, directory: Path) -> int:
    """Stream the rows of `dataset` into `<name>.csv` and `<name>.json` in `directory`; the count.
    JSON: one array, one record per line, so that it reads as JSON and line by line."""
    names = dataset.field_names
    cells = list(zip(names, csv_cells(dataset), strict=True))
    encoder = json.JSONEncoder(ensure_ascii=False, default=json_value)
    count = 0
    with (
        (directory / f"{dataset.name}.csv").open("w", encoding="utf-8", newline="") as csv_file,
        (directory / f"{dataset.name}.json").open("w", encoding="utf-8") as json_file,
    ):
        writer = RowWriter(csv_file, delimiter=",")
        writer.writerow(names)
        json_file.write("[")
        for row in dataset.rows():
            writer.writerow([cell(row[name]) for name, cell in cells])
            json_file.write(("\n" if count == 0 else ",\n") + encoder.encode({name: row[name] for name in names}))
            count += 1
        json_file.write("\n]\n")
    return count


def schema_name(dataset: Dataset, fmt: str) -> str:
    return f"schema-{dataset.name}-{fmt}.json"


def datapackage(dataset: Dataset, built_at: dt.datetime, directory: Path | None = None) -> dict:
    """The frictionless Data Package of one archive (with the size and hash of its files when built)."""
    resources = []
    for fmt in MEDIA_TYPES:
        resource: dict[str, Any] = {
            "name": f"{dataset.name}-{fmt}",
            "title": f"{dataset.title} ({fmt.upper()})",
            "path": f"{dataset.name}.{fmt}",
            "format": fmt,
            "mediatype": MEDIA_TYPES[fmt],
            "encoding": "utf-8",
            "schema": schema_name(dataset, fmt),
        }
        if directory is not None:
            path = directory / f"{dataset.name}.{fmt}"
            resource["bytes"] = path.stat().st_size
            resource["hash"] = f"sha256:{_sha256(path)}"
        resources.append(resource)
    return {
        "name": f"passerelles-{dataset.name}",
        "title": f"{settings.PASSERELLES['SITE_TITLE']} — {dataset.title}",
        "description": dataset.description
        + " Dans le fichier CSV, un texte qui commence par =, +, -, @ est précédé d'une apostrophe, pour "
        "qu'un tableur ne l'exécute jamais.",
        "version": timezone.localdate(built_at).isoformat(),
        "created": _utc(built_at),
        "homepage": absolute(reverse("opendata:index")),
        "licenses": [LICENCE],
        "sources": [{"title": settings.PASSERELLES["SITE_TITLE"], "path": absolute("/")}],
        "resources": resources,
    }


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def build_dataset(dataset: Dataset) -> dict:
    """Build the archive of `dataset` and put it in place; its line of the index."""
    target = root()
    target.mkdir(parents=True, exist_ok=True)
    built_at = timezone.now()
    with tempfile.TemporaryDirectory(prefix=f".build-{dataset.name}-", dir=target) as work:
        directory = Path(work)
        count = write_data(dataset, directory)
        for fmt in MEDIA_TYPES:
            _write_json(directory / schema_name(dataset, fmt), table_schema(dataset, fmt))
        _write_json(directory / "datapackage.json", datapackage(dataset, built_at, directory))
        shutil.copyfile(LICENCE_FILE, directory / LICENCE_FILE.name)
        archive = directory / "archive.zip"
        # The fastest deflate: three times quicker than the default level, a third larger.
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as bundle:
            for path in sorted(directory.iterdir()):
                if path != archive:
                    bundle.write(path, arcname=path.name)
        size = archive.stat().st_size
        os.replace(archive, archive_path(dataset.name))
    return {
        "built_at": _utc(built_at),
        "date": timezone.localdate(built_at).isoformat(),
        "records": count,
        "bytes": size,
    }


def read_index() -> dict:
    """{dataset name: its line} of the dumps in place (an empty dict before the first build)."""
    try:
        index = json.loads((root() / INDEX).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {name: line for name, line in index.get("datasets", {}).items() if archive_path(name).exists()}


def _write_index(lines: dict) -> None:
    fd, name = tempfile.mkstemp(prefix=".index-", dir=root())
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"datasets": lines}, handle, ensure_ascii=False, indent=2)
    os.chmod(name, 0o644)  # readable as the archives are (mkstemp makes it private)
    os.replace(name, root() / INDEX)


def build(names: list[str] | None = None) -> dict:
    """Build the dumps of `names` (all by default); the index. Each dataset on its own: one that fails
    keeps its previous dump, the others are built, and BuildFailed names the failures at the end."""
    root().mkdir(parents=True, exist_ok=True)
    lines = read_index()
    failed = []
    for name in names or list(DATASETS):
        try:
            lines[name] = build_dataset(DATASETS[name])
        except Exception:
            logger.exception("Open-data dump %s failed; the previous one is kept", name)
            failed.append(name)
        _write_index(lines)
    if failed:
        raise BuildFailed(", ".join(failed))
    return lines


def is_stale() -> bool:
    """Whether some dataset has no dump of today (or none at all)."""
    today = timezone.localdate().isoformat()
    lines = read_index()
    return any(lines.get(name, {}).get("date") != today for name in DATASETS)


def catalogue() -> list[dict]:
    """What the page lists: each dataset with its dump (None before its first build)."""
    lines = read_index()
    listed = []
    for name, dataset in DATASETS.items():
        line = lines.get(name)
        dump = {**line, "date": dt.date.fromisoformat(line["date"])} if line else None
        listed.append({"dataset": dataset, "dump": dump})
    return listed


def site_datapackage() -> dict:
    """The Data Package of the whole collection: every archive, by its address on the site."""
    lines = read_index()
    resources = []
    for name, dataset in DATASETS.items():
        if name not in lines:
            continue
        resources.append(
            {
                "name": name,
                "title": dataset.title,
                "description": dataset.description,
                "path": absolute(reverse("opendata:download", args=[name])),
                "format": "zip",
                "mediatype": "application/zip",
                "bytes": lines[name]["bytes"],
                "created": lines[name]["built_at"],
                "schemas": [absolute(reverse("opendata:schema", args=[name, fmt])) for fmt in MEDIA_TYPES],
            }
        )
    return {
        "name": "passerelles",
        "title": f"{settings.PASSERELLES['SITE_TITLE']} — données ouvertes",
        "description": "Tout ce que le réseau publie, en CSV et en JSON : une archive ZIP par jeu de données, "
        "avec son schéma (Table Schema), sa description (datapackage.json) et sa licence.",
        "homepage": absolute(reverse("opendata:index")),
        "licenses": [LICENCE],
        "resources": resources,
    }
