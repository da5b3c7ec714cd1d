"""Ranking measures over graded judgments ({document id: grade 0–3}; a document not listed is 0)."""

import math
from collections.abc import Mapping, Sequence

NDCG_DEPTH = 10
RECALL_DEPTH = 20
MRR_DEPTH = 20
RELEVANT = 1  # counted by recall
HIGHLY_RELEVANT = 2  # counted by the reciprocal rank


def gain(grade: int) -> float:
    return 2**grade - 1


def dcg(grades: Sequence[int]) -> float:
    return sum(gain(grade) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg(ranking: Sequence[str], judgments: Mapping[str, int], depth: int = NDCG_DEPTH) -> float:
    """Discounted cumulative gain of the first `depth` results over that of the ideal ranking."""
    ideal = dcg(sorted(judgments.values(), reverse=True)[:depth])
    if ideal == 0:
        return 0.0
    return dcg([judgments.get(key, 0) for key in ranking[:depth]]) / ideal


def recall(ranking: Sequence[str], judgments: Mapping[str, int], depth: int = RECALL_DEPTH) -> float:
    """Share of the documents of grade ≥ 1 found in the first `depth` results."""
    relevant = {key for key, grade in judgments.items() if grade >= RELEVANT}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:depth])) / len(relevant)


def reciprocal_rank(ranking: Sequence[str], judgments: Mapping[str, int], depth: int = MRR_DEPTH) -> float:
    """1 / rank of the first document of grade ≥ 2 in the first `depth` results, else 0."""
    for rank, key in enumerate(ranking[:depth], start=1):
        if judgments.get(key, 0) >= HIGHLY_RELEVANT:
            return 1 / rank
    return 0.0
