"""What a centre's staff do with their feeds: register, change, delete, harvest now. Each asks the
one permission check (MANAGE_CENTRE on the feed's centre): staff of one centre never reach another's."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.accounts.permissions import Action, can
from passerelles.core.changes import Changes
from passerelles.search_index.services.indexing import record

from ..models import FeedSource
from ..tasks import harvest_feed
from .harvest import EVENT_SEARCH, NEWS_SEARCH

REFUSED = "Vous n'avez pas le droit de gérer les flux de ce centre."


def check(user: User, source: FeedSource) -> None:
    if not can(user, Action.MANAGE_CENTRE, source):
        raise PermissionDenied(REFUSED)


@transaction.atomic
def save_source(user: User, changes: Changes[FeedSource]) -> FeedSource:
    source = changes.row
    check(user, source)
    if not changes.is_new:
        before = FeedSource.objects.select_for_update().get(pk=source.pk)
        check(user, before)
        if before.url != source.url or before.kind != source.kind:
            # Another feed: its validators mean nothing, and what the old one gave is not its own.
            source.etag = source.last_modified = source.last_status = source.last_message = ""
            source.last_checked_at, source.last_added, source.last_updated, source.last_removed = None, 0, 0, 0
            _forget_harvest(before)
    return changes.apply()


@transaction.atomic
def delete_source(user: User, source: FeedSource) -> None:
    check(user, source)
    _forget_harvest(source)
    source.delete()


def _forget_harvest(source: FeedSource) -> None:
    record(EVENT_SEARCH, source.events.values_list("pk", flat=True))
    record(NEWS_SEARCH, source.news.values_list("pk", flat=True))
    source.events.all().delete()
    source.news.all().delete()


# « Actualiser maintenant » asks a feed's site again no sooner than this after its last harvest, and
# never while a harvest of the feed is waiting or running: clicks do not turn into a flood of
# requests to the centre's site.
MANUAL_HARVEST_SPACING = timedelta(minutes=1)


@transaction.atomic
def request_harvest(user: User, source: FeedSource) -> str:
    """« Actualiser maintenant »: the harvest runs in the task queue, its result lands on the source.
    What to tell the user: the harvest is asked for, or why not now (in French)."""
    check(user, source)
    locked = FeedSource.objects.select_for_update().get(pk=source.pk)
    now = timezone.now()
    if locked.harvest_pending(now):
        return (
            f"Une moisson du flux « {locked.label} » est déjà demandée : "
            "son résultat s'affiche ci-dessous une fois terminée."
        )
    if locked.last_checked_at and locked.last_checked_at > now - MANUAL_HARVEST_SPACING:
        again = timezone.localtime(locked.last_checked_at + MANUAL_HARVEST_SPACING)
        return (
            f"Le flux « {locked.label} » vient d'être moissonné : vous pourrez le moissonner de nouveau "
            f"à partir de {again:%H:%M:%S}."
        )
    FeedSource.objects.filter(pk=locked.pk).update(harvest_requested_at=now)
    transaction.on_commit(lambda: harvest_feed.enqueue(locked.pk))
    return f"Moisson du flux « {locked.label} » demandée : son résultat s'affiche ci-dessous une fois terminée."
