"""What a dataset of the open-data dumps is: its fields (each with a French title and description,
the source of its Table Schema), the published rows it streams, and the Table Schema of each format.

A field holding several values is a JSON array in the JSON file and one cell in the CSV file, its
values separated by « | » (SEPARATOR)."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings
from django.urls import reverse

SEPARATOR = " | "
FORMATS = ("csv", "json")
# How many rows each query of a dump reads (with their prefetched relations): memory stays flat.
CHUNK = 2000


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, number, boolean, date, datetime
    title: str
    description: str
    many: bool = False
    required: bool = False


@dataclass(frozen=True)
class Dataset:
    name: str  # the file's name and the key of its URL: ASCII, never renamed
    title: str
    description: str
    fields: tuple[Field, ...]
    rows: Callable[[], Iterator[dict]] = field(compare=False)
    primary_key: str = "identifiant"

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def absolute(path: str) -> str:
    """The site's address of `path` (dumps are built without a request, by the clock)."""
    return settings.PASSERELLES["SITE_URL"].rstrip("/") + path


def url_maker(name: str) -> Callable[[str], str]:
    """The absolute address of the page `name` for a slug, resolved once (reverse() per row would
    cost as much as the row)."""
    marker = "slug-0000"
    pattern = absolute(reverse(name, args=[marker]))
    return lambda slug: pattern.replace(marker, slug)


def batches(rows: Iterable, size: int = CHUNK) -> Iterator[list]:
    """The rows by lists of `size`, read as they come."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def table_schema(dataset: Dataset, fmt: str) -> dict:
    """The Table Schema (frictionless) of `dataset` in format `fmt` (csv or json)."""
    fields = []
    for f in dataset.fields:
        described = {"name": f.name, "title": f.title, "description": f.description}
        if f.many and fmt == "json":
            described["type"] = "array"
            described["description"] += " Une liste de textes."
        elif f.many:
            described["type"] = "string"
            described["description"] += " Plusieurs valeurs séparées par « | »."
        else:
            described["type"] = f.type
        if f.type == "datetime" and not f.many:
            described["format"] = "%Y-%m-%dT%H:%M:%SZ"
            described["description"] += " Date et heure en temps universel (UTC)."
        constraints = {}
        if f.required or f.name == dataset.primary_key:
            constraints["required"] = True
        if f.name == dataset.primary_key:
            constraints["unique"] = True
        if constraints:
            described["constraints"] = constraints
        fields.append(described)
    return {"fields": fields, "primaryKey": [dataset.primary_key], "missingValues": [""]}


# Fields several datasets share.
def identifier(description: str) -> Field:
    return Field("identifiant", "string", "identifiant", description, required=True)


def page_url(what: str) -> Field:
    return Field("url", "string", "adresse de la page", f"Adresse de la page publique {what} sur le site.")


CENTRE_NAME = Field("centre", "string", "centre", "Nom du centre de ressources.")
CENTRE_ID = Field(
    "centre_identifiant",
    "string",
    "identifiant du centre",
    "Identifiant du centre (colonne « identifiant » des centres).",
)


def concepts(name: str, title: str, what: str) -> Field:
    return Field(name, "string", title, f"{what} (libellés du thésaurus du réseau).", many=True)


def territory_fields(what: str) -> tuple[Field, Field]:
    return (
        Field(
            "territoires_codes",
            "string",
            "codes des territoires",
            f"Territoires {what}, sous la forme type:code officiel (commune:29019, epci:200067254, qpv:QN02901M ; "
            "code officiel géographique de l'Insee, SIREN pour un EPCI, code de l'ANCT pour un quartier prioritaire).",
            many=True,
        ),
        Field(
            "territoires_noms",
            "string",
            "noms des territoires",
            f"Noms des territoires {what}, dans le même ordre.",
            many=True,
        ),
    )


def territory_values(territories) -> dict:
    ordered = sorted(territories, key=lambda t: (t.kind, t.code))
    return {
        "territoires_codes": [f"{t.kind}:{t.code}" for t in ordered],
        "territoires_noms": [t.name for t in ordered],
    }
