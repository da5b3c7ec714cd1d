"""Entering, checking and locking what co-finances each centre, and the State's share of it."""

from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.core import collation

from ..enums import STATE_FUNDERS, Funder
from ..models import Funding, FundingYear

FIRST_YEAR = 2000


class FundingRefused(Exception):
    """A change the funding of that year does not accept; the message says why, in French."""


def years_open() -> range:
    """The years whose funding may be entered: from 2000 to next year."""
    return range(FIRST_YEAR, timezone.localdate().year + 2)


def save_amounts(centre: Centre, year: int, amounts: dict[str, int | None], actor: Any) -> FundingYear:
    """Replace the centre's amounts for `year` ({funder: euros}; empty or zero: not a funder that year),
    all or nothing; refused once the year is locked."""
    if year not in years_open():
        raise FundingRefused(f"L'année {year} est hors des années acceptées ({FIRST_YEAR} à l'an prochain).")
    with transaction.atomic():
        funding_year, _ = FundingYear.objects.get_or_create(centre=centre, year=year)
        funding_year = FundingYear.objects.select_for_update().get(pk=funding_year.pk)
        if funding_year.is_locked:
            raise FundingRefused(
                f"Le financement {year} de ce centre a été vérifié et verrouillé par l'animation nationale : "
                "demandez-lui de le déverrouiller pour le corriger."
            )
        funding_year.lines.all().delete()
        Funding.objects.bulk_create(
            Funding(funding_year=funding_year, funder=Funder(funder), amount=amount)
            for funder, amount in amounts.items()
            if amount
        )
        funding_year.updated_by = actor
        funding_year.save()
    return funding_year


def set_locked(funding_year: FundingYear, actor: Any, locked: bool) -> None:
    funding_year.locked_at = timezone.now() if locked else None
    funding_year.locked_by = actor if locked else None
    funding_year.save(update_fields=["locked_at", "locked_by", "updated_at"])


def state_allocation(year: int) -> dict[int, int]:
    """{centre id: euros from the State's urban policy (ANCT)} entered for `year`."""
    lines = Funding.objects.filter(funding_year__year=year, funder=Funder.STATE_ANCT)
    return dict(lines.values_list("funding_year__centre_id", "amount"))


def trend(centres) -> list[dict[str, Any]]:
    """Per centre and year entered: total, State amount and share, locked or not; newest years first."""
    years = FundingYear.objects.filter(centre__in=centres).select_related("centre").prefetch_related("lines")
    rows = []
    # By centre in French alphabetical order (a stable sort keeps the newest years first).
    for funding_year in collation.sorted_by(years.order_by("-year"), key=lambda one: one.centre.name):
        total, state = funding_year.total(), funding_year.state_amount()
        rows.append(
            {
                "funding_year": funding_year,
                "total": total,
                "state": state,
                "state_share": round(100 * state / total, 1) if total else None,
            }
        )
    return rows


def network_trend(centres) -> list[dict[str, Any]]:
    """Per year entered (oldest first), for `centres` together: the total, the State's amount and
    share, and the amount of each funder."""
    years: dict[int, dict[str, Any]] = {}
    lines = Funding.objects.filter(funding_year__centre__in=centres)
    for year, funder, amount in lines.values_list("funding_year__year", "funder").annotate(n=Sum("amount")).order_by():
        row = years.setdefault(year, {"year": year, "total": 0, "state": 0, "funders": {}})
        row["total"] += amount
        row["state"] += amount if funder in STATE_FUNDERS else 0
        row["funders"][funder] = amount
    for row in years.values():
        row["state_share"] = round(100 * row["state"] / row["total"], 1) if row["total"] else None
    return [years[year] for year in sorted(years)]
