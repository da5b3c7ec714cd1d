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
from dataclasses import dataclass, field

import tantivy

from passerelles.search_index.engine import TERRITORY_FIELD, TEXT_FIELDS

from . import vocabulary
from .request import SearchRequest

# (position, stemmed token) pairs, as vocabulary.analyze() gives them.
Tokens = tuple[tuple[int, str], ...]

ALL_GROUPS_BONUS = 1000.0
COMMUNE_BOOST = 3.0


@dataclass
class Group:
    """One word of the query, or a recognised expression, with all the ways to match it."""

    text: str
    phrases: list[Tokens]  # each a phrase to find, positions from 0
    territories: list[str] = field(default_factory=list)


def query_groups(q: str) -> list[Group]:
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


def _commune_group(
    raw: list[str], tokens: list[Tokens], communes: dict[tuple[int, int], list[str]], start: int
) -> tuple[Group, int] | None:
    """The longest commune name starting at word `start`: its words, or content tied to it."""
    end = max((end for first, end in communes if first == start), default=None)
    if end is None:
        return None
    name_tokens = vocabulary.analyze(" ".join(raw[start:end]))
    phrases = [_from_zero(name_tokens)] if name_tokens else []
    return Group(" ".join(raw[start:end]), phrases, communes[(start, end)]), end


def _label_group(
    raw: list[str], tokens: list[Tokens], thesaurus: vocabulary.Thesaurus, start: int
) -> tuple[Group, int] | None:
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


def _from_zero(tokens: Tokens) -> Tokens:
    first = tokens[0][0]
    return tuple((position - first, token) for position, token in tokens)


def group_query(schema: tantivy.Schema, group: Group) -> tantivy.Query:
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
    ranked: tantivy.Query  # filters and text, ranked (those matching every group first)
    matching: tantivy.Query  # the same documents, unranked: cheaper for the facet counts
    text: tantivy.Query | None = None  # the text alone, for the extracts


def compile_query(schema: tantivy.Schema, request: SearchRequest, groups: Sequence[Group]) -> CompiledQuery:
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


def filter_clauses(schema: tantivy.Schema, filters: dict[str, list[str]]) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    clauses = []
    for field_name, values in filters.items():
        for value in values:
            query = tantivy.Query.term_query(schema, field_name, value, index_option="basic")
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(query, 0.0)))
    return clauses
