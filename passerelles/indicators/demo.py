"""Demo of the network's figures: the indicators of the demo's past years computed from its activity
(events.services.demo_history), and the last closed year published on /reseau/chiffres/ as the
national animation would publish it. Loading again changes nothing: only the years without stored
figures are computed, and a year already published stays as it is."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from passerelles.events.services.demo_history import YEARS

from .models import PublishedYear
from .services import activity


@transaction.atomic
def load_demo_figures(actor: Any) -> int:
    """Compute the missing years of the demo history, publish the last closed one; returns how many
    years were published (0 or 1)."""
    this_year = timezone.localdate().year
    for year in activity.missing_years(range(this_year - YEARS, this_year)):
        activity.refresh(year)
    _, created = PublishedYear.objects.get_or_create(year=this_year - 1)
    return int(created)
