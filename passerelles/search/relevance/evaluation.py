"""Every query of the collection through the real `search()`, measured, then summed up per group."""

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean

from django.http import QueryDict

from ..services.querying import search
from ..services.request import SearchRequest
from .loading import Query
from .metrics import MRR_DEPTH, NDCG_DEPTH, RECALL_DEPTH, ndcg, recall, reciprocal_rank

DEPTH = max(NDCG_DEPTH, RECALL_DEPTH, MRR_DEPTH)
GROUPS = ("acronyme", "developpe", "sans-accents", "formes", "communes", "mots-frequents", "fautes", "questions")


@dataclass(frozen=True)
class Measured:
    query: Query
    ranking: list[str]  # document ids of the collection, best first (other results as "?")
    ndcg: float
    recall: float
    reciprocal_rank: float


@dataclass(frozen=True)
class Summary:
    group: str
    queries: int
    ndcg: float
    recall: float
    mrr: float


def ranking_of(text: str, ids_by_url: dict[str, str]) -> list[str]:
    """The ids of the first results of the network search for `text`, as a visitor would type it."""
    data = QueryDict(mutable=True)
    data["q"] = text
    result = search(SearchRequest.from_query_dict(data), page_size=DEPTH)
    return [ids_by_url.get(hit.url, "?") for hit in result.hits]


def evaluate(queries: Iterable[Query], ids_by_url: dict[str, str]) -> list[Measured]:
    measured = []
    for query in queries:
        ranking = ranking_of(query.text, ids_by_url)
        measured.append(
            Measured(
                query,
                ranking,
                ndcg(ranking, query.judgments),
                recall(ranking, query.judgments),
                reciprocal_rank(ranking, query.judgments),
            )
        )
    return measured


def summarise(measured: list[Measured]) -> tuple[list[Summary], Summary]:
    """One summary per group (in the order of GROUPS, then any other), and the overall one: means over queries."""
    groups = [*GROUPS, *sorted({m.query.group for m in measured} - set(GROUPS))]
    per_group = [_summary(group, [m for m in measured if m.query.group == group]) for group in groups]
    return [summary for summary in per_group if summary.queries], _summary("overall", measured)


def _summary(name: str, measured: list[Measured]) -> Summary:
    if not measured:
        return Summary(name, 0, 0.0, 0.0, 0.0)
    return Summary(
        name,
        len(measured),
        fmean(m.ndcg for m in measured),
        fmean(m.recall for m in measured),
        fmean(m.reciprocal_rank for m in measured),
    )


def report(measured: list[Measured], details: bool = False) -> list[str]:
    """The table printed by `manage.py relevance`; its last line is `overall nDCG@10 <value>`."""
    per_group, overall = summarise(measured)
    lines = []
    if details:
        for m in measured:
            lines.append(f"{m.query.id:<8} {m.query.group:<15} nDCG@10 {m.ndcg:.3f}  « {m.query.text} »")
            top = [f"{key}({m.query.judgments[key]})" if key in m.query.judgments else key for key in m.ranking[:10]]
            lines.append("         top 10 : " + (" ".join(top) or "(aucun résultat)"))
        lines.append("")
    lines.append(f"{'group':<15} {'queries':>7} {'nDCG@10':>8} {'recall@20':>10} {'MRR':>6}")
    for s in [*per_group, overall]:
        lines.append(f"{s.group:<15} {s.queries:>7} {s.ndcg:>8.3f} {s.recall:>10.3f} {s.mrr:>6.3f}")
    lines.append(f"overall nDCG@10 {overall.ndcg:.3f}")
    return lines
