"""One scenario for the State's envelope recomputed as the page will on each change of a weight:
20 centres (3 overseas), every criterion weighted, floors and ceilings, the amounts with their
explanations and the fairness measures (target ≤ 50 ms). The figures are random, seeded; the
computation does not depend on where they come from.

    python bench/allocation.py [runs]
"""

import random
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from passerelles.funding.enums import Criterion
from passerelles.funding.services.allocation import CentreFigures, Formula, allocate, fairness

TARGET_MS = 50.0


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    rng = random.Random(15)
    centres = [
        CentreFigures(
            key=f"c{n}",
            name=f"Centre {n}",
            values={criterion.value: rng.randint(1, 400_000) for criterion in Criterion},
            overseas=n >= 17,
            floor=rng.choice([0, 40_000, 80_000]),
            ceiling=rng.choice([None, 600_000]),
            current=rng.randint(80_000, 500_000),
        )
        for n in range(20)
    ]
    times = []
    for _ in range(runs):
        weights = {criterion.value: rng.randint(0, 10) for criterion in Criterion} | {"qpv_population": 5}
        formula = Formula(envelope=6_000_000, base=40_000, weights=weights, overseas_coefficient=Fraction(13, 10))
        start = time.perf_counter()
        shares = allocate(formula, centres)
        fairness({share.centre.key: share.amount for share in shares}, centres)
        [share.explanation for share in shares]
        times.append((time.perf_counter() - start) * 1000)
        assert sum(share.amount for share in shares) == formula.envelope
    p95 = sorted(times)[max(round(len(times) * 0.95) - 1, 0)]
    print(
        f"allocation of 20 centres, {len(Criterion)} criteria, {runs} runs: p50 {statistics.median(times):.2f} ms, "
        f"p95 {p95:.2f} ms — {p95 / TARGET_MS:.0%} of the {TARGET_MS:.0f} ms target"
    )
    sys.exit(1 if p95 > TARGET_MS else 0)


if __name__ == "__main__":
    main()
