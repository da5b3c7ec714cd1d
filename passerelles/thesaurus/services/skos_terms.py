"""What the SKOS import and export share: the vocabulary's URIs, the properties it reads beyond SKOS,
a concept as read from a file, and how labels are compared."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from rdflib import Literal, URIRef
from rdflib.namespace import SDO

from ..enums import Scheme
from ..models import Concept

# Dates of a concept: schema:startDate / schema:endDate, typed xsd:gYear (a full date is read too).
SCHEMA = SDO
YEAR = re.compile(r"^\s*(\d{4})(?:-\d\d-\d\d)?(?:Z|[+-]\d\d:\d\d)?\s*$")


def base_uri() -> str:
    return settings.PASSERELLES["THESAURUS_BASE_URI"]


def scheme_uri(scheme: str) -> URIRef:
    return URIRef(base_uri() + scheme)


def ambiguous_label() -> URIRef:
    """pa:ambiguousLabel: a short form the search expands only when typed alone or in capitals."""
    return URIRef(base_uri() + "ambiguousLabel")


@dataclass
class ConceptData:
    uri: str
    scheme: str
    notation: str
    pref_label: str
    alt_labels: list = field(default_factory=list)
    scope_note: str = ""
    broader: list = field(default_factory=list)
    hidden_labels: list = field(default_factory=list)
    ambiguous_labels: list = field(default_factory=list)
    definition: str = ""
    history_note: str = ""
    start_year: int | None = None
    end_year: int | None = None
    sources: list = field(default_factory=list)
    related: list = field(default_factory=list)
    replaced_by: list = field(default_factory=list)

    @classmethod
    def of(cls, concept: "Concept") -> "ConceptData":
        """A stored concept, for the checks of the vocabulary an import would leave."""
        return cls(
            concept.uri,
            concept.scheme,
            concept.notation,
            concept.pref_label,
            concept.alt_labels_list,
            hidden_labels=concept.hidden_labels_list,
        )


def fold_label(label: str) -> str:
    """A label as a reader tells it from others: case, accents and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", label.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def year_of(value: object) -> int | None:
    """The year of a schema:startDate/endDate value ("1996", "1996-11-14"), or None if unreadable."""
    match = YEAR.match(str(value)) if isinstance(value, Literal) else None
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def scheme_name(scheme: str) -> str:
    return Scheme(scheme).label
