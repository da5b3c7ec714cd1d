"""Harvesting one feed of a centre's website into the network: fetch (conditional GET), read the
whole feed, then store everything in one transaction — new entries added, changed ones updated,
those the source no longer gives removed. Any failure before the end leaves what was harvested as it
was, and its French message is kept on the source, where the centre's staff read it (as the OAI-PMH
harvest keeps its `last_error`). Changes reach the search through its outbox (search_index)."""

import logging
from dataclasses import dataclass, field, fields
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from passerelles.search_index.services.indexing import record

from ..enums import FeedKind, HarvestStatus
from ..models import FeedSource, HarvestedEvent, HarvestedNews
from .calendar import read_calendar
from .decoding import decode
from .entries import EventEntry, NewsEntry, Reading
from .fetch import FeedError, Fetched, fetch
from .news import read_news

logger = logging.getLogger(__name__)
BATCH = 1000
EVENT_SEARCH = "evenement-centre"
NEWS_SEARCH = "actualite-centre"


@dataclass
class Outcome:
    status: str
    message: str = ""
    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: list = field(default_factory=list)


def harvest(source: FeedSource) -> Outcome:
    """Harvest `source` now; the outcome is also stored on it (never raises a FeedError)."""
    try:
        fetched = fetch(source.url, source.etag, source.last_modified)
        if fetched.body is None:
            outcome = Outcome(HarvestStatus.UNCHANGED, "Le site indique que le flux n'a pas changé.")
        else:
            outcome = _store(source, fetched, read(source.kind, fetched))
    except FeedError as error:
        outcome = Outcome(HarvestStatus.ERROR, str(error))
    except FeedSource.DoesNotExist:  # deleted by its centre while it was being read
        return Outcome(HarvestStatus.ERROR, "Le flux a été supprimé pendant sa moisson.")
    except Exception:  # whatever a feed does, its centre is told and nothing harvested changes
        logger.exception("Harvest of feed %s failed unexpectedly", source.pk)
        outcome = Outcome(
            HarvestStatus.ERROR,
            "La moisson a échoué sur une erreur inattendue ; rien n'a été modifié. Si elle se répète, "
            "signalez-la à l'équipe du réseau.",
        )
    if outcome.status != HarvestStatus.OK:
        _remember(source, outcome)
    return outcome


def read(kind: str, fetched: Fetched) -> Reading:
    assert fetched.body is not None
    if not fetched.body.strip():
        raise FeedError("Le site a renvoyé un flux vide.")
    if kind == FeedKind.ICALENDAR:
        return read_calendar(decode(fetched.body, fetched.charset))
    return read_news(fetched.body, fetched.charset)


@transaction.atomic
def _store(source: FeedSource, fetched: Fetched, reading: Reading) -> Outcome:
    locked = FeedSource.objects.select_for_update().get(pk=source.pk)  # one harvest of a feed at a time
    if (locked.url, locked.kind) != (source.url, source.kind):
        raise FeedError("Le flux a été modifié pendant sa moisson : elle reprendra avec sa nouvelle adresse.")
    now = timezone.now()
    rows: models.Manager[Any]  # the harvested rows of this kind of feed
    if source.kind == FeedKind.ICALENDAR:
        rows, search, names = HarvestedEvent.objects, EVENT_SEARCH, [f.name for f in fields(EventEntry)]
        key_of = lambda row: (row.uid, row.recurrence_id)  # noqa: E731
        is_kept = lambda key: key[0] in reading.kept  # noqa: E731  (an unreadable event keeps its rows)
    else:
        rows, search, names = HarvestedNews.objects, NEWS_SEARCH, [f.name for f in fields(NewsEntry)]
        key_of = lambda row: row.guid  # noqa: E731
        is_kept = lambda key: key in reading.kept  # noqa: E731
    stored = {key_of(row): row for row in rows.filter(source=source).only("pk", *names)}
    changed: list[Any] = []
    touched: list[int] = []
    removed: list[int] = []
    for key, row in stored.items():
        entry = reading.entries.get(key)
        if entry is None:
            if not is_kept(key):
                removed.append(row.pk)
            continue
        if any(getattr(row, name) != getattr(entry, name) for name in names):
            for name in names:
                setattr(row, name, getattr(entry, name))
            changed.append(row)
            touched.append(row.pk)
    new: list[Any] = [
        rows.model(source=source, centre_id=source.centre_id, seen_at=now, **vars(entry))
        for key, entry in reading.entries.items()
        if key not in stored
    ]
    if removed:
        record(search, removed)
        for start in range(0, len(removed), BATCH):
            rows.filter(pk__in=removed[start : start + BATCH]).delete()
    rows.bulk_update(changed, names, batch_size=BATCH)
    rows.bulk_create(new, batch_size=BATCH)
    rows.filter(source=source).update(seen_at=now)
    added_ids = [row.pk for row in new]  # returned by the insert on SQLite and PostgreSQL
    record(search, [*touched, *added_ids])
    outcome = Outcome(HarvestStatus.OK, added=len(new), updated=len(changed), removed=len(removed))
    outcome.skipped = reading.skipped
    outcome.message = _summary(outcome)
    locked.etag, locked.last_modified = fetched.etag, fetched.last_modified
    _remember(locked, outcome, now)
    return outcome


def _remember(source: FeedSource, outcome: Outcome, now=None) -> None:
    source.last_checked_at = now or timezone.now()
    source.last_status, source.last_message = outcome.status, outcome.message
    source.last_added, source.last_updated, source.last_removed = outcome.added, outcome.updated, outcome.removed
    update = ["last_checked_at", "last_status", "last_message", "last_added", "last_updated", "last_removed"]
    if outcome.status == HarvestStatus.OK:
        update += ["etag", "last_modified"]
    FeedSource.objects.filter(pk=source.pk).update(**{name: getattr(source, name) for name in update})


def _summary(outcome: Outcome) -> str:
    text = f"{outcome.added} ajouté(s), {outcome.updated} mis à jour, {outcome.removed} retiré(s)."
    if outcome.skipped:
        shown = " ; ".join(outcome.skipped[:5])
        more = f" (et {len(outcome.skipped) - 5} autres)" if len(outcome.skipped) > 5 else ""
        text += f" {len(outcome.skipped)} élément(s) ignoré(s), laissés tels quels : {shown}{more}."
    return text
