"""The allocation of the State's envelope: exact to the euro, within floors and ceilings, explained
term by term, and its fairness measures checked against independent computations."""

import itertools
import random
from fractions import Fraction

import pytest

from ..enums import Criterion
from ..services.allocation import (
    AllocationRefused,
    CentreFigures,
    Formula,
    allocate,
    fairness,
    gini,
    largest_remainder,
)

QPV_POP, QPV, HALF_DAYS = Criterion.QPV_POPULATION, Criterion.QPV, Criterion.HALF_DAYS


def centre(key, overseas=False, floor=0, ceiling=None, current=None, **values):
    return CentreFigures(key, f"Centre {key}", values, overseas, floor, ceiling, current)


def amounts(shares):
    return {share.centre.key: share.amount for share in shares}


def test_a_small_case_computed_by_hand():
    centres = [
        centre("a", qpv_population=10_000),
        centre("b", qpv_population=20_000),
        centre("c", qpv_population=40_000),
    ]
    shares = allocate(Formula(envelope=100_000, base=10_000, weights={QPV_POP: 1}), centres)
    assert amounts(shares) == {"a": 20_000, "b": 30_000, "c": 50_000}
    assert (
        shares[0].explanation
        == "base 10\u202f000 € + population des quartiers prioritaires 10\u202f000 € = 20\u202f000 €"
    )


def test_weights_share_the_rest_and_the_overseas_coefficient_counts_overseas_figures_more():
    centres = [centre("metropole", qpv=10, half_days=100), centre("outre-mer", overseas=True, qpv=10, half_days=100)]
    formula = Formula(envelope=1_000, base=0, weights={QPV: 3, HALF_DAYS: 1}, overseas_coefficient=Fraction(3, 2))
    shares = allocate(formula, centres)
    # 750 € by QPV and 250 € by half-days, each split 1 : 1.5.
    assert amounts(shares) == {"metropole": 400, "outre-mer": 600}
    assert [term.amount for term in shares[1].terms] == [0, 450, 150]


def test_equal_claims_are_rounded_by_largest_remainder_to_the_envelope():
    shares = allocate(Formula(envelope=100, base=0, weights={QPV: 1}), [centre(k, qpv=1) for k in "abc"])
    assert sorted(amounts(shares).values()) == [33, 33, 34]
    assert largest_remainder({"x": Fraction(10, 3), "y": Fraction(20, 3)}, 10) == {"x": 3, "y": 7}


def test_floors_and_ceilings_hold_and_the_others_share_what_is_left():
    centres = [
        centre("petit", floor=30_000, qpv_population=1_000),
        centre("grand", ceiling=50_000, qpv_population=80_000),
        centre("moyen", qpv_population=19_000),
    ]
    shares = allocate(Formula(envelope=100_000, base=0, weights={QPV_POP: 1}), centres)
    assert amounts(shares) == {"petit": 30_000, "grand": 50_000, "moyen": 20_000}
    assert "relèvement au plancher" in shares[0].explanation and "écrêtement au plafond" in shares[1].explanation
    for share in shares:
        assert sum(term.amount for term in share.terms) == share.amount


@pytest.mark.parametrize("seed", range(40))
def test_any_formula_sums_to_the_envelope_within_bounds_and_explains_each_amount(seed):
    rng = random.Random(seed)
    centres = [
        centre(
            f"c{n}",
            overseas=n >= 17,
            floor=rng.choice([0, 20_000, 60_000]),
            ceiling=rng.choice([None, 400_000, 900_000]),
            current=rng.randint(50_000, 500_000),
            **{criterion.value: rng.randint(0, 300_000) for criterion in Criterion},
        )
        for n in range(20)
    ]
    weights = {criterion.value: rng.randint(0, 5) for criterion in Criterion} | {QPV_POP.value: 1}
    envelope = rng.randint(2_000_000, 6_000_000)
    formula = Formula(envelope, rng.choice([0, 20_000, 40_000]), weights, Fraction(rng.randint(10, 20), 10))
    shares = allocate(formula, centres)
    assert sum(share.amount for share in shares) == envelope
    for share in shares:
        assert share.centre.floor <= share.amount
        assert share.centre.ceiling is None or share.amount <= share.centre.ceiling
        assert sum(term.amount for term in share.terms) == share.amount
        assert share.explanation.endswith(f"= {share.amount:,} €".replace(",", "\u202f"))
        assert share.difference == share.amount - share.centre.current


@pytest.mark.parametrize(
    ("formula", "centres", "message"),
    [
        (Formula(100, 0, {QPV: 0}), [centre("a", qpv=1)], "somme des poids est nulle"),
        (Formula(100, 0, {QPV: -1, HALF_DAYS: 2}), [centre("a", qpv=1, half_days=1)], "poids ne peut pas être négatif"),
        (Formula(100, 0, {QPV: 1}), [centre("a", qpv=1, floor=60), centre("b", qpv=1, floor=60)], "planchers"),
        (Formula(100, 0, {QPV: 1}), [centre("a", qpv=1, ceiling=40), centre("b", qpv=1, ceiling=40)], "plafonds"),
        (Formula(100, 60, {QPV: 1}), [centre("a", qpv=1), centre("b", qpv=1)], "dépasse l'enveloppe"),
        (Formula(100, 0, {HALF_DAYS: 1}), [centre("a", qpv=1)], "vaut zéro pour tous les centres"),
        (Formula(-5, 0, {QPV: 1}), [centre("a", qpv=1)], "montant positif"),
        (Formula(100, 0, {QPV: 1}), [centre("a", qpv=-3)], "ne peut pas être négatif"),
        (Formula(100, 0, {QPV: 1}), [centre("a", qpv=1, floor=50, ceiling=10)], "incohérents"),
    ],
    ids=[
        "zero-weights",
        "negative-weight",
        "floors",
        "ceilings",
        "base",
        "empty-criterion",
        "envelope",
        "figure",
        "bounds",
    ],
)
def test_a_formula_that_cannot_allocate_is_refused_in_french(formula, centres, message):
    with pytest.raises(AllocationRefused, match=message):
        allocate(formula, centres)


def test_fairness_measures_match_independent_computations():
    centres = [
        centre("a", qpv_population=1_000),
        centre("b", qpv_population=2_000),
        centre("c", overseas=True, qpv_population=500),
        centre("d", qpv_population=0),
    ]
    allocation = {"a": 30_000, "b": 40_000, "c": 20_000, "d": 10_000}
    measured = fairness(allocation, centres)
    per = [Fraction(30), Fraction(20), Fraction(40)]
    assert measured.per_qpv_inhabitant == {"a": 30, "b": 20, "c": 40, "d": None}
    pairwise = sum(abs(x - y) for x, y in itertools.product(per, per)) / (2 * len(per) ** 2 * (sum(per) / len(per)))
    assert measured.gini == pairwise == Fraction(4, 27)
    assert measured.max_min_ratio == 2
    assert measured.overseas_share == Fraction(1, 5)
    assert gini([Fraction(7)] * 4) == 0 and gini([Fraction(1), Fraction(2), Fraction(3), Fraction(4)]) == Fraction(1, 4)


def test_a_centre_held_at_its_floor_by_the_others_floors_is_not_said_raised():
    # Raw shares 50, 630 and 320 €; floors of 300 €: « a » is raised to it, which leaves « c » (320 €
    # by the formula) below its own floor too: held at 300 €, it gives 20 €, not a raise.
    centres = [centre("a", floor=300, qpv=5), centre("b", floor=300, qpv=63), centre("c", floor=300, qpv=32)]
    shares = {share.centre.key: share for share in allocate(Formula(1_000, 0, {QPV: 1}), centres)}
    assert amounts(shares.values()) == {"a": 300, "b": 400, "c": 300}
    labels = {key: {term.label: term.amount for term in share.terms} for key, share in shares.items()}
    assert labels["a"]["relèvement au plancher"] == 250
    assert labels["c"]["report des planchers et plafonds"] == -20
    assert "relèvement au plancher" not in labels["c"]


@pytest.mark.parametrize("ceiling", [None, 100])
def test_a_centre_held_at_its_floor_is_released_when_the_others_reach_their_ceilings(ceiling):
    # Raw shares 10 and 90 €: « a » is first below its floor of 50 €, but once « b » is capped at 10 €
    # the 90 € left go to « a », well above its floor; nothing is lost, no bound broken.
    centres = [centre("a", floor=50, ceiling=ceiling, qpv_population=10), centre("b", ceiling=10, qpv_population=90)]
    shares = allocate(Formula(envelope=100, base=0, weights={QPV_POP: 1}), centres)
    assert amounts(shares) == {"a": 90, "b": 10}
    assert (
        shares[0].explanation
        == "population des quartiers prioritaires 10 € + report des planchers et plafonds 80 € = 90 €"
    )
    assert shares[1].explanation == "population des quartiers prioritaires 90 € + écrêtement au plafond -80 € = 10 €"


def test_twenty_capped_centres_and_one_raised_to_its_own_floor_share_the_whole_envelope():
    # 5 M€ among 20 centres capped at 255 000 € (5.1 M€ in all): once the others are capped, the
    # smallest, first raised to its floor of 150 000 €, takes the rest; no 5 000 € go missing.
    centres = [centre(f"c{n:02}", ceiling=255_000, qpv_population=20_000 + 1_000 * n) for n in range(19)]
    centres.append(centre("petit", floor=150_000, ceiling=255_000, qpv_population=500))
    shares = allocate(Formula(envelope=5_000_000, base=0, weights={QPV_POP: 1}), centres)
    assert sum(share.amount for share in shares) == 5_000_000
    assert all(share.centre.floor <= share.amount <= 255_000 for share in shares)
    assert amounts(shares)["petit"] == 155_000  # what the 19 others, capped (4 845 000 €), leave it
    for share in shares:
        assert sum(term.amount for term in share.terms) == share.amount


def test_rounding_never_lifts_a_centre_above_its_ceiling_nor_below_its_floor():
    # λ = 61/30: « a » held at its ceiling (10 €), « b » at its floor (30 €), « c », « d » and « e »
    # free at 20 1/3 € each. The spare euro goes to a free centre (« c », first of the tie), which
    # may reach its own ceiling by rounding but never pass it; nothing is taken from a bound.
    centres = [
        centre("a", ceiling=10, qpv=50),
        centre("b", floor=30, qpv=1),
        centre("c", ceiling=21, qpv=10),
        centre("d", qpv=10),
        centre("e", floor=20, qpv=10),
    ]
    shares = allocate(Formula(envelope=101, base=0, weights={QPV: 1}), centres)
    assert amounts(shares) == {"a": 10, "b": 30, "c": 21, "d": 20, "e": 20}
    labels = {share.centre.key: {term.label for term in share.terms if term.amount} for share in shares}
    assert "écrêtement au plafond" in labels["a"] and "relèvement au plancher" in labels["b"]
    assert "report des planchers et plafonds" in labels["c"]  # 20 1/3 € is not its ceiling


def test_centres_the_formula_gives_nothing_share_equally_what_the_capped_others_leave():
    centres = [centre("a", ceiling=10, qpv=1), centre("b", ceiling=60, qpv=0), centre("c", floor=20, qpv=0)]
    assert amounts(allocate(Formula(envelope=100, base=0, weights={QPV: 1}), centres)) == {"a": 10, "b": 45, "c": 45}
    centres[0] = centre("a", ceiling=90, qpv=1)  # room enough: they keep their floor
    assert amounts(allocate(Formula(envelope=100, base=0, weights={QPV: 1}), centres)) == {"a": 80, "b": 0, "c": 20}


def raw_amounts(formula, centres, criterion):
    """The formula's amounts before any bound, computed apart: base, then the rest by the figure."""
    rest = formula.envelope - formula.base * len(centres)
    total = sum(c.values[criterion] for c in centres)
    return {c.key: formula.base + Fraction(rest * c.values[criterion], total) for c in centres}


@pytest.mark.parametrize("seed", range(200))
def test_every_centre_capped_some_with_floors_gets_the_water_filling_allocation(seed):
    rng = random.Random(seed)
    count = rng.randint(2, 20)
    centres = []
    for n in range(count):
        floor = rng.choice([0, 0, rng.randint(1, 300_000)])
        ceiling = max(floor + rng.choice([0, rng.randint(1, 50_000), rng.randint(1, 400_000)]), 1)
        centres.append(centre(f"c{n}", floor=floor, ceiling=ceiling, qpv_population=rng.choice([0, *range(1, 99)])))
    if not any(c.values["qpv_population"] for c in centres):
        centres[0] = centre("c0", floor=centres[0].floor, ceiling=centres[0].ceiling, qpv_population=7)
    low, high = sum(c.floor for c in centres), sum(c.ceiling for c in centres)
    envelope = rng.randint(max(low, 1), high)
    base = rng.choice([0, 0, envelope // (count * rng.randint(2, 5))])
    formula = Formula(envelope=envelope, base=base, weights={QPV_POP: 1})
    shares = allocate(formula, centres)
    got = amounts(shares)
    assert sum(got.values()) == envelope
    for share in shares:
        assert share.centre.floor <= share.amount <= share.centre.ceiling
        assert sum(term.amount for term in share.terms) == share.amount

    raw = raw_amounts(formula, centres, QPV_POP)
    weighted = [c for c in centres if raw[c.key] and c.floor < c.ceiling]
    free = [c for c in weighted if c.floor < got[c.key] < c.ceiling]
    at_floor = [c for c in weighted if got[c.key] == c.floor]
    at_ceiling = [c for c in weighted if got[c.key] == c.ceiling]
    # The free centres get the same multiple λ of their formula amount, to the euro: a_i = λ r_i ± 1.
    for i, j in itertools.combinations(free, 2):
        assert abs(got[i.key] * raw[j.key] - got[j.key] * raw[i.key]) < raw[i.key] + raw[j.key]
    # A centre is on its floor only if λ × its amount is below it, on its ceiling only if above.
    for i in free:
        lowest_level, highest_level = Fraction(got[i.key] - 1) / raw[i.key], Fraction(got[i.key] + 1) / raw[i.key]
        assert all(lowest_level * raw[j.key] < j.floor + 1 for j in at_floor)
        assert all(highest_level * raw[j.key] > j.ceiling - 1 for j in at_ceiling)
    # A centre the formula gives nothing rises above its floor only when all the others are capped.
    if any(got[c.key] > c.floor for c in centres if not raw[c.key]):
        assert all(got[c.key] == c.ceiling for c in centres if raw[c.key])
