"""The current allocation's fairness (services.current), checked against an independent computation
on a small case: only the centres whose amount is entered count, the others are named."""

from fractions import Fraction
from itertools import product

from ..enums import Criterion
from ..services.allocation import CentreFigures
from ..services.current import MEASURE_LABELS, current_allocation

QPV_POP = Criterion.QPV_POPULATION


def centre(key, people, current, overseas=False):
    return CentreFigures(key, f"Centre {key}", {QPV_POP: people}, overseas, current=current)


def test_the_measures_count_the_centres_entered_only():
    centres = [
        centre("a", 1_000, 100_000),
        centre("b", 4_000, 200_000, overseas=True),
        centre("c", 2_000, None),  # not entered: left out, not counted as zero
        centre("d", 0, 50_000),  # no QPV inhabitant: no euros per inhabitant, but in the overseas share
        centre("e", 3_000, 90_000),
    ]
    found = current_allocation(centres, 2025)

    # Independently: euros per QPV inhabitant of a, b and e; Gini as the mean absolute difference
    # over every ordered pair divided by twice the mean.
    per_inhabitant = [Fraction(100_000, 1_000), Fraction(200_000, 4_000), Fraction(90_000, 3_000)]  # 100, 50, 30
    pairs = sum(abs(x - y) for x, y in product(per_inhabitant, repeat=2)) / len(per_inhabitant) ** 2
    expected_gini = pairs / (2 * sum(per_inhabitant) / len(per_inhabitant))
    assert expected_gini == Fraction(7, 27)  # 0.259…
    assert found.fairness.gini == expected_gini
    assert found.fairness.max_min_ratio == Fraction(100, 30)
    assert found.fairness.overseas_share == Fraction(200_000, 440_000)
    assert "c" not in found.fairness.per_qpv_inhabitant
    assert found.measures == [
        (MEASURE_LABELS[0], "0,259"),
        (MEASURE_LABELS[1], "3,33"),
        (MEASURE_LABELS[2], "45,5 %"),
    ]
    assert (found.year, found.total) == (2025, 440_000)
    assert found.counted == ("Centre a", "Centre b", "Centre d", "Centre e")
    assert found.missing == ("Centre c",)
    assert [found.per_inhabitant(key) for key in "abcde"] == ["100,00", "50,00", "non saisie", "—", "30,00"]


def test_nothing_entered_is_said_not_measured():
    found = current_allocation([centre("a", 1_000, None), centre("b", 0, None)], 2024)
    assert found.fairness is None and found.total == 0 and found.counted == ()
    assert found.missing == ("Centre a", "Centre b")
    assert [value for _, value in found.measures] == ["non saisie"] * 3
    assert found.per_inhabitant("a") == "non saisie"
