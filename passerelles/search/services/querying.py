"""Running a search: from a `SearchRequest` to ranked, faceted, highlighted results."""

import html
from dataclasses import dataclass, field
from typing import Any, cast

import tantivy

from passerelles.search_index.engine import FACET_FIELDS, TEXT_FIELDS, get_engine
from passerelles.search_index.registry import mappings
from passerelles.search_index.services.indexing import catch_up

from .ranking import ALL_GROUPS_BONUS, CompiledQuery, Group, compile_query, query_groups
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
    widened: list[tuple[str, list[str]]] = field(default_factory=list)  # (everyday word, the field's words added)


def search(request: SearchRequest, page_size: int = PAGE_SIZE) -> SearchResult:
    """The page of results; `SearchUnavailable` if the index is missing or damaged."""
    catch_up()
    engine = get_engine()
    with engine.reading() as searcher:
        groups = query_groups(request.q, searcher, correct=not request.as_typed) if request.q else []
        _common_words_optional(searcher, groups)
        return _search(engine.schema, searcher, request, groups, page_size, engine.commit())


# A word found in a large share of the documents (« quartier », « habitants ») still counts in the
# score, but is not required of the first results when the query has rarer words: the documents
# with those come first, ranked by how much of the rest they say (the « common terms » of
# Lucene-based engines). A query of common words only still requires them all.
COMMON_SHARE = 0.2


def _common_words_optional(searcher: tantivy.Searcher, groups: list[Group]) -> None:
    def common(group: Group) -> bool:
        if group.territories or group.places or group.all_words or len(group.phrases[0]) != 1:
            return False
        stem = group.phrases[0][0][1]
        return max(searcher.doc_freq(name, stem) for name in TEXT_FIELDS) >= COMMON_SHARE * searcher.num_docs

    required = [group for group in groups if group.required and group.phrases]
    frequent = [group for group in required if common(group)]
    if len(frequent) < len(required):
        for group in frequent:
            group.required = False


def _search(
    schema: tantivy.Schema,
    searcher: tantivy.Searcher,
    request: SearchRequest,
    groups: list[Group],
    page_size: int,
    commit: object = None,
) -> SearchResult:
    query = compile_query(schema, request, groups)
    offset = (request.page - 1) * page_size
    if groups:
        addresses = _ranked(searcher, query, offset, page_size)
        frequent = not request.filters and _matches_most(searcher, query.frequent_terms)
    else:
        found = searcher.search(query.ranked, page_size, order_by_field="recency", offset=offset)
        addresses, frequent = [(0.0, address) for _, address in found.hits], not request.filters
    facets = facet_counts(searcher, query.matching, commit if frequent else None)
    total = sum(count for _, count in facets["type"])  # each document has exactly one type
    hits = _hits(searcher, schema, query.text, addresses)
    result = SearchResult(request, total, hits, facets, only_stop_words=bool(request.q) and not groups)
    result.corrections = [(group.text, group.corrected) for group in groups if group.corrected]
    result.homonyms = [place for group in groups for place in group.others]
    result.widened = [(group.text, [added.text for added in group.related]) for group in groups if group.related]
    if total == 0 and groups:
        result.suggestion = did_you_mean(searcher, request)
    return result


def _ranked(
    searcher: tantivy.Searcher, query: CompiledQuery, offset: int, page_size: int
) -> list[tuple[float, tantivy.DocAddress]]:
    """The page of hits by score, ties by recency. First the documents matching every required
    group (each above any other: ALL_GROUPS_BONUS), then, if they do not fill the page, the others:
    two searches the engine can prune, instead of one that scores every match (ADR 0005)."""
    needed = offset + page_size
    first, complete = _top(searcher, query.every, needed)
    hits = [(score + ALL_GROUPS_BONUS, address) for score, address in first]
    if complete and query.rest is not query.every:
        seen = {(address.segment_ord, address.doc) for _, address in first}
        others, _ = _top(searcher, query.rest, needed + len(seen))
        hits += [(score, address) for score, address in others if (address.segment_ord, address.doc) not in seen]
    return hits[offset:needed]


def _top(
    searcher: tantivy.Searcher, query: tantivy.Query, needed: int
) -> tuple[list[tuple[float, tantivy.DocAddress]], bool]:
    """The best `needed` hits by score, ties by recency (fetched until the tie at the end is whole),
    and whether they are all the query matches."""
    limit = needed + 20
    while True:
        hits = searcher.search(query, limit).hits
        if len(hits) < limit or limit >= TIE_FETCH_CAP or hits[-1][0] != hits[needed - 1][0]:
            break
        limit *= 4
    addresses = [address for _, address in hits]
    recency = searcher.fast_field_values("recency", addresses) if addresses else []
    ordered = sorted(zip(hits, recency, strict=False), key=lambda item: (-item[0][0], -(item[1] or 0)))
    return [hit for hit, _ in ordered[:needed]], len(hits) < limit


def _matches_most(searcher: tantivy.Searcher, terms: list[str]) -> bool:
    """A word of the query is in more than half the documents: counting what does not match is cheaper."""
    half = searcher.num_docs // 2
    return any(searcher.doc_freq(name, term) > half for term in terms for name in TEXT_FIELDS)


# The facet counts of the whole index, per commit: the complement of a frequent word's matches is
# counted, then taken from them. Never kept across a commit (the key changes with each).
_whole_index: dict[object, dict[str, dict[str, int]]] = {}
WHOLE_SIZE = 1000  # above the number of values of any facet but the years (about 100 départements)


def facet_counts(
    searcher: tantivy.Searcher, matching: tantivy.Query, commit: object = None
) -> dict[str, list[tuple[Any, int]]]:
    """{facet field: [(value, count)]}, the most frequent first, exact: what clicking gives. With
    a commit key, by difference: the whole index's counts minus those of the documents not matching."""
    if commit is None:
        counts = _aggregate(searcher, matching, FACET_SIZE)
    else:
        whole = _whole_index.get(commit)
        if whole is None:
            whole = _aggregate(searcher, tantivy.Query.all_query(), WHOLE_SIZE)
            _whole_index.clear()
            _whole_index[commit] = whole
        outside = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, tantivy.Query.all_query()), (tantivy.Occur.MustNot, matching)]
        )
        rest = _aggregate(searcher, outside, WHOLE_SIZE)
        counts = {name: {key: n - rest[name].get(key, 0) for key, n in whole[name].items()} for name in FACET_FIELDS}
    return {
        name: sorted(((key, n) for key, n in counts[name].items() if n), key=lambda item: (-item[1], item[0]))[
            :FACET_SIZE
        ]
        for name in FACET_FIELDS
    }


def _aggregate(searcher: tantivy.Searcher, query: tantivy.Query, size: int) -> dict[str, dict[str, int]]:
    aggregations = {name: {"terms": {"field": name, "size": size}} for name in FACET_FIELDS}
    result = searcher.aggregate(query, aggregations)
    return {name: {b["key"]: b["doc_count"] for b in result.get(name, {}).get("buckets", [])} for name in FACET_FIELDS}


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
