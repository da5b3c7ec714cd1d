"""Demo history: four past years of activity of every centre, so that the dashboards, the trends
and the annual reports have something to show on a fresh demo. The sessions are marked as demo and
not published (the agenda stays the demo's own); their participants are anonymous counts by
function and département (`Tally`), as registrations are kept once erased. Drawn from a fixed
seed: the same on every machine. Skipped when already loaded."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory
from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept

from ..enums import SessionKind
from ..models import Session, Tally

YEARS = 4
KINDS = [SessionKind.DAY, SessionKind.HALF_DAY, SessionKind.WORKSHOP, SessionKind.SEMINAR, SessionKind.WEBINAR]
KINDS += [SessionKind.NETWORK_MEETING, SessionKind.SUPPORT]
HALF_DAYS = {SessionKind.DAY: 2, SessionKind.HALF_DAY: 1, SessionKind.SEMINAR: 2, SessionKind.SUPPORT: 1}


@transaction.atomic
def load_demo_history() -> int:
    """Create the past sessions and their counts; returns how many sessions."""
    if Session.objects.filter(is_demo=True, slug__startswith="demo-historique-").exists():
        return 0
    rng = random.Random(2017)
    themes = list(Concept.objects.in_scheme(Scheme.THEMES).order_by("pk"))
    functions = list(Concept.objects.in_scheme(Scheme.FUNCTIONS).order_by("pk"))
    this_year = timezone.localdate().year
    created = 0
    for centre in Centre.objects.order_by("pk").prefetch_related("perimeter"):
        places = _departements(centre)
        size = rng.randint(6, 16)  # sessions in a year
        for year in range(this_year - YEARS, this_year):
            for n in range(size + rng.randint(-2, 3 * (year - this_year + YEARS))):
                created += 1
                kind = rng.choice(KINDS)
                day = datetime.date(year, 1, 15) + datetime.timedelta(days=rng.randint(0, 320))
                starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
                session = Session.objects.create(
                    centre=centre,
                    title=f"{SessionKind(kind).label.capitalize()} de démonstration {year} n° {n + 1}",
                    slug=f"demo-historique-{centre.slug}-{year}-{n + 1}",
                    description="Session passée de démonstration, pour les tableaux de bord.",
                    kind=kind,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=7),
                    half_days=HALF_DAYS.get(kind, 1),
                    is_published=False,
                    is_demo=True,
                )
                session.themes.set(rng.sample(themes, min(len(themes), rng.randint(1, 2))))
                session.functions.set(rng.sample(functions, min(len(functions), rng.randint(0, 2))))
                Tally.objects.bulk_create(_tallies(session, rng, functions, places))
    return created


def _departements(centre: Centre) -> list[Territory | None]:
    perimeter = list(centre.perimeter.all())
    regions = [t.pk for t in perimeter if t.kind == Kind.REGION]
    found: list[Territory | None] = [t for t in perimeter if t.kind == Kind.DEPARTEMENT]
    found += Territory.objects.filter(kind=Kind.DEPARTEMENT, parent__in=regions)
    return found or [None]


def _tallies(session, rng, functions, places):
    for _ in range(rng.randint(1, 4)):
        registrants = rng.randint(3, 25)
        yield Tally(
            session=session,
            function=rng.choice(functions) if functions else None,
            territory=rng.choice(places),
            registrants=registrants,
            attendees=rng.randint(registrants * 2 // 3, registrants),
        )
