"""Test data for the current allocation: the QPV sample loaded and the State's urban-policy funding
entered for a few covering centres, one of them overseas."""

from fractions import Fraction
from itertools import product

from django.conf import settings
from django.core.cache import cache

from passerelles.centres.models import Centre
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory
from passerelles.territories.services.qpv import import_qpv

from ..enums import Criterion
from ..numbers import decimal_text
from ..services import cofinancing
from ..services.figures import centre_figures

AMOUNTS = (100_000, 200_000, 150_000)


def enter_current_allocation(year=2025):
    """Loads the QPV sample (each QPV given its own population) and enters State – ANCT funding for
    `year` for three covering centres with QPV inhabitants, the first overseas; returns {centre key:
    (amount, QPV inhabitants, overseas)}."""
    import_qpv(settings.PASSERELLES["QPV_SAMPLE_FILE"].read_bytes(), is_demo=True)
    for n, pk in enumerate(Territory.objects.filter(kind=Kind.QPV).order_by("code").values_list("pk", flat=True)):
        Territory.objects.filter(pk=pk).update(population=1_000 + 700 * n)
    cache.clear()  # the coverage is cached until the QPV list changes, not its populations
    figures, _ = centre_figures(year)
    peopled = [f for f in figures if f.values[Criterion.QPV_POPULATION]]
    chosen = [next(f for f in peopled if f.overseas), *[f for f in peopled if not f.overseas][:2]]
    for figure, amount in zip(chosen, AMOUNTS, strict=True):
        cofinancing.save_amounts(Centre.objects.get(slug=figure.key), year, {"state_anct": amount}, None)
    return {
        f.key: (amount, f.values[Criterion.QPV_POPULATION], f.overseas)
        for f, amount in zip(chosen, AMOUNTS, strict=True)
    }


def expected_measures(entered):
    """The current allocation's measures as the pages write them, computed here independently: the
    Gini coefficient as the mean absolute difference over all pairs divided by twice the mean."""
    per_inhabitant = [Fraction(amount, people) for amount, people, _ in entered.values() if people]
    count = len(per_inhabitant)
    mean = sum(per_inhabitant) / count
    gini = sum(abs(x - y) for x, y in product(per_inhabitant, repeat=2)) / count**2 / (2 * mean)
    overseas = sum(amount for amount, _, far in entered.values() if far) / Fraction(
        sum(a for a, _, _ in entered.values())
    )
    return [
        decimal_text(gini, 3),
        decimal_text(max(per_inhabitant) / min(per_inhabitant), 2),
        f"{decimal_text(overseas * 100, 1)} %",
    ]
