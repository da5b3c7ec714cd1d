"""Periodic work of the publications: the nightly harvest of the centres' catalogues."""

import logging
from datetime import time

from django_tasks import task

from passerelles.core.clock import daily

from .models import HarvestSource
from .services import harvest

logger = logging.getLogger(__name__)


@daily(time(2))
@task()
def harvest_catalogues() -> dict[str, int]:
    """Each registered catalogue from where it stopped; a failing one keeps its error (shown to its
    centre) and does not stop the others."""
    done = failed = 0
    for source in HarvestSource.objects.select_related("centre").order_by("pk"):
        try:
            harvest.harvest(source)
        except harvest.HarvestError:
            failed += 1
            logger.warning("Harvest of %s failed: %s", source, source.last_error)
        else:
            done += 1
    return {"harvested": done, "failed": failed}
