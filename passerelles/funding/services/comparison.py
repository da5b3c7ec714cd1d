"""Two scenarios side by side, beside the current allocation: each centre's amount and euros per QPV
inhabitant in each, the gap between the two scenarios, and the fairness measures of all three; the
same tables for the page and for its CSV. Two scenarios counting different years are each beside
the allocation of their year."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .current import CurrentAllocation


@dataclass(frozen=True)
class Comparison:
    names: tuple[str, str]
    currents: list[CurrentAllocation]  # one per year counted: usually one
    measures: list[tuple[str, list[str]]]  # label, [first, second, *currents]
    rows: list[dict[str, Any]]


def compare(names: Sequence[str], first: Mapping[str, Any], second: Mapping[str, Any]) -> Comparison:
    """`first` and `second`: the evaluations (views.evaluate) of the two scenarios named `names`,
    both allocating (with "shares")."""
    evaluations = [first] if first["current_allocation"].year == second["current_allocation"].year else [first, second]
    currents = [evaluation["current_allocation"] for evaluation in evaluations]
    now = [{share.centre.key: share.centre.current for share in evaluation["shares"]} for evaluation in evaluations]
    other = {row["share"].centre.key: row for row in second["rows"]}
    rows = []
    for row in first["rows"]:
        share, paired = row["share"], other[row["share"].centre.key]
        key = share.centre.key
        rows.append(
            {
                "share": share,
                "other": paired["share"].amount,
                "gap": paired["share"].amount - share.amount,
                "per_inhabitant": (row["per_inhabitant"], paired["per_inhabitant"]),
                "currents": [
                    (amounts.get(key), current.per_inhabitant(key))
                    for amounts, current in zip(now, currents, strict=True)
                ],
            }
        )
    measures = [
        (label, [value, second["measures"][n][1], *(current.measures[n][1] for current in currents)])
        for n, (label, value) in enumerate(first["measures"])
    ]
    return Comparison((names[0], names[1]), currents, measures, rows)


def measure_table(comparison: Comparison) -> tuple[list[str], list[list[Any]]]:
    """The fairness measures of the two scenarios and the current allocation, as a CSV's header and rows."""
    header = [
        "mesure",
        *comparison.names,
        *(f"allocation actuelle {c.year} (État – ANCT)" for c in comparison.currents),
    ]
    return header, [[label, *values] for label, values in comparison.measures]


def centre_table(comparison: Comparison) -> tuple[list[str], list[list[Any]]]:
    """Each centre's current allocation and amount in each scenario (euros, and euros per QPV
    inhabitant), and the gap between the two scenarios, as a CSV's header and rows."""
    header = ["centre", "outre-mer"]
    for current in comparison.currents:
        header += [
            f"allocation actuelle {current.year} (État – ANCT, €)",
            f"allocation actuelle {current.year} : euros par habitant des QPV",
        ]
    for name in comparison.names:
        header += [f"{name} (€)", f"{name} : euros par habitant des QPV"]
    header.append("écart entre les deux scénarios (€)")
    rows = []
    for row in comparison.rows:
        centre = row["share"].centre
        now = [cell for amount, per_inhabitant in row["currents"] for cell in (amount, per_inhabitant)]
        first, second = row["per_inhabitant"]
        rows.append(
            [
                centre.name,
                "oui" if centre.overseas else "non",
                *now,
                row["share"].amount,
                first,
                row["other"],
                second,
                row["gap"],
            ]
        )
    return header, rows
