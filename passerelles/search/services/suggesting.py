"""Help while typing (autocomplete), and after nothing was found (a close spelling)."""

from typing import Any

import tantivy

from passerelles.search_index.analysis import WORDS_ANALYZER
from passerelles.search_index.engine import get_engine
from passerelles.territories.models import Territory
from passerelles.territories.text import fold

from . import spelling, vocabulary
from .ranking import compile_query, query_groups
from .request import MAX_QUERY_LENGTH, SearchRequest


def did_you_mean(searcher: tantivy.Searcher, request: SearchRequest) -> str:
    """A close spelling of the unknown words that gives results, accents as indexed, or ""."""
    changed, corrected = False, []
    for word in vocabulary.words(request.q):
        best = spelling.correction(searcher, fold(word).replace(" ", ""), vocabulary.analyze(word))
        corrected.append(spelling.with_accents(searcher, best) if best else word)
        changed = changed or bool(best)
    if not changed:
        return ""
    suggestion = " ".join(corrected)
    probe = SearchRequest(q=suggestion, filters=request.filters)
    groups = query_groups(suggestion)
    if groups and searcher.search(compile_query(get_engine().schema, probe, groups).matching, 1).count:  # type: ignore[attr-defined]
        return suggestion
    return ""


def suggestions(text: str, limit: int = 5) -> list[dict[str, Any]]:
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
        if not found.hits and spelling.max_edits(last):  # a typo in the word being typed
            clauses[-1] = (
                tantivy.Occur.Must,
                tantivy.Query.fuzzy_term_query(schema, "title_words", last, 1, True, True),
            )
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


def _regex_escape(word: str) -> str:
    return "".join(f"\\{char}" if not char.isalnum() else char for char in word)
