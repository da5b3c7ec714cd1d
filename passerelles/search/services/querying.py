"""From what a user asked to ranked, faceted, highlighted results.

Ranking (ADR 0005): a query is a list of groups, one per word or per recognised expression
(a thesaurus label with its synonyms, a commune's name with the content tied to it). A document
gets BM25 scores for each group it matches, a match in the title weighing more than in the
summary, more than in the body; a document matching every group gets ALL_GROUPS_BONUS on top,
which puts it above any document missing one. Equal scores are ordered by recency, then by a
number derived from the document's slug, so the order is the same on every database.
"""

import html
from dataclasses import dataclass, field

import tantivy
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract

from passerelles.search_index.engine import FACET_FIELDS, TERRITORY_FIELD, TEXT_FIELDS, WORDS_ANALYZER, get_engine
from passerelles.search_index.registry import mappings
from passerelles.search_index.services.indexing import catch_up
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory
from passerelles.territories.services.lookup import resolve_commune
from passerelles.territories.text import fold

from . import vocabulary

ALL_GROUPS_BONUS = 1000.0
COMMUNE_BOOST = 3.0
PAGE_SIZE = 20
MAX_OFFSET = 1000
MAX_QUERY_LENGTH = 200
MAX_VALUES = 10
MAX_VALUE_LENGTH = 100
TIE_FETCH_CAP = 5000
SNIPPET_CHARS = 240
FACET_SIZE = 40  # values per facet: more than any facet has today but the years
# Looked up by name in the territory filter: larger areas by their exact name before the rest.
LARGER_KINDS = (Kind.REGION, Kind.DEPARTEMENT, Kind.EPCI)
SEARCHED_KINDS = (*LARGER_KINDS, Kind.COMMUNE, Kind.ARRONDISSEMENT, Kind.QPV)

# URL parameter -> index field. The URL holds the whole state of a search.
PARAMETERS = {
    "type": "type",
    "theme": "theme",
    "dispositif": "scheme",
    "public": "public",
    "centre": "centre",
    "region": "region",
    "departement": "departement",
    "annee": "year",
    "territoire": TERRITORY_FIELD,
}
FIELD_PARAMETERS = {value: key for key, value in PARAMETERS.items()}
FACET_LABELS = {
    "type": "Type de contenu",
    "theme": "Thème",
    "scheme": "Dispositif",
    "region": "Région",
    "departement": "Département",
    "centre": "Centre de ressources",
    "public": "Public visé",
    "year": "Année",
}


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict = field(default_factory=dict)  # index field -> [values]
    page: int = 1
    errors: list = field(default_factory=list)

    @classmethod
    def from_query_dict(cls, data):
        request = cls()
        q = " ".join(data.get("q", "").split())
        if len(q) > MAX_QUERY_LENGTH:
            request.errors.append(f"La recherche est limitée à {MAX_QUERY_LENGTH} caractères : la fin a été ignorée.")
            q = q[:MAX_QUERY_LENGTH]
        request.q = q
        for parameter, field_name in PARAMETERS.items():
            values = [" ".join(value.split()) for value in data.getlist(parameter)]
            values = list(dict.fromkeys(value for value in values if value))
            if any(len(value) > MAX_VALUE_LENGTH for value in values) or len(values) > MAX_VALUES:
                request.errors.append(f"Le filtre « {parameter} » n'est pas valable : il a été ignoré.")
                continue
            if values:
                request.filters[field_name] = values
        if TERRITORY_FIELD in request.filters:
            request.filters[TERRITORY_FIELD] = request._known_territories(request.filters[TERRITORY_FIELD])
            if not request.filters[TERRITORY_FIELD]:
                del request.filters[TERRITORY_FIELD]
        page = data.get("page", "1")
        try:
            request.page = max(int(page), 1)
        except ValueError:
            request.errors.append("Le numéro de page n'est pas valable : la première page est affichée.")
        if (request.page - 1) * PAGE_SIZE > MAX_OFFSET:
            request.errors.append("Les résultats s'arrêtent à la page 51 : affinez la recherche.")
            request.page = MAX_OFFSET // PAGE_SIZE + 1
        return request

    def _known_territories(self, values):
        """Territory keys (`commune:29019`) or names typed in the filter field, resolved."""
        keys = []
        for value in values:
            kind, _, code = value.partition(":")
            if kind in Kind.values and Territory.objects.filter(kind=kind, code=code).exists():
                keys.append(value)
                continue
            # A région, département or EPCI of that exact name, else a commune, else anything close.
            found = Territory.objects.filter(kind__in=LARGER_KINDS, search_name=fold(value)).first()
            found = found or resolve_commune(value).commune
            found = found or next(iter(Territory.objects.search(value, kinds=SEARCHED_KINDS, limit=1)), None)
            if found:
                keys.append(found.key)
            else:
                self.errors.append(f"Aucun territoire ne correspond à « {value} » : ce filtre a été ignoré.")
        return keys

    def to_params(self, page=1, **changes):
        """The URL parameters of this search, with some fields changed (None removes them)."""
        params = {"q": self.q} if self.q else {}
        if page > 1:
            params["page"] = page
        filters = {**self.filters, **changes}
        for field_name, values in filters.items():
            if values:
                params[FIELD_PARAMETERS[field_name]] = list(values)
        return params


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
    hits: list
    facets: dict  # field -> [(value, count)]
    suggestion: str = ""
    only_stop_words: bool = False


# ---- the query ------------------------------------------------------------------------------


@dataclass
class Group:
    """One word of the query, or a recognised expression, with all the ways to match it."""

    text: str
    phrases: list  # each a tuple of (position, token)
    territories: list = field(default_factory=list)


def query_groups(q):
    raw = vocabulary.words(q)
    tokens = [vocabulary.analyze(word) for word in raw]
    thesaurus = vocabulary.thesaurus()
    communes = vocabulary.communes_named(raw)
    groups, index = [], 0
    while index < len(raw):
        group = _commune_group(raw, tokens, communes, index) or _label_group(raw, tokens, thesaurus, index)
        if group:
            groups.append(group[0])
            index = group[1]
            continue
        if tokens[index]:
            groups.append(Group(raw[index], [((0, tokens[index][0][1]),)]))
        index += 1
    return groups


def _commune_group(raw, tokens, communes, start):
    """The longest commune name starting at word `start`: its words, or content tied to it."""
    end = max((end for first, end in communes if first == start), default=None)
    if end is None:
        return None
    name_tokens = vocabulary.analyze(" ".join(raw[start:end]))
    phrases = [_from_zero(name_tokens)] if name_tokens else []
    return Group(" ".join(raw[start:end]), phrases, communes[(start, end)]), end


def _label_group(raw, tokens, thesaurus, start):
    """The longest thesaurus label starting at word `start`, expanded to all the concept's labels."""
    for end in range(min(len(raw), start + thesaurus.longest + 3), start, -1):
        stems = tuple(token for word in tokens[start:end] for _, token in word)
        if not stems or not tokens[start] or not tokens[end - 1]:
            continue
        labels = thesaurus.labels.get(stems)
        if labels:
            phrases = {
                label.tokens for concept in {lbl.concept for lbl in labels} for label in thesaurus.by_concept[concept]
            }
            return Group(" ".join(raw[start:end]), sorted(phrases)), end
    return None


def _from_zero(tokens):
    first = tokens[0][0]
    return tuple((position - first, token) for position, token in tokens)


def group_query(schema, group):
    clauses = []
    for field_name, weight in TEXT_FIELDS.items():
        for phrase in group.phrases:
            if len(phrase) == 1:
                query = tantivy.Query.term_query(schema, field_name, phrase[0][1])
            else:
                query = tantivy.Query.phrase_query(schema, field_name, list(phrase))
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, weight)))
    for key in group.territories:
        query = tantivy.Query.term_query(schema, TERRITORY_FIELD, key)
        clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, COMMUNE_BOOST)))
    return tantivy.Query.boolean_query(clauses)


@dataclass
class CompiledQuery:
    ranked: object  # filters and text, ranked (those matching every group first)
    matching: object  # the same documents, unranked: cheaper for the facet counts
    text: object = None  # the text alone, for the extracts


def compile_query(schema, request, groups):
    """The engine's queries for a request, each group's query built once."""
    filters = filter_clauses(schema, request.filters)
    if not groups:
        everything = tantivy.Query.boolean_query(filters) if filters else tantivy.Query.all_query()
        return CompiledQuery(everything, everything)
    queries = [group_query(schema, group) for group in groups]
    any_group = tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in queries])
    text = any_group
    if len(queries) > 1:
        every_group = tantivy.Query.boolean_query([(tantivy.Occur.Must, query) for query in queries])
        bonus = tantivy.Query.const_score_query(every_group, ALL_GROUPS_BONUS)
        text = tantivy.Query.boolean_query([(tantivy.Occur.Should, any_group), (tantivy.Occur.Should, bonus)])
    return CompiledQuery(
        ranked=tantivy.Query.boolean_query([*filters, (tantivy.Occur.Must, text)]),
        matching=tantivy.Query.boolean_query([*filters, (tantivy.Occur.Must, any_group)]),
        text=text,
    )


def filter_clauses(schema, filters):
    clauses = []
    for field_name, values in filters.items():
        for value in values:
            query = tantivy.Query.term_query(schema, field_name, value, index_option="basic")
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(query, 0.0)))
    return clauses


# ---- running it -----------------------------------------------------------------------------


def search(request, page_size=PAGE_SIZE):
    """The page of results; `SearchUnavailable` if the index is missing or damaged."""
    catch_up()
    engine = get_engine()
    groups = query_groups(request.q) if request.q else []
    with engine.reading() as searcher:
        return _search(engine.schema, searcher, request, groups, page_size)


def _search(schema, searcher, request, groups, page_size):
    query = compile_query(schema, request, groups)
    offset = (request.page - 1) * page_size
    if groups:
        total, addresses = _ranked(searcher, query.ranked, offset, page_size)
    else:
        found = searcher.search(query.ranked, page_size, count=True, order_by_field="recency", offset=offset)
        total, addresses = found.count, [(0.0, address) for _, address in found.hits]
    facets = _facets(searcher, query.matching)
    hits = _hits(searcher, schema, query.text, addresses)
    result = SearchResult(request, total, hits, facets, only_stop_words=bool(request.q) and not groups)
    if total == 0 and groups:
        result.suggestion = did_you_mean(searcher, request)
    return result


def _ranked(searcher, query, offset, page_size):
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
    return found.count, [hit for hit, _ in ordered[offset:needed]]


def _facets(searcher, query):
    aggregations = {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in FACET_FIELDS}
    result = searcher.aggregate(query, aggregations)
    facets = {}
    for name in FACET_FIELDS:
        buckets = result.get(name, {}).get("buckets", [])
        facets[name] = sorted(((b["key"], b["doc_count"]) for b in buckets), key=lambda item: (-item[1], item[0]))
    return facets


def _hits(searcher, schema, text, addresses):
    generators = {}
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
        type_name = doc.get_first("type")
        if generators:
            title_html = _highlight(generators["title"].snippet_from_doc(doc)) or html.escape(title)
            extract = _highlight(generators["summary"].snippet_from_doc(doc), require_match=True)
            extract = extract or _highlight(generators["body"].snippet_from_doc(doc), require_match=True)
        else:
            title_html, extract = html.escape(title), ""
        hits.append(
            Hit(
                key=doc.get_first("key"),
                type=type_name,
                type_label=types[type_name].label if type_name in types else type_name,
                url=doc.get_first("url"),
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


def _highlight(snippet, require_match=False):
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


def _shorten(text, size=SNIPPET_CHARS):
    if len(text) <= size:
        return text
    return text[:size].rsplit(" ", 1)[0] + " …"


# ---- help while typing, and after nothing was found -----------------------------------------


def did_you_mean(searcher, request):
    """A close spelling of the unknown words that gives results, or ""."""
    raw = vocabulary.words(request.q)
    changed, corrected = False, []
    for word in raw:
        folded = fold(word).replace(" ", "")
        if len(folded) < 4 or folded.isdigit() or searcher.doc_freq("words", folded) or not vocabulary.analyze(word):
            corrected.append(word)
            continue
        best = _closest(searcher, folded)
        corrected.append(best or word)
        changed = changed or bool(best)
    if not changed:
        return ""
    suggestion = " ".join(corrected)
    probe = SearchRequest(q=suggestion, filters=request.filters)
    groups = query_groups(suggestion)
    if groups and searcher.search(compile_query(get_engine().schema, probe, groups).matching, 1).count:
        return suggestion
    return ""


def _closest(searcher, word):
    candidates = {}
    for prefix in {word[:2], word[1] + word[0]}:
        for term, count in searcher.terms_with_prefix("words", prefix):
            candidates[term] = count
    limit = 1 if len(word) < 6 else 2
    found = extract(word, list(candidates), scorer=Levenshtein.distance, score_cutoff=limit, limit=20)
    if not found:
        return ""
    found.sort(key=lambda item: (item[1], -candidates[item[0]], item[0]))
    return found[0][0]


def suggestions(text, limit=5):
    """Autocomplete: published titles, thesaurus labels and communes that start like `text`."""
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    words = WORDS_ANALYZER.analyze(text)
    if not words or len(text) < 2:
        return []
    engine = get_engine()
    schema = engine.schema
    *complete, last = words
    clauses = [(tantivy.Occur.Must, tantivy.Query.term_query(schema, "title_words", word)) for word in complete]
    prefix = tantivy.Query.regex_query(schema, "title_words", _regex_escape(last) + ".*")
    clauses.append((tantivy.Occur.Must, prefix))
    items = []
    with engine.reading() as searcher:
        found = searcher.search(tantivy.Query.boolean_query(clauses), limit, order_by_field="recency")
        for _, address in found.hits:
            doc = searcher.doc(address)
            items.append({"label": doc.get_first("title"), "kind": "Titre", "url": doc.get_first("url")})
    folded = fold(text)
    thesaurus = vocabulary.thesaurus()
    for folded_label, label in thesaurus.folded:
        if any(word.startswith(folded) for word in [folded_label, *folded_label.split()]):
            pref = thesaurus.pref_labels[label.concept]
            shown = pref if label.is_preferred else f"{label.text} ({pref})"
            items.append({"label": shown, "kind": "Thésaurus", "query": label.text})
            if sum(item["kind"] == "Thésaurus" for item in items) >= limit:
                break
    for commune in Territory.objects.search(text, limit=limit):
        items.append({"label": commune.label, "kind": "Commune", "query": commune.name, "territory": commune.key})
    return items


def _regex_escape(word):
    return "".join(f"\\{char}" if not char.isalnum() else char for char in word)
