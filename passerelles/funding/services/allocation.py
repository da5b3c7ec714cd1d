"""The State's envelope shared among the centres by a formula anyone can read: a base per centre,
then the rest in pools, one per criterion, each pool's size set by its weight and shared among the
centres in proportion to their figure (the overseas centres' figures multiplied by a coefficient);
floors and ceilings per centre; amounts in whole euros that sum exactly to the envelope (largest
remainders), each explained term by term. And how fair an allocation is: euros per inhabitant of
the priority neighbourhoods (QPV), their Gini coefficient, the max/min ratio, the overseas share.

Exact arithmetic (fractions) throughout: nothing is lost to rounding but the final euros."""

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import floor

from ..enums import Criterion

Number = int | Fraction


class AllocationRefused(ValueError):
    """A formula that cannot give an allocation; the message says why, in French."""


@dataclass(frozen=True)
class CentreFigures:
    """What the formula knows of a centre: its figures per criterion, its bounds, what it has now."""

    key: str
    name: str
    values: Mapping[str, Number]
    overseas: bool = False
    floor: int = 0
    ceiling: int | None = None
    current: int | None = None


@dataclass(frozen=True)
class Formula:
    envelope: int
    base: int
    weights: Mapping[str, Number]
    overseas_coefficient: Number = 1


@dataclass(frozen=True)
class Term:
    label: str
    amount: int


@dataclass
class Share:
    centre: CentreFigures
    amount: int
    terms: list[Term] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        """« base 40 000 € + population des quartiers prioritaires 31 200 € + … = 71 200 € »."""
        parts = " + ".join(f"{term.label} {euros(term.amount)}" for term in self.terms if term.amount)
        return f"{parts or euros(0)} = {euros(self.amount)}"

    @property
    def difference(self) -> int | None:
        return None if self.centre.current is None else self.amount - self.centre.current

    @property
    def difference_share(self) -> Fraction | None:
        if self.centre.current in (None, 0):
            return None
        return Fraction(self.amount - self.centre.current, self.centre.current)


def euros(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u202f") + " €"


def allocate(formula: Formula, centres: Sequence[CentreFigures]) -> list[Share]:
    """Each centre's share of the envelope, in the order given. Raises AllocationRefused."""
    _check(formula, centres)
    raw_terms = _formula_terms(formula, centres)
    raw = {c.key: sum(raw_terms[c.key].values(), Fraction(0)) for c in centres}
    exact = _bounded(formula.envelope, centres, raw)
    amounts = largest_remainder(exact, formula.envelope)
    shares = []
    for centre in centres:
        terms = dict(raw_terms[centre.key])
        adjustment = exact[centre.key] - raw[centre.key]
        if adjustment:
            terms[_adjustment_label(centre, exact[centre.key], adjustment)] = adjustment
        rounded = largest_remainder(terms, amounts[centre.key])
        shares.append(Share(centre, amounts[centre.key], [Term(label, rounded[label]) for label in terms]))
    return shares


def _check(formula: Formula, centres: Sequence[CentreFigures]) -> None:
    if not centres:
        raise AllocationRefused("Aucun centre à qui répartir l'enveloppe.")
    if formula.envelope <= 0:
        raise AllocationRefused("L'enveloppe doit être un montant positif, en euros.")
    if formula.base < 0 or formula.overseas_coefficient < 0:
        raise AllocationRefused("La base et le coefficient ultramarin ne peuvent pas être négatifs.")
    if formula.base * len(centres) > formula.envelope:
        raise AllocationRefused(
            f"La base de {euros(formula.base)} pour {len(centres)} centres dépasse l'enveloppe "
            f"de {euros(formula.envelope)}."
        )
    if any(weight < 0 for weight in formula.weights.values()):
        raise AllocationRefused("Un poids ne peut pas être négatif.")
    remainder = formula.envelope - formula.base * len(centres)
    if remainder and not sum(formula.weights.values()):
        raise AllocationRefused("La somme des poids est nulle : donnez un poids à au moins un critère.")
    for criterion, weight in formula.weights.items():
        if weight and not any(centre.values.get(criterion) for centre in centres):
            raise AllocationRefused(
                f"Le critère « {Criterion(criterion).label} » vaut zéro pour tous les centres : "
                "donnez-lui un poids nul ou chargez ses données."
            )
    if any(value < 0 for centre in centres for value in centre.values.values()):
        raise AllocationRefused("Le chiffre d'un centre ne peut pas être négatif.")
    for centre in centres:
        if centre.floor < 0 or (centre.ceiling is not None and centre.ceiling < centre.floor):
            raise AllocationRefused(f"Le plancher et le plafond de « {centre.name} » sont incohérents.")
    if sum(centre.floor for centre in centres) > formula.envelope:
        raise AllocationRefused("L'enveloppe est inférieure à la somme des planchers des centres.")
    ceilings = [centre.ceiling for centre in centres]
    if None not in ceilings and sum(c for c in ceilings if c is not None) < formula.envelope:
        raise AllocationRefused("L'enveloppe dépasse la somme des plafonds des centres.")


def _formula_terms(formula: Formula, centres: Sequence[CentreFigures]) -> dict[str, dict[str, Fraction]]:
    """Per centre, the formula's terms before floors and ceilings: the base, then one per criterion."""
    remainder = Fraction(formula.envelope - formula.base * len(centres))
    total_weight = Fraction(sum(formula.weights.values()))
    coefficient = Fraction(formula.overseas_coefficient)
    terms: dict[str, dict[str, Fraction]] = {c.key: {"base": Fraction(formula.base)} for c in centres}
    for criterion, weight in formula.weights.items():
        if not weight or not remainder:
            continue
        pool = remainder * Fraction(weight) / total_weight
        counted = {c.key: Fraction(c.values.get(criterion, 0)) * (coefficient if c.overseas else 1) for c in centres}
        total = sum(counted.values())
        if not total:  # only overseas centres hold the criterion and their coefficient is zero
            raise AllocationRefused(f"Le critère « {Criterion(criterion).label} » ne compte pour aucun centre.")
        for key, value in counted.items():
            terms[key][Criterion(criterion).label] = pool * value / total
    return terms


def _bounded(envelope: int, centres: Sequence[CentreFigures], raw: dict[str, Fraction]) -> dict[str, Fraction]:
    """The formula's amounts held between floors and ceilings, by exact water-filling: one level λ
    such that the centres' amounts clamp(λ × formula amount, floor, ceiling) sum to the envelope.
    Every centre strictly between its bounds gets the same multiple λ of its formula amount; a
    centre is held at its floor only when λ × its amount is below it, at its ceiling only when above.
    Centres whose formula amount is zero keep their floor, unless every other centre has reached its
    ceiling: then they share the rest equally, within their own bounds (_check has made sure the
    envelope lies between the sum of the floors and that of the ceilings)."""
    weighted = [(c.key, raw[c.key], c.floor, c.ceiling) for c in centres if raw[c.key] > 0]
    unweighted = [(c.key, Fraction(1), c.floor, c.ceiling) for c in centres if raw[c.key] <= 0]
    held = sum((Fraction(c.floor) for c in centres if raw[c.key] <= 0), Fraction(0))
    amounts = _fill(envelope - held, weighted)
    if amounts is None:  # every centre with a formula amount is at its ceiling
        amounts = {key: Fraction(ceiling) for key, _, _, ceiling in weighted if ceiling is not None}
        amounts.update(_fill(envelope - sum(amounts.values(), Fraction(0)), unweighted) or {})
    else:
        amounts.update({key: Fraction(floor) for key, _, floor, _ in unweighted})
    return {c.key: amounts[c.key] for c in centres}


Member = tuple[str, Fraction, int, int | None]  # key, weight (> 0), floor, ceiling


def _fill(target: Number, members: Sequence[Member]) -> dict[str, Fraction] | None:
    """The level λ ≥ 0 at which Σ clamp(λ × weight, floor, ceiling) = target, and the amounts it gives;
    None when even every ceiling together stays below the target. The sum is piecewise linear in λ
    and grows with it, bending only where a member leaves its floor (floor / weight) or reaches its
    ceiling (ceiling / weight): the level is found between two of these points, exactly."""
    # Each member with the levels at which it leaves its floor and reaches its ceiling (None: never).
    bent = [(m, Fraction(m[2]) / m[1], None if m[3] is None else Fraction(m[3]) / m[1]) for m in members]

    def total(level: Fraction) -> Fraction:
        held, growing = 0, Fraction(0)
        for (_, weight, lowest, highest), leaves, reaches in bent:
            if level <= leaves:
                held += lowest
            elif highest is not None and reaches is not None and level >= reaches:
                held += highest
            else:
                growing += weight
        return held + level * growing

    points = sorted({point for _, leaves, reaches in bent for point in (leaves, reaches) if point is not None})
    low = Fraction(0)
    if total(low) < target:
        found = bisect_left(points, target, key=total)  # the first point where the sum reaches the target
        low = points[found - 1] if found else low
        high = points[found] if found < len(points) else None
        # Between `low` and `high` (or beyond `low`), the members that grow are those whose floor is
        # reached by `low` and whose ceiling is not before `high`: the sum grows by their weights.
        slope = sum(
            (
                member[1]
                for member, leaves, reaches in bent
                if leaves <= low and (reaches is None or (high is not None and reaches >= high))
            ),
            Fraction(0),
        )
        if not slope:
            return None
        low += (target - total(low)) / slope
    return {key: _clamp(low * weight, floor, ceiling) for key, weight, floor, ceiling in members}


def _clamp(value: Fraction, lowest: int, highest: int | None) -> Fraction:
    if value <= lowest:
        return Fraction(lowest)
    return Fraction(highest) if highest is not None and value >= highest else value


def _adjustment_label(centre: CentreFigures, amount: Fraction, adjustment: Fraction) -> str:
    """What moved the centre's amount: its own floor raised it, its own ceiling cut it; otherwise the
    others' floors and ceilings (a centre held at its floor may still give some to raise others)."""
    if amount == centre.floor and adjustment > 0:
        return "relèvement au plancher"
    if amount == centre.ceiling and adjustment < 0:
        return "écrêtement au plafond"
    return "report des planchers et plafonds"


def largest_remainder(exact: Mapping[str, Fraction], total: int) -> dict[str, int]:
    """Whole numbers summing to `total` (the sum of `exact`, whole): each value rounded down, then one
    more to the largest fractional parts (ties in the given order)."""
    result = {key: floor(value) for key, value in exact.items()}
    short = total - sum(result.values())
    ranked = sorted(exact, key=lambda key: -(exact[key] - result[key]))
    for key in ranked[:short]:
        result[key] += 1
    return result


@dataclass(frozen=True)
class Fairness:
    per_qpv_inhabitant: dict[str, Fraction | None]
    gini: Fraction | None
    max_min_ratio: Fraction | None
    overseas_share: Fraction


def fairness(amounts: Mapping[str, int], centres: Sequence[CentreFigures]) -> Fairness:
    """How an allocation (euros per centre key) treats the inhabitants of the priority neighbourhoods:
    euros per QPV inhabitant for each centre that covers some, the Gini coefficient of those figures
    across centres (0: all equal), the highest over the lowest, and the share going overseas."""
    per_inhabitant: dict[str, Fraction | None] = {}
    for centre in centres:
        people = centre.values.get(Criterion.QPV_POPULATION, 0)
        per_inhabitant[centre.key] = Fraction(amounts[centre.key], people) if people else None
    values = sorted(v for v in per_inhabitant.values() if v is not None)
    total = sum(amounts[c.key] for c in centres)
    overseas = sum(amounts[c.key] for c in centres if c.overseas)
    return Fairness(
        per_qpv_inhabitant=per_inhabitant,
        gini=gini(values) if values else None,
        max_min_ratio=values[-1] / values[0] if values and values[0] else None,
        overseas_share=Fraction(overseas, total) if total else Fraction(0),
    )


def gini(values: Sequence[Fraction]) -> Fraction:
    """Mean absolute difference between all pairs over twice the mean: 0 when all are equal."""
    count, total = len(values), sum(values, Fraction(0))
    if not total:
        return Fraction(0)
    ordered = sorted(values)
    weighted = sum(((2 * rank - count - 1) * value for rank, value in enumerate(ordered, start=1)), Fraction(0))
    return weighted / (count * total)
