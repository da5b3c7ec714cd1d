"""Demo accreditations (« agréments »), so that /reseau/cadre/agrements/ shows every state: most
covering centres accredited (current, some renewed after an expired one, some without end date),
one expiring soon, one expired, one granted from a coming date, and a few centres left without any.
Fictitious decisions, named as such; drawn from a fixed seed. The national animation enters them in
the admin, checked the same way here (full_clean). Loaded once: nothing is added when demo
accreditations exist."""

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from passerelles.centres.enums import COVERING_STATUSES
from passerelles.centres.models import Centre

from .models import Accreditation, months_later

DECISION = "Décision de démonstration n° {year}-{number:03d}"
NOTE = "Agrément de démonstration : aucune décision réelle."
WITHOUT = 3  # covering centres left without an accreditation
VALIDITY = 60  # months


@transaction.atomic
def load_demo_accreditations(actor: Any) -> int:
    """Returns how many accreditations were created."""
    if Accreditation.objects.filter(note=NOTE).exists():
        return 0
    rng = random.Random(2017)
    today = timezone.localdate()
    centres = list(Centre.objects.filter(status__in=COVERING_STATUSES).order_by("pk"))
    rng.shuffle(centres)
    periods = []
    for n, centre in enumerate(centres[WITHOUT:]):
        periods += [(centre, granted, until) for granted, until in _periods(n, today, rng)]
    created = 0
    for number, (centre, granted, until) in enumerate(sorted(periods, key=lambda one: one[1]), start=1):
        accreditation = Accreditation(
            centre=centre,
            granted_on=granted,
            valid_until=until,
            decision=DECISION.format(year=granted.year, number=number),
            note=NOTE,
        )
        accreditation.full_clean()
        accreditation.save()
        created += 1
    return created


def _periods(n: int, today: datetime.date, rng: random.Random):
    """The (granted on, valid until) of a centre's accreditations, oldest first; the first few
    centres each show one of the rarer states."""
    if n == 0:  # expiring within the notice period
        until = today + datetime.timedelta(days=rng.randint(30, 150))
        return [(months_later(until, -VALIDITY) + datetime.timedelta(days=1), until)]
    if n == 1:  # expired, not renewed
        until = today - datetime.timedelta(days=rng.randint(60, 400))
        return [(months_later(until, -VALIDITY) + datetime.timedelta(days=1), until)]
    if n == 2:  # granted from a coming date
        granted = today + datetime.timedelta(days=rng.randint(20, 90))
        return [(granted, months_later(granted, VALIDITY) - datetime.timedelta(days=1))]
    if n == 3:  # without end date
        return [(today - datetime.timedelta(days=rng.randint(400, 2500)), None)]
    granted = today - datetime.timedelta(days=rng.randint(100, 1500))
    current = (granted, months_later(granted, VALIDITY) - datetime.timedelta(days=1))
    if rng.random() < 0.5:  # renewed: the previous one ended the day before
        before = granted - datetime.timedelta(days=1)
        return [(months_later(before, -VALIDITY) + datetime.timedelta(days=1), before), current]
    return [current]
