"""Publishing the chosen scenario as the allocation of a year, with its method. Its results are
frozen: `snapshot` writes down, from the evaluation of the day, everything the public page and its
CSV show (the formula, each centre's figures, bounds, amount explained term by term, current
allocation and difference, the fairness measures beside the current allocation's, the QPV list
counted), so that no later change of the data moves a published allocation. One per year: publishing
a year again replaces it only when asked to."""

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..enums import Criterion
from ..models import PublishedAllocation, Scenario
from ..numbers import decimal_text
from .allocation import Formula, Share
from .cofinancing import FIRST_YEAR, years_open
from .current import CurrentAllocation


class PublicationRefused(Exception):
    """A publication that cannot be made; the message says why, in French."""


def snapshot(
    scenario_name: str,
    settings: Mapping[str, Any],
    formula: Formula,
    rows: Sequence[Mapping[str, Any]],
    measures: Sequence[tuple[str, str]],
    qpv_list: str,
    current: CurrentAllocation,
) -> dict[str, Any]:
    """What a publication keeps of a scenario's evaluation (views.evaluate: the form's cleaned data
    `settings`, the formula, the rows, the fairness measures, the QPV list and the current
    allocation), as JSON: whole euros and figures as numbers, the rest as the pages write it.
    Snapshots from before the current allocation was kept have no "current" key."""
    shares: list[Share] = [row["share"] for row in rows]
    remainder = formula.envelope - formula.base * len(shares)
    return {
        "scenario": scenario_name,
        "activity_year": settings["year"],
        "envelope": formula.envelope,
        "base": formula.base,
        "centre_count": len(shares),
        "remainder": remainder,
        "overseas_coefficient": _short(decimal_text(Fraction(formula.overseas_coefficient), 2)),
        "floor": settings["floor"],
        "ceiling": settings["ceiling"],
        "criteria": _criteria(formula, remainder),
        "qpv_list": qpv_list,
        "centres": [_centre(row, settings) for row in rows],
        "measures": [[label, value] for label, value in measures],
        "current": {
            "year": current.year,
            "total": current.total,
            "counted": list(current.counted),
            "missing": list(current.missing),
            "measures": [[label, value] for label, value in current.measures],
        },
    }


def _short(number: str) -> str:
    """« 1,30 » written « 1,3 », « 1,00 » « 1 »."""
    return number.rstrip("0").rstrip(",") if "," in number else number


def _criteria(formula: Formula, remainder: int) -> list[dict[str, Any]]:
    """Each criterion with its weight, its part of what is left after the bases, and that part in euros."""
    total = Fraction(sum(formula.weights.values()))
    criteria = []
    for criterion in Criterion:
        weight = Fraction(formula.weights.get(criterion.value, 0))
        part = weight / total if total else Fraction(0)
        criteria.append(
            {
                "key": criterion.value,
                "label": criterion.label,
                "counted": weight > 0,
                "weight": _short(decimal_text(weight, 2)),
                "percent": _short(decimal_text(part * 100, 1)),
                "pool": round(part * remainder),
            }
        )
    return criteria


def _centre(row: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
    share: Share = row["share"]
    centre = share.centre
    return {
        "key": centre.key,
        "name": centre.name,
        "overseas": centre.overseas,
        "figures": {criterion.value: int(centre.values.get(criterion.value, 0)) for criterion in Criterion},
        "floor": centre.floor,
        "ceiling": centre.ceiling,
        "own_bounds": (centre.floor, centre.ceiling) != (settings["floor"], settings["ceiling"]),
        "amount": share.amount,
        "terms": [{"label": term.label, "amount": term.amount} for term in share.terms],
        "explanation": share.explanation,
        "current": centre.current,
        "difference": share.difference,
        "difference_share": row["difference_share"],
        "per_qpv_inhabitant": row["per_inhabitant"],
        "current_per_qpv_inhabitant": row["current_per_inhabitant"],
    }


def publish(
    scenario: Scenario, year: int, method: str, frozen: dict[str, Any], actor: Any, *, replace: bool
) -> tuple[PublishedAllocation, bool]:
    """Publish `frozen` (a snapshot of `scenario`) as the allocation of `year`, with its method;
    refused when the year already has one and `replace` is not asked. Also says whether it replaced one."""
    if year not in years_open():
        raise PublicationRefused(f"L'année {year} est hors des années acceptées ({FIRST_YEAR} à l'an prochain).")
    if not method.strip():
        raise PublicationRefused("Écrivez la méthode : comment et pourquoi cette formule a été choisie.")
    with transaction.atomic():
        existing = PublishedAllocation.objects.select_for_update().filter(year=year).first()
        if existing is not None and not replace:
            raise PublicationRefused(
                f"Une répartition est déjà publiée pour {year} : cochez « Remplacer la répartition déjà "
                "publiée » pour la remplacer par ce scénario."
            )
        published, created = PublishedAllocation.objects.update_or_create(
            year=year,
            defaults={
                "scenario": scenario,
                "method": method.strip(),
                "snapshot": frozen,
                "published_at": timezone.now(),
                "published_by": actor,
            },
        )
    return published, not created


def withdraw(year: int) -> bool:
    """Take a year's allocation off the public pages; False when none was published."""
    deleted, _ = PublishedAllocation.objects.filter(year=year).delete()
    return bool(deleted)
