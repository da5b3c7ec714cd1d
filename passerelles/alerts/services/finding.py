"""What is new for a set of alerts: each distinct search run once against the network index, with
the search's own query compilation, restricted to a window of the `published` field."""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import tantivy

from passerelles.events.models import Session
from passerelles.events.services.registrations import seats_left
from passerelles.search.services import vocabulary
from passerelles.search.services.ranking import Group, compile_query, query_groups
from passerelles.search.services.request import SearchRequest
from passerelles.search_index.engine import PUBLISHED_FIELD, get_engine
from passerelles.search_index.services.indexing import catch_up

from ..enums import ALL_TYPES, ContentType
from ..models import Alert

PER_ALERT = 100  # items an alert brings at most to one digest (by relevance, as the search ranks)


@dataclass(frozen=True)
class Item:
    key: str
    type: str
    title: str
    url: str
    centre: str
    published: int


@dataclass
class Search:
    """One distinct search of the alerts, run once for all who hold it."""

    request: SearchRequest
    types: list[str]
    since: int  # the earliest moment any holder needs
    found: list[Item] = field(default_factory=list)


def signature(alert: Alert) -> str:
    return json.dumps([alert.params, sorted(alert.types)], sort_keys=True, ensure_ascii=False)


def run_searches(searches: Iterable[Search], until: int) -> None:
    """Each search against the index, restricted to what was published in [since, until)."""
    catch_up()
    engine = get_engine()
    schema = engine.schema
    groups_of: dict[str, list[Group]] = {}
    documents: dict[tuple[int, int], Item | None] = {}
    centres = vocabulary.centre_names()
    with engine.reading() as searcher:
        for search in searches:
            request = search.request
            if request.q not in groups_of:
                groups_of[request.q] = query_groups(request.q) if request.q else []
            compiled = compile_query(schema, request, groups_of[request.q])
            window = tantivy.Query.range_query(
                schema, PUBLISHED_FIELD, tantivy.FieldType.Integer, search.since, until, include_upper=False
            )
            # Any of the alert's types: the union of the search page's results for each type.
            types = tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Should, tantivy.Query.term_query(schema, "type", value, index_option="basic"))
                    for value in search.types
                ]
            )
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, compiled.ranked), (tantivy.Occur.Must, window), (tantivy.Occur.Must, types)]
            )
            for _, address in searcher.search(query, PER_ALERT).hits:
                spot = (address.segment_ord, address.doc)
                if spot not in documents:
                    documents[spot] = _item(searcher.doc(address), centres)
                item = documents[spot]
                if item is not None:
                    search.found.append(item)


def _item(doc: tantivy.Document, centres: dict[str, str]) -> Item | None:
    type_name = doc.get_first("type")
    if type_name not in ALL_TYPES:
        return None
    return Item(
        key=doc.get_first("key") or "",
        type=type_name,
        title=doc.get_first("title") or "",
        url=doc.get_first("url") or "",
        centre=centres.get(doc.get_first("centre") or "", ""),
        published=doc.get_first(PUBLISHED_FIELD) or 0,
    )


def sessions_with_places(keys: Iterable[str], now: datetime) -> set[str]:
    """The sessions among `keys` still to come, not cancelled, with places left (or no limit)."""
    ids = [int(key.partition(":")[2]) for key in keys]
    kept = set()
    for session in Session.objects.public().filter(pk__in=ids, starts_at__gt=now):
        if session.is_cancelled:
            continue
        left = seats_left(session)
        if left is None or left > 0:
            kept.add(f"session:{session.pk}")
    return kept


def new_items(searches: Iterable[Search], since: int, open_sessions: set[str]) -> list[Item]:
    """What a person's searches found since `since`, each item once; sessions only with places."""
    items: dict[str, Item] = {}
    for search in searches:
        for item in search.found:
            if item.published < since or item.key in items:
                continue
            if item.type == ContentType.SESSIONS and item.key not in open_sessions:
                continue
            items[item.key] = item
    return list(items.values())
