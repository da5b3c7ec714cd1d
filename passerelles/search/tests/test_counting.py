"""The faster ways of ranking and counting give exactly what the plain ways give (ADR 0005): the
two-phase ranking the one-query ranking, the facets counted by difference the facets counted."""

from datetime import date

import pytest
from django.http import QueryDict

from passerelles.centres.models import Centre
from passerelles.search_index.engine import get_engine
from passerelles.search_index.services.indexing import rebuild

from ..services import querying
from ..services.ranking import compile_query, query_groups
from ..services.request import SearchRequest
from .test_search import commune, published

pytestmark = pytest.mark.django_db

QUERIES = ["quartier", "quartier jardins", "politique de la ville", "jardins partagés quartier", "médiation"]


@pytest.fixture
def corpus():
    words = ["jardins partagés", "médiation sociale", "politique de la ville", "fête", "santé"]
    communes = ["29019", "59350", "93066", "97411"]
    for number in range(24):
        title = f"{words[number % 5]} au quartier {number}" if number % 4 else f"{words[number % 5]} {number}"
        published(
            title,
            summary="Un quartier prioritaire." if number % 3 else "Une action.",
            slug=f"doc-{number}",
            day=date(2020 + number % 6, 1 + number % 12, 1),
            territories=[commune(communes[number % 4])],
            themes=[["sante"], ["culture"], []][number % 3],
        )
    rebuild()


def plain_ranking(searcher, query, needed):
    """The one-query ranking: every match scored, the bonus inside, ties by recency."""
    hits = searcher.search(query.ranked, 5000).hits
    recency = searcher.fast_field_values("recency", [address for _, address in hits])
    ordered = sorted(zip(hits, recency, strict=True), key=lambda item: (-round(item[0][0], 3), -item[1]))
    return [(address.segment_ord, address.doc) for (_, address), _ in ordered[:needed]]


@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize("page_size", [3, 10, 50])
def test_the_two_phase_ranking_is_the_one_query_ranking(corpus, q, page_size):
    engine = get_engine()
    with engine.reading() as searcher:
        query = compile_query(engine.schema, SearchRequest(q=q), query_groups(q, searcher))
        two_phases = [
            (address.segment_ord, address.doc) for _, address in querying._ranked(searcher, query, 0, page_size)
        ]
        assert two_phases == plain_ranking(searcher, query, page_size)


@pytest.mark.parametrize("q", QUERIES)
def test_facets_counted_by_difference_are_the_facets_counted(corpus, q):
    engine = get_engine()
    with engine.reading() as searcher:
        query = compile_query(engine.schema, SearchRequest(q=q), query_groups(q, searcher))
        direct = querying.facet_counts(searcher, query.matching)
        by_difference = querying.facet_counts(searcher, query.matching, commit=("test", q))
        assert by_difference == direct
        assert sum(count for _, count in direct["type"]) == searcher.search(query.matching, 1, count=True).count


def test_the_page_uses_the_difference_for_a_word_in_most_documents(corpus):
    centre = Centre.objects.order_by("pk").first()
    for number in range(120):  # « quartier » in most documents, the directory's centres included
        published(f"Le quartier {number}", slug=f"more-{number}", themes=["sante"], centre=centre)
    rebuild()
    result = querying.search(SearchRequest.from_query_dict(QueryDict("q=quartier")))
    engine = get_engine()
    assert engine.commit() in querying._whole_index  # the whole index's counts, for this commit only
    with engine.reading() as searcher:
        query = compile_query(engine.schema, SearchRequest(q="quartier"), query_groups("quartier", searcher))
        assert result.facets == querying.facet_counts(searcher, query.matching)
        assert result.total == searcher.search(query.matching, 1, count=True).count
