"""Running a search: from a `SearchRequest` to ranked, faceted, highlighted results."""

import html
from dataclasses import dataclass, field
from typing import Any, cast

import tantivy

from passerelles.search_index.engine import FACET_FIELDS, TEXT_FIELDS, get_engine
from passerelles.search_index.registry import mappings
from passerelles.search_index.services.indexing import catch_up

from .ranking import Group, compile_query, query_groups
from .request import PAGE_SIZE, SearchRequest
from .suggesting import did_you_mean
from .vocabulary import Place

TIE_FETCH_CAP = 5000
SNIPPET_CHARS = 240
FACET_SIZE = 40  # values per facet: more than any facet has today but the years


@dataclass
class Hit:
    key: str
    type: str
    type_label: str
    url: str
    title_html: str
    extract_html: str
    centre: str
    day: int
    score: float
    demo: bool = False
    date_label: str = ""


@dataclass
class SearchResult:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[Any, int]]]  # field -> [(value, count)]
    suggestion: str = ""
    only_stop_words: bool = False
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (as typed, matched instead)
    homonyms: list[Place] = field(default_factory=list)  # places of the same name not chosen


def search(request: SearchRequest, page_size: int = PAGE_SIZE) -> SearchResult:
    """The page of results; `SearchUnavailable` if the index is missing or damaged."""
    catch_up()
    engine = get_engine()
    with engine.reading() as searcher:
        groups = query_groups(request.q, searcher, correct=not request.as_typed) if request.q else []
        return _search(engine.schema, searcher, request, groups, page_size)


def _search(
    schema: tantivy.Schema, searcher: tantivy.Searcher, request: SearchRequest, groups: list[Group], page_size: int
) -> SearchResult:
    query = compile_query(schema, request, groups)
    offset = (request.page - 1) * page_size
    # The type: ignore below: tantivy's stub lacks SearchResult.count (there when count=True).
    if groups:
        total, addresses = _ranked(searcher, query.ranked, offset, page_size)
    else:
        found = searcher.search(query.ranked, page_size, count=True, order_by_field="recency", offset=offset)
        total, addresses = found.count, [(0.0, address) for _, address in found.hits]  # type: ignore[attr-defined]
    facets = _facets(searcher, query.matching)
    hits = _hits(searcher, schema, query.text, addresses)
    result = SearchResult(request, total, hits, facets, only_stop_words=bool(request.q) and not groups)
    result.corrections = [(group.text, group.corrected) for group in groups if group.corrected]
    result.homonyms = [place for group in groups for place in group.others]
    if total == 0 and groups:
        result.suggestion = did_you_mean(searcher, request)
    return result


def _ranked(
    searcher: tantivy.Searcher, query: tantivy.Query, offset: int, page_size: int
) -> tuple[int, list[tuple[float, tantivy.DocAddress]]]:
    """The page of hits by score, ties by recency: fetch until the tie at the page's end is whole."""
    needed = offset + page_size
    limit = needed + 20
    while True:
        found = searcher.search(query, limit, count=True)
        hits = found.hits
        if len(hits) < limit or limit >= TIE_FETCH_CAP or len(hits) < needed:
            break
        if hits[-1][0] != hits[needed - 1][0]:
            break
        limit *= 4
    addresses = [address for _, address in hits]
    recency = searcher.fast_field_values("recency", addresses) if addresses else []
    ordered = sorted(zip(hits, recency, strict=False), key=lambda item: (-item[0][0], -(item[1] or 0)))
    return found.count, [hit for hit, _ in ordered[offset:needed]]  # type: ignore[attr-defined]


def _facets(searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, list[tuple[Any, int]]]:
    aggregations = {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in FACET_FIELDS}
    result = searcher.aggregate(query, aggregations)
    facets: dict[str, list[tuple[Any, int]]] = {}
    for name in FACET_FIELDS:
        buckets = result.get(name, {}).get("buckets", [])
        facets[name] = sorted(((b["key"], b["doc_count"]) for b in buckets), key=lambda item: (-item[1], item[0]))
    return facets


def _hits(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    text: tantivy.Query | None,
    addresses: list[tuple[float, tantivy.DocAddress]],
) -> list[Hit]:
    generators: dict[str, tantivy.SnippetGenerator] = {}
    if text is not None:
        for name in TEXT_FIELDS:
            generator = tantivy.SnippetGenerator.create(searcher, text, schema, name)
            generator.set_max_num_chars(1000 if name == "title" else SNIPPET_CHARS)
            generators[name] = generator
    types = mappings()
    hits = []
    for score, address in addresses:
        doc = searcher.doc(address)
        title = doc.get_first("title") or ""
        type_name = _stored(doc, "type")
        if generators:
            title_html = _highlight(generators["title"].snippet_from_doc(doc)) or html.escape(title)
            extract = _highlight(generators["summary"].snippet_from_doc(doc), require_match=True)
            extract = extract or _highlight(generators["body"].snippet_from_doc(doc), require_match=True)
        else:
            title_html, extract = html.escape(title), ""
        hits.append(
            Hit(
                key=_stored(doc, "key"),
                type=type_name,
                type_label=types[type_name].label if type_name in types else type_name,
                url=_stored(doc, "url"),
                title_html=title_html,
                extract_html=extract or html.escape(_shorten(doc.get_first("summary") or "")),
                centre=doc.get_first("centre") or "",
                day=doc.get_first("day") or 0,
                score=score,
                demo="demo" in doc.get_all("flags"),
                date_label=types[type_name].date_label if type_name in types else "",
            )
        )
    return hits


def _stored(doc: tantivy.Document, name: str) -> str:
    """A text field stored for every document (IndexDocument.to_tantivy)."""
    return cast(str, doc.get_first(name))


def _highlight(snippet: tantivy.Snippet, require_match: bool = False) -> str:
    """The fragment as safe HTML, matched words in <mark> (offsets are in UTF-8 bytes)."""
    fragment = snippet.fragment().encode()
    ranges = sorted((r.start, r.end) for r in snippet.highlighted())
    if require_match and not ranges:
        return ""
    parts, last = [], 0
    for start, end in ranges:
        if start < last:
            continue
        parts.append(html.escape(fragment[last:start].decode(errors="ignore")))
        parts.append(f"<mark>{html.escape(fragment[start:end].decode(errors='ignore'))}</mark>")
        last = end
    parts.append(html.escape(fragment[last:].decode(errors="ignore")))
    return "".join(parts).strip()


def _shorten(text: str, size: int = SNIPPET_CHARS) -> str:
    if len(text) <= size:
        return text
    return text[:size].rsplit(" ", 1)[0] + " …"
