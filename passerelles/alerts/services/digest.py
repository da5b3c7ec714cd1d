"""The digest of alerts: one e-mail per person and period gathering, across all their alerts of
that frequency, what entered the network since their last digest.

Built from the network search itself: each alert's search is read back as the search page reads
its URL (saved.search_request), compiled by the search's own code (query parsing, thesaurus and
commune expressions, filters) and run against the index with one more clause, a range on the
`published` fast field. Alerts asking the same search run it once, from the earliest moment any of
their holders needs; each person then keeps what is newer than their own last digest, each item
once. Sessions are kept only while they have places left.

A run is idempotent: a Digest row is written per person and period in the transaction that queues
the mail (or records that there was nothing new), so a run resumed after a crash, or started twice,
skips those people."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from passerelles.core import mail
from passerelles.core.models import Unsubscription
from passerelles.search_index.engine import timestamp

from ..enums import Frequency
from ..models import Alert, Digest
from . import saved
from .finding import Search, new_items, run_searches, sessions_with_places, signature
from .links import LIST_KEY, LIST_LABEL
from .rendering import Renderer

BATCH = 200  # people per transaction
KEPT_DAYS = 400  # Digest rows: what each period sent, kept a year and more


# Periods ------------------------------------------------------------------------------------------


def period_of(frequency: str, until: datetime) -> str:
    """The period a run belongs to: its ISO week (2026-W50) or its month (2026-12), in Paris time."""
    local = timezone.localtime(until)
    if frequency == Frequency.WEEKLY:
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{local.year}-{local.month:02d}"


def default_since(frequency: str, until: datetime) -> datetime:
    """For someone who never had a digest: one period back."""
    if frequency == Frequency.WEEKLY:
        return until - timedelta(days=7)
    local = timezone.localtime(until)
    year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
    day = min(local.day, 28)
    return local.replace(year=year, month=month, day=day)


# The run ----------------------------------------------------------------------------------------


@dataclass
class Outcome:
    people: int = 0
    sent: int = 0
    empty: int = 0
    skipped: int = 0  # done already (a resumed run), or unsubscribed


def send_digests(
    frequency: str,
    until: datetime,
    *,
    total: Callable[[int], None] = lambda count: None,
    advance: Callable[[int], None] = lambda count: None,
    stop: Callable[[], bool] = lambda: False,
) -> Outcome:
    """Queue the digests of `frequency` for the period of `until`. `total`, `advance` and `stop`
    report to a job's progress."""
    period = period_of(frequency, until)
    outcome = Outcome()
    holders: dict[int, list[Alert]] = defaultdict(list)
    for alert in Alert.objects.filter(frequency=frequency, user__is_active=True).order_by("user_id", "pk"):
        holders[alert.user_id].append(alert)
    outcome.people = len(holders)
    total(len(holders))
    done = set(Digest.objects.filter(frequency=frequency, period=period).values_list("user_id", flat=True))
    last = _last_digests(frequency, period)
    fallback = default_since(frequency, until)
    since_of = {user_id: last.get(user_id) or fallback for user_id in holders}
    pending = [user_id for user_id in holders if user_id not in done]
    if len(pending) < len(holders):
        advance(len(holders) - len(pending))
        outcome.skipped += len(holders) - len(pending)
    # One search per distinct alert, from the earliest moment a holder needs.
    searches: dict[str, Search] = {}
    wanted: dict[int, list[Search]] = {}
    for user_id in pending:
        wanted[user_id] = []
        for alert in holders[user_id]:
            key = signature(alert)
            since = timestamp(since_of[user_id])
            if key not in searches:
                searches[key] = Search(saved.search_request(alert), saved.types_of(alert), since)
            searches[key].since = min(searches[key].since, since)
            wanted[user_id].append(searches[key])
    run_searches(searches.values(), timestamp(until))
    session_keys = {item.key for search in searches.values() for item in search.found if item.type == "session"}
    open_sessions = sessions_with_places(session_keys, timezone.now())
    run = Run(
        frequency=frequency,
        period=period,
        until=until,
        users=get_user_model().objects.in_bulk(pending),
        wanted=wanted,
        since_of={user_id: timestamp(since) for user_id, since in since_of.items()},
        open_sessions=open_sessions,
        gone=set(Unsubscription.objects.filter(list_key=LIST_KEY).values_list("email", flat=True)),
        renderer=Renderer(frequency, until),
    )
    for start in range(0, len(pending), BATCH):
        if stop():
            break
        batch = pending[start : start + BATCH]
        _send_batch(run, batch, since_of, outcome)
        advance(len(batch))
    return outcome


@dataclass
class Run:
    """What every batch of one run reads."""

    frequency: str
    period: str
    until: datetime
    users: dict[Any, Any]
    wanted: dict[int, list[Search]]
    since_of: dict[int, int]
    open_sessions: set[str]
    gone: set[str]
    renderer: Renderer


def _last_digests(frequency: str, period: str) -> dict[int, datetime]:
    """Each person's end of their last digest of `frequency` before this period (one grouped query)."""
    rows = Digest.objects.filter(frequency=frequency).exclude(period=period).order_by().values("user_id")
    return {row["user_id"]: row["last"] for row in rows.annotate(last=Max("until"))}


def forget_old_digests(now: datetime | None = None) -> int:
    """Digest rows past KEPT_DAYS go (the last one of a person, a month old at most, stays)."""
    limit = (now or timezone.now()) - timedelta(days=KEPT_DAYS)
    return Digest.objects.filter(until__lt=limit).delete()[0]


def _send_batch(run: Run, batch: list[int], since_of: dict[int, datetime], outcome: Outcome) -> None:
    """One transaction: each person's Digest row and mail together. Someone served meanwhile by
    another run (the unique constraint) makes the batch start again without them."""
    while True:
        served = Digest.objects.filter(frequency=run.frequency, period=run.period, user_id__in=batch)
        done = set(served.values_list("user_id", flat=True))
        counts = Outcome()
        try:
            with transaction.atomic():
                digests = []
                for user_id in batch:
                    if user_id in done:
                        counts.skipped += 1
                        continue
                    user = run.users[user_id]
                    items = new_items(run.wanted[user_id], run.since_of[user_id], run.open_sessions)
                    sent = False
                    if items and user.email.lower() not in run.gone:
                        subject, text, html_body = run.renderer.render(user, items)
                        queued = mail.queue(
                            user.email, subject, text, html=html_body, list_key=LIST_KEY, list_label=LIST_LABEL
                        )
                        sent = queued is not None
                    if sent:
                        counts.sent += 1
                    elif items:
                        counts.skipped += 1
                    else:
                        counts.empty += 1
                    digests.append(
                        Digest(
                            user_id=user_id,
                            frequency=run.frequency,
                            period=run.period,
                            since=since_of[user_id],
                            until=run.until,
                            items=len(items) if sent else 0,
                            sent=sent,
                        )
                    )
                Digest.objects.bulk_create(digests)
        except IntegrityError:
            continue  # another run served some of them: again, without those
        outcome.sent += counts.sent
        outcome.empty += counts.empty
        outcome.skipped += counts.skipped
        return
