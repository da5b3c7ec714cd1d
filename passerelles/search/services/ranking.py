"""From the words a user typed to the engine's ranked query.

Ranking (ADR 0005): a query is a list of groups, one per word or per recognised expression
(a thesaurus label with its synonyms, a commune's name with the content tied to it). A document
gets BM25 scores for each group it matches, a match in the title weighing more than in the
summary, more than in the body; a document matching every group gets ALL_GROUPS_BONUS on top,
which puts it above any document missing one. Equal scores are ordered by recency, then by a
number derived from the document's slug, so the order is the same on every database
(`querying`).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import tantivy

from passerelles.search_index.engine import (
    EXACT_FIELD,
    MENTIONS_FIELD,
    PLACES_FIELD,
    PLACES_WEIGHT,
    TERRITORY_FIELD,
    TEXT_FIELDS,
)
from passerelles.territories.text import fold

from . import everyday, families, spelling, vocabulary
from .request import SearchRequest
from .vocabulary import Place, Tokens, from_zero

ALL_GROUPS_BONUS = 1000.0
COMMUNE_BOOST = 3.0
CONCEPT_FIELDS = ("theme", "scheme", "public")
MENTION_WEIGHT = 2.0  # the text names the concept by one of its labels (scored by how often)
CONCEPT_WEIGHT = 3.0  # filed under the concept the query names: as much as its label in the context
# Where the phrases of an expansion (« programme de réussite éducative » for « PRE ») and the
# closeness of two query words are looked for: not in bodies, whose long lists of positions for the
# field's frequent words cost most of the time at 500,000 documents (docs/benchmarks.md); a body
# still counts by its words, and content filed under the concept by its tags.
PHRASE_FIELDS = ("title", "summary", "context")
EXACT_WEIGHT = 2.0  # a one-word synonym or a stop-word label, matched as written anywhere
# A phrase found in several fields of a document: its best field counts in full, each other one in
# part. Summed, the title, summary, body and tags of a document that repeats a frequent word
# everywhere outweighed the document whose title alone says it; BM25's saturation of repeated
# occurrences is meant to hold across fields too (the usual « best field + tie breaker » scoring).
FIELD_TIE = 0.7
RELATED_WEIGHT = 0.7  # the field's words for an everyday word (« personnes âgées » for « vieux »)
FORM_WEIGHT = 1.0  # the very form typed (« quartier », not « quartiers »), on top of its stem


@dataclass
class Group:
    """One word of the query, or a recognised expression, with all the ways to match it."""

    text: str
    phrases: list[Tokens]  # stemmed phrases of the ranked fields, positions from 0
    related: list[everyday.Equivalent] = field(default_factory=list)  # the field's words for it: weaker
    territories: list[str] = field(default_factory=list)
    exact: list[Tokens] = field(default_factory=list)  # folded phrases of the `exact` field
    places: list[Tokens] = field(default_factory=list)  # folded phrases of the `places` field
    all_words: list[Tokens] = field(default_factory=list)  # each required: the expression's own words
    required: bool = True  # a document matching every required group ranks first
    corrected: str = ""  # the word matched instead of the typed one (nothing had it)
    concepts: list[str] = field(default_factory=list)  # notations of the concepts it names
    form: str = ""  # the word as typed, folded: a document with this very form ranks a little higher
    others: list[Place] = field(default_factory=list)  # homonyms not chosen, offered as refinements


def query_groups(q: str, searcher: tantivy.Searcher | None = None, correct: bool = True) -> list[Group]:
    """The groups of a query. With a searcher, a word no document has is matched to the closest
    indexed word (unless `correct` is off: the query as typed); a word so corrected that completes
    a thesaurus label or a place name makes it recognised (« zone frnache urbaine » is the ZFU)."""
    raw = vocabulary.words(q)
    groups, spans = _grouped(raw)
    if searcher is None:
        return groups
    for group in groups:
        if correct and sum(bool(g.corrected) for g in groups) < MAX_CORRECTIONS:
            _correct(searcher, group)
        if not group.corrected:
            _with_derived_forms(searcher, group)
    fixed = {start: group for group, (start, end) in zip(groups, spans, strict=True) if group.corrected}
    if not fixed:
        return groups
    regrouped, new_spans = _grouped([fixed[i].corrected if i in fixed else word for i, word in enumerate(raw)])
    if not any(end - start > 1 and start <= i < end for start, end in new_spans for i in fixed):
        return groups  # the corrections complete no label or name
    merged = []
    for group, (start, end) in zip(regrouped, new_spans, strict=True):
        if start in fixed and end - start == 1:  # the corrected word itself, as corrected before
            group = replace(fixed.pop(start), required=group.required)
        else:
            _with_derived_forms(searcher, group)
        merged.append(group)
    # A corrected word inside a place name has no group of its own: still said corrected, not required.
    return merged + [replace(group, required=False) for group in fixed.values()]


def _grouped(raw: list[str]) -> tuple[list[Group], list[tuple[int, int]]]:
    """The groups of the words typed, with the span of words each one covers."""
    tokens = [vocabulary.analyze(word) for word in raw]
    normal = [vocabulary.normal(word) for word in raw]
    places = vocabulary.places_named(raw)
    thesaurus = vocabulary.thesaurus()
    groups, spans, index = [], [], 0
    while index < len(raw):
        found = _place_group(raw, places, index) or _label_group(raw, tokens, normal, thesaurus, index)
        if found:
            group, end = found
            groups.append(group)
            spans.append((index, end))
            if group.all_words:  # the words of an expression still count, one by one
                for i in range(index, end):
                    if tokens[i]:
                        groups.append(_word_group(raw[i], tokens[i], required=False))
                        spans.append((i, i + 1))
            index = end
            continue
        if tokens[index]:
            groups.append(_word_group(raw[index], tokens[index]))
            spans.append((index, index + 1))
        index += 1
    _choose_homonyms(groups, raw)
    expressions = _everyday_expressions(raw, tokens)[:MAX_WIDENED]
    for group in [group for group in groups if group.related][MAX_WIDENED - len(expressions) :]:
        group.related = []
    for group, span in expressions:
        groups.append(group)
        spans.append(span)
    return groups, spans


def _everyday_expressions(raw: list[str], tokens: list[Tokens]) -> list[tuple[Group, tuple[int, int]]]:
    """The everyday expressions of several words the query says (« grand-père », « fin du mois »):
    each a group of its own, not required, of the field's words for it (weighed as related)."""
    said = [index for index, word_tokens in enumerate(tokens) if word_tokens]
    found = []
    for start, end, added in everyday.expressions([tokens[index][0][1] for index in said]):
        first, last = said[start], said[end - 1] + 1
        found.append((Group(" ".join(raw[first:last]), [], related=list(added), required=False), (first, last)))
    return found


MAX_CORRECTIONS = 3  # words corrected in one query: each costs walks of the term dictionary
MAX_WIDENED = 4  # everyday words widened in one query: each adds up to six phrases to match


def _with_derived_forms(searcher: tantivy.Searcher, group: Group) -> None:
    if len(group.phrases) != 1 or len(group.phrases[0]) != 1 or group.territories or group.exact:
        return
    group.phrases.extend(((0, form),) for form in families.derived(searcher, group.phrases[0][0][1], group.form))


def _word_group(word: str, tokens: Tokens, required: bool = True) -> Group:
    group = Group(word, [((0, tokens[0][1]),)], required=required, form=fold(word))
    if required:  # a word of its own, not one of a recognised expression's
        group.related = list(everyday.equivalents(tokens[0][1]))
    if word.isdigit() or word[:1].isupper():  # « 93 », « Réunion »: a place the document is tied to
        group.places = [((0, fold(word)),)]
    return group


def _place_group(raw: list[str], places: dict[tuple[int, int], list[Place]], start: int) -> tuple[Group, int] | None:
    """The longest place name starting at word `start`: its words, or content tied to it."""
    end = max((end for first, end in places if first == start), default=None)
    if end is None:
        return None
    name = " ".join(raw[start:end])
    name_tokens = vocabulary.analyze(name)
    group = Group(name, [from_zero(name_tokens)] if name_tokens else [], places=[vocabulary.folded_words(name)])
    group.others = places[(start, end)]  # sorted out by _choose_homonyms
    return group, end


def _choose_homonyms(groups: list[Group], raw: list[str]) -> None:
    """A name several places share: the one the other words point to (a région, a département's
    name or number), else the most populous; the others are offered as refinements."""
    hints = {place.key for group in groups for place in group.others if place.kind != "commune"}
    hints |= {place.key for word in raw if (place := vocabulary.departement_numbered(word))}
    for group in groups:
        if not group.others:
            continue
        named = group.others
        communes = [place for place in named if place.kind == "commune"]
        chosen = [p for p in communes if {f"departement:{p.departement}", f"region:{p.region}"} & hints]
        chosen = chosen or communes[:1]
        group.territories = [place.key for place in named if place.kind != "commune" or place in chosen]
        group.others = [place for place in communes if place not in chosen]


def _label_group(
    raw: list[str], tokens: list[Tokens], normal: list[str], thesaurus: vocabulary.Thesaurus, start: int
) -> tuple[Group, int] | None:
    """The longest thesaurus label starting at word `start`, as a whole phrase (stop words
    included), with the concept's other labels added as alternatives to the words typed: the
    documents whose text names the concept by any of its labels (`mentions`, found when indexed)."""
    for end in range(min(len(raw), start + thesaurus.longest), start, -1):
        labels = thesaurus.labels.get(tuple(normal[start:end]))
        typed = raw[start:end]
        labels = [label for label in labels or () if not label.ambiguous or len(typed) == len(raw) or _capitals(typed)]
        if not labels:
            continue
        concepts = {label.concept for label in labels}
        group = Group(" ".join(typed), [], concepts=sorted(concepts))
        for label in labels:
            if label.collapsed or len(label.exact) == 1:
                group.exact.append(from_zero(label.exact))
            else:
                group.phrases.append(from_zero(label.tokens))
        group.phrases = sorted(set(group.phrases))
        group.exact = sorted(set(group.exact))
        own = [tokens[i][0][1] for i in range(start, end) if tokens[i]]
        if len(own) > 1:
            group.all_words = [((0, stem),) for stem in own]
        elif own:
            group.phrases = sorted({*group.phrases, ((0, own[0]),)})
        if end - start == 1:
            group.places = _word_group(raw[start], tokens[start]).places if tokens[start] else []
        return group, end
    return None


def _capitals(typed: list[str]) -> bool:
    return all(word.isupper() for word in typed)


def _correct(searcher: tantivy.Searcher, group: Group) -> None:
    """A single word no document has: matched to the closest indexed word too."""
    if len(group.phrases) != 1 or len(group.phrases[0]) != 1 or group.exact or group.territories or " " in group.text:
        return
    closest = spelling.correction(searcher, fold(group.text), group.phrases[0])
    if closest:
        stem = from_zero(vocabulary.analyze(closest)) or ((0, closest),)
        group.phrases.append(stem)
        if len(stem) == 1:  # its family too, as if typed right
            group.phrases.extend(((0, form),) for form in families.derived(searcher, stem[0][1], closest))
        group.exact.append(((0, closest),))
        group.corrected = spelling.with_accents(searcher, closest)


def _phrase(schema: tantivy.Schema, field_name: str, phrase: Tokens) -> tantivy.Query:
    if len(phrase) == 1:
        return tantivy.Query.term_query(schema, field_name, phrase[0][1])
    return tantivy.Query.phrase_query(schema, field_name, list(phrase))


@dataclass
class Implied:
    """Single words some clause of the query matches anyway (stems in the ranked fields, folded words
    in `exact`): a phrase containing one of them adds no document to the set the query matches."""

    stems: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, groups: Sequence[Group]) -> "Implied":
        implied = cls()
        for group in groups:
            implied.stems |= {phrase[0][1] for phrase in group.phrases if len(phrase) == 1}
            implied.words |= {phrase[0][1] for phrase in group.exact if len(phrase) == 1}
            implied.words |= {group.form} - {""}
        return implied

    def covers(self, phrase: Tokens, words: set[str]) -> bool:
        return len(phrase) > 1 and any(token in words for _, token in phrase)


def group_query(schema: tantivy.Schema, group: Group, implied: Implied | None = None) -> tantivy.Query:
    """Every way to match the group, weighted by field. With `implied` (to count, not to rank), the
    phrases that match no document the rest of the query does not match are left out: a phrase of
    frequent words is what costs most to match."""
    clauses = []
    related = [equivalent.tokens for equivalent in group.related]
    for phrases, scale in ((group.phrases, 1.0), (related, RELATED_WEIGHT)):
        for phrase in phrases:
            if implied and implied.covers(phrase, implied.stems):
                continue
            fields = [
                tantivy.Query.boost_query(_phrase(schema, field_name, phrase), weight * scale)
                for field_name, weight in TEXT_FIELDS.items()
                if len(phrase) == 1 or field_name in PHRASE_FIELDS
            ]
            if implied:  # counting: which documents match, not how well
                clauses += [(tantivy.Occur.Should, query) for query in fields]
            else:
                clauses.append((tantivy.Occur.Should, tantivy.Query.disjunction_max_query(fields, FIELD_TIE)))
    for phrase in group.exact:
        if implied and implied.covers(phrase, implied.words):
            continue
        query = tantivy.Query.boost_query(_phrase(schema, EXACT_FIELD, phrase), EXACT_WEIGHT)
        clauses.append((tantivy.Occur.Should, query))
    for phrase in group.places:
        query = tantivy.Query.boost_query(_phrase(schema, PLACES_FIELD, phrase), PLACES_WEIGHT)
        clauses.append((tantivy.Occur.Should, query))
    if group.form:
        query = tantivy.Query.term_query(schema, EXACT_FIELD, group.form)
        clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, FORM_WEIGHT)))
    for notation in group.concepts:  # content naming the concept, or filed under it by its editors
        query = tantivy.Query.term_query(schema, MENTIONS_FIELD, notation)
        clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, MENTION_WEIGHT)))
        for field_name in CONCEPT_FIELDS:
            query = tantivy.Query.term_query(schema, field_name, notation, index_option="basic")
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, CONCEPT_WEIGHT)))
    for key in group.territories:
        query = tantivy.Query.term_query(schema, TERRITORY_FIELD, key)
        clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, COMMUNE_BOOST)))
    if group.all_words and not (implied and all(word[0][1] in implied.stems for word in group.all_words)):
        # the expression's words all present, not as a phrase: it counts too
        every = [(tantivy.Occur.Must, _any_field(schema, word)) for word in group.all_words]
        clauses.append((tantivy.Occur.Should, tantivy.Query.const_score_query(tantivy.Query.boolean_query(every), 0.0)))
    return tantivy.Query.boolean_query(clauses)


def _any_field(schema: tantivy.Schema, word: Tokens) -> tantivy.Query:
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, _phrase(schema, name, word)) for name in TEXT_FIELDS])


@dataclass
class CompiledQuery:
    ranked: tantivy.Query  # filters and text, ranked (those matching every group first)
    matching: tantivy.Query  # the same documents, unranked: cheaper for the facet counts
    # The same ranking in two phases the engine can prune (block-max WAND): the documents matching
    # every required group, scored without the bonus, then the others.
    every: tantivy.Query
    rest: tantivy.Query
    text: tantivy.Query | None = None  # the text alone, for the extracts
    frequent_terms: list[str] = field(default_factory=list)  # one-word terms, to size the matches


def compile_query(schema: tantivy.Schema, request: SearchRequest, groups: Sequence[Group]) -> CompiledQuery:
    """The engine's queries for a request, each group's query built once."""
    filters = filter_clauses(schema, request.filters)
    if not groups:
        everything = tantivy.Query.boolean_query(filters) if filters else tantivy.Query.all_query()
        return CompiledQuery(everything, everything, everything, everything)
    queries = [group_query(schema, group) for group in groups]
    any_group = tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in queries])
    text = any_group
    required = [query for group, query in zip(groups, queries, strict=True) if group.required]
    if len(queries) > 1:
        every_group = tantivy.Query.boolean_query([(tantivy.Occur.Must, query) for query in required])
        bonus = tantivy.Query.const_score_query(every_group, ALL_GROUPS_BONUS)
        near = [(tantivy.Occur.Should, query) for query in _near(schema, groups)]
        text = tantivy.Query.boolean_query([(tantivy.Occur.Should, any_group), (tantivy.Occur.Should, bonus), *near])
        loose = [(tantivy.Occur.Should, q) for group, q in zip(groups, queries, strict=True) if not group.required]
        every = tantivy.Query.boolean_query([*filters, *[(tantivy.Occur.Must, q) for q in required], *loose, *near])
        rest = tantivy.Query.boolean_query([*filters, (tantivy.Occur.Must, any_group), *near])
    else:
        every = rest = tantivy.Query.boolean_query([*filters, (tantivy.Occur.Must, text)])
    return CompiledQuery(
        ranked=tantivy.Query.boolean_query([*filters, (tantivy.Occur.Must, text)]),
        matching=tantivy.Query.boolean_query([*filters, (tantivy.Occur.Must, _any_group(schema, groups))]),
        text=text,
        every=every,
        rest=rest,
        frequent_terms=[group.phrases[0][0][1] for group in groups if group.phrases and len(group.phrases[0]) == 1],
    )


def _any_group(schema: tantivy.Schema, groups: Sequence[Group]) -> tantivy.Query:
    """The documents matching any group, with no phrase the query's single words already imply."""
    implied = Implied.of(groups)
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, group_query(schema, g, implied)) for g in groups])


NEAR_SLOP = 2  # words between two query words still « together » (« habitants du quartier »)


def _near(schema: tantivy.Schema, groups: Sequence[Group]) -> list[tantivy.Query]:
    """Two consecutive words of the query found close together: ranked higher (a phrase the query
    shares with the document says more than the same words scattered)."""
    stems = [group.phrases[0][0][1] if len(group.phrases[0]) == 1 else "" for group in groups if group.phrases]
    queries = []
    for first, second in zip(stems, stems[1:], strict=False):
        if first and second and first != second:
            for name, weight in TEXT_FIELDS.items():
                if name not in PHRASE_FIELDS:
                    continue
                phrase = tantivy.Query.phrase_query(schema, name, [first, second], slop=NEAR_SLOP)
                queries.append(tantivy.Query.boost_query(phrase, weight))
    return queries


def filter_clauses(schema: tantivy.Schema, filters: dict[str, list[str]]) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    clauses = []
    for field_name, values in filters.items():
        for value in values:
            query = tantivy.Query.term_query(schema, field_name, value, index_option="basic")
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(query, 0.0)))
    return clauses
