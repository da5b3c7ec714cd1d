"""Periodic work of the federation: every quarter of an hour the clock looks for the feeds due for
a harvest (active, not harvested for `HARVEST_EVERY`) and enqueues one task per feed, so that a slow
or failing site delays only itself. « Actualiser maintenant » enqueues the same task."""

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from passerelles.core.clock import every

from .enums import HarvestStatus
from .models import FeedSource
from .services import harvest

logger = logging.getLogger(__name__)

HARVEST_EVERY = timedelta(hours=3)


def due_sources():
    """Active feeds never harvested or not harvested for `HARVEST_EVERY`, whose harvest is not
    already waiting in the queue (asked for by a user, or by the clock's previous round)."""
    now = timezone.now()
    due = FeedSource.objects.filter(active=True).filter(
        Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=now - HARVEST_EVERY)
    )
    return [source for source in due.order_by("last_checked_at", "pk") if not source.harvest_pending(now)]


@every(timedelta(minutes=15))
@task()
def harvest_due_feeds() -> int:
    pks = [source.pk for source in due_sources()]
    FeedSource.objects.filter(pk__in=pks).update(harvest_requested_at=timezone.now())
    for pk in pks:
        harvest_feed.enqueue(pk)
    return len(pks)


@task()
def harvest_feed(source_id: int) -> str:
    source = FeedSource.objects.filter(pk=source_id).first()
    if source is None:
        return "gone"  # deleted since it was enqueued
    outcome = harvest.harvest(source)
    if outcome.status == HarvestStatus.ERROR:
        logger.warning("Harvest of feed %s failed: %s", source.pk, outcome.message)
    return outcome.status
