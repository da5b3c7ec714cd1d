"""Demo of the co-financing and of the State's envelope, so that their pages have something to show
on a fresh demo: every covering centre's funding by funder over the last closed years (the oldest
checked and locked by the national animation, the last still open), a saved scenario and its
publication as an allocation, with its method. Drawn from a fixed seed: the same on every machine.
Written through the services as the national animation would; each part skipped when already there,
so that loading again changes nothing. The demo's banner says these amounts are not real."""

import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from passerelles.centres.enums import COVERING_STATUSES
from passerelles.centres.models import Centre

from .enums import Funder
from .models import FundingYear, PublishedAllocation, Scenario
from .services import publication
from .services.cofinancing import save_amounts, set_locked
from .views import evaluate, frozen

YEARS = 3  # closed years of co-financing; all but the last locked
SCENARIO_NAME = "Scénario de démonstration : priorité aux quartiers"
METHOD = (
    "Répartition de démonstration, sans valeur réelle. Chaque centre reçoit une base de 40 000 € ; le reste "
    "de l'enveloppe suit d'abord la population des quartiers prioritaires couverts (poids 3), puis l'activité "
    "de l'année en demi-journées (poids 2), la population, le nombre de quartiers et de départements couverts "
    "(poids 1 chacun). Les chiffres des centres ultramarins comptent 1,3 fois, pour l'éloignement et "
    "l'étendue de leur territoire."
)
# (funder, share of the centres it funds, lowest and highest amount in euros)
FUNDERS = [
    (Funder.REGION, 0.8, 20_000, 120_000),
    (Funder.STATE_OTHER, 0.4, 5_000, 40_000),
    (Funder.DEPARTEMENT, 0.5, 10_000, 60_000),
    (Funder.EPCI, 0.6, 5_000, 50_000),
    (Funder.COMMUNE, 0.4, 5_000, 30_000),
    (Funder.CAF, 0.3, 5_000, 25_000),
    (Funder.ARS, 0.2, 5_000, 20_000),
    (Funder.EUROPE, 0.15, 20_000, 80_000),
    (Funder.OTHER, 0.3, 2_000, 15_000),
]


def load_demo_funding(actor: Any) -> int:
    """Load what is missing of the demo; returns how many things were created."""
    return load_demo_cofinancing(actor) + load_demo_allocation(actor)


@transaction.atomic
def load_demo_cofinancing(actor: Any) -> int:
    """Each covering centre's funding over the last closed years, entered and locked as `actor`;
    a centre's year already entered is left as it is. Returns how many years were entered."""
    rng = random.Random(2019)
    this_year = timezone.localdate().year
    years = list(range(this_year - YEARS, this_year))
    entered = set(FundingYear.objects.filter(year__in=years).values_list("centre_id", "year"))
    created = 0
    for centre in Centre.objects.filter(status__in=COVERING_STATUSES).order_by("pk"):
        base = _base_amounts(rng)
        for year in years:
            amounts = {funder: _round(amount * rng.uniform(0.94, 1.08)) for funder, amount in base.items()}
            if (centre.pk, year) in entered:
                continue
            funding_year = save_amounts(centre, year, amounts, actor)
            if year != years[-1]:  # checked by the national animation; the last year stays open
                set_locked(funding_year, actor, True)
            created += 1
    return created


def _base_amounts(rng: random.Random) -> dict[str, int]:
    """A centre's funders and what each gives in a usual year; the State's urban policy always."""
    amounts = {Funder.STATE_ANCT.value: rng.randrange(100_000, 280_000, 1_000)}
    for funder, share, low, high in FUNDERS:
        if rng.random() < share:
            amounts[funder.value] = rng.randrange(low, high, 500)
    return amounts


def _round(amount: float) -> int:
    return int(round(amount / 100) * 100)


@transaction.atomic
def load_demo_allocation(actor: Any) -> int:
    """A scenario saved from the simulator's starting formula, published as the allocation of the
    year after the activity it counts (the year its page proposes). Returns how many were created."""
    created, context = 0, None
    scenario = Scenario.objects.filter(name=SCENARIO_NAME).first()
    if scenario is None:
        context = evaluate(None)  # the simulator's starting formula, on the figures of the day
        if "rows" not in context:  # no centre covers anything: nothing to share
            return 0
        values = {name: str(value) for name, value in context["form"].values().items()}  # as a form posts them
        scenario = Scenario.objects.create(name=SCENARIO_NAME, values=values, created_by=actor)
        created += 1
    year = int(scenario.values["year"]) + 1
    if PublishedAllocation.objects.filter(year=year).exists():
        return created
    context = context or evaluate(scenario.values)
    if "rows" not in context:
        return created
    publication.publish(scenario, year, METHOD, frozen(scenario.name, context), actor, replace=False)
    return created + 1
