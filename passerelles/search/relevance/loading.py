"""The collection of `collection/*.json` as real published content: sheets, publications (their body
as the text of a document) and sessions, each with its centre, commune and thesaurus concepts; then
the index rebuilt. Runs in a database that holds the shipped geography, directory and thesaurus."""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.editorial.workflow import Status
from passerelles.events.enums import Format, SessionKind
from passerelles.events.models import Session
from passerelles.experiences.models import ExperienceSheet
from passerelles.publications.models import Document, Publication
from passerelles.search_index.services.indexing import rebuild
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

COLLECTION_DIR = Path(__file__).parent / "collection"
DOCUMENT_FILES = ("experiences.json", "publications.json", "sessions.json")
QUERY_FILE = "queries.json"
# Queries judged afterwards by someone who had not seen the engine, its results nor the queries
# above: how the ranking does on queries it was not adjusted to (docs/benchmarks.md).
HELD_OUT_FILE = "held-out-queries.json"
# 54 more, written and judged the same way a session later (more everyday-word questions): blind
# until their first measure, recorded in docs/benchmarks.md.
BLIND_FILE = "blind-queries.json"
TUNING = "mise-au-point"
QUERY_SETS = {TUNING: QUERY_FILE, "held-out": HELD_OUT_FILE, "blind": BLIND_FILE}
HOURS = {SessionKind.HALF_DAY: 3, SessionKind.WEBINAR: 2}


class CollectionError(Exception):
    """The collection names something the database or its own documents do not have."""


@dataclass(frozen=True)
class Query:
    id: str
    group: str
    text: str
    judgments: dict[str, int]


def read_documents(directory: Path = COLLECTION_DIR) -> list[dict[str, Any]]:
    documents = []
    for name in DOCUMENT_FILES:
        documents += json.loads((directory / name).read_text(encoding="utf-8"))
    return documents


def read_queries(directory: Path = COLLECTION_DIR, name: str = QUERY_FILE) -> list[Query]:
    items = json.loads((directory / name).read_text(encoding="utf-8"))
    return [Query(item["id"], item["group"], item["query"], dict(item["judgments"])) for item in items]


def check_judgments(documents: list[dict[str, Any]], queries: list[Query]) -> list[str]:
    """What is wrong in the queries' judgments: unknown documents, grades out of 0–3, no good answer."""
    known = {document["id"] for document in documents}
    errors = []
    for query in queries:
        errors += [f"{query.id} : document inconnu « {key} »." for key in query.judgments if key not in known]
        out_of_range = [key for key, grade in query.judgments.items() if grade not in range(4)]
        errors += [f"{query.id} : note hors de 0–3 pour « {key} »." for key in out_of_range]
        if not any(grade >= 2 for grade in query.judgments.values()):
            errors.append(f"{query.id} : aucun document de note 2 ou 3.")
    return errors


def load_collection(documents: list[dict[str, Any]] | None = None) -> dict[str, str]:
    """Create every document as published content, rebuild the index; returns {URL: document id}."""
    documents = read_documents() if documents is None else documents
    with transaction.atomic():
        lookup = _Lookup(documents)
        ids_by_url = {}
        for document in documents:
            created = CREATORS[document["type"]](document, lookup)
            ids_by_url[created.get_absolute_url()] = document["id"]
        rebuild()
    return ids_by_url


class _Lookup:
    """The centres, communes and concepts the documents name, all checked before anything is written."""

    def __init__(self, documents: list[dict[str, Any]]):
        self.centres = {centre.slug: centre for centre in Centre.objects.all()}
        codes = {document["commune"] for document in documents}
        self.communes = {t.code: t for t in Territory.objects.filter(kind="commune", code__in=codes)}
        self.concepts = {concept.notation: concept for concept in Concept.objects.all()}
        errors = []
        for document in documents:
            where = document["id"]
            if document["centre"] not in self.centres:
                errors.append(f"{where} : centre inconnu « {document['centre']} ».")
            if document["commune"] not in self.communes:
                errors.append(f"{where} : commune inconnue « {document['commune']} ».")
            notations = document["themes"] + document["schemes"] + document["publics"]
            errors += [f"{where} : concept inconnu « {n} »." for n in notations if n not in self.concepts]
        if errors:
            raise CollectionError("\n".join(errors))

    def concepts_of(self, notations: list[str]) -> list[Concept]:
        return [self.concepts[notation] for notation in notations]


def _moment(day: str, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour)))


def _tag(content: Any, document: dict[str, Any], lookup: _Lookup) -> None:
    content.themes.set(lookup.concepts_of(document["themes"]))
    content.schemes.set(lookup.concepts_of(document["schemes"]))
    content.publics.set(lookup.concepts_of(document["publics"]))
    content.territories.set([lookup.communes[document["commune"]]])


def _sheet(document: dict[str, Any], lookup: _Lookup) -> ExperienceSheet:
    day = datetime.date.fromisoformat(document["date"])
    sheet = ExperienceSheet.objects.create(
        centre=lookup.centres[document["centre"]],
        title=document["title"],
        slug=document["id"],
        summary=document["summary"],
        actions=document["body"],
        start_date=day,
        status=Status.PUBLISHED,
        published_at=_moment(document["date"], 12),
        last_reviewed_on=day,
    )
    _tag(sheet, document, lookup)
    return sheet


def _publication(document: dict[str, Any], lookup: _Lookup) -> Publication:
    publication = Publication.objects.create(
        centre=lookup.centres[document["centre"]],
        title=document["title"],
        slug=document["id"],
        kind=document["kind"],
        publication_date=datetime.date.fromisoformat(document["date"]),
        abstract=document["summary"],
        status=Status.PUBLISHED,
        published_at=_moment(document["date"], 9),
    )
    # The body is the text of its PDF, as the search reads it; no file is written for the collection.
    Document.objects.create(
        publication=publication,
        title=document["title"][:200],
        file=f"relevance/{document['id']}.pdf",
        size=len(document["body"].encode()),
        pages=1,
        text=document["body"],
    )
    _tag(publication, document, lookup)
    return publication


def _session(document: dict[str, Any], lookup: _Lookup) -> Session:
    kind = SessionKind(document["kind"])
    starts_at = _moment(document["date"], 9)
    session = Session.objects.create(
        centre=lookup.centres[document["centre"]],
        title=document["title"],
        slug=document["id"],
        description=document["summary"],
        kind=kind,
        format=Format.ONLINE if kind == SessionKind.WEBINAR else Format.IN_PERSON,
        commune=lookup.communes[document["commune"]],
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=HOURS.get(kind, 8)),
        half_days=1 if kind in HOURS else 2,
        is_published=True,
    )
    # Sessions carry themes and schemes together, as the demo and the session form do.
    session.themes.set(lookup.concepts_of(document["themes"] + document["schemes"]))
    return session


CREATORS = {"experience": _sheet, "publication": _publication, "session": _session}
