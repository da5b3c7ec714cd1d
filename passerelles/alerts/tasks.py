"""The digests of alerts: weekly on Monday morning, monthly on the 1st, run as jobs (progress,
stop, resume after a crash without sending twice); staff of the national animation may start one."""

from datetime import datetime, time

from django.utils import timezone
from django_tasks import task

from passerelles.core import jobs
from passerelles.core.clock import daily

from .enums import Frequency
from .services import digest

LABELS = {Frequency.WEEKLY: "Lettre hebdomadaire des alertes", Frequency.MONTHLY: "Lettre mensuelle des alertes"}


def start(frequency: str, user=None, until: datetime | None = None):
    """Record and enqueue the digest job of `frequency` for the period of `until` (now)."""
    until = until or timezone.now()
    label = f"{LABELS[Frequency(frequency)]} ({digest.period_of(frequency, until)})"
    return jobs.start(label, user, send_digests, frequency=frequency, until=until.isoformat())


@task()
def send_digests(job_id: str, frequency: str, until: str) -> None:
    with jobs.run(job_id) as progress:
        if not progress.active:
            return
        outcome = digest.send_digests(
            frequency,
            datetime.fromisoformat(until),
            total=progress.set_total,
            advance=progress.advance,
            stop=progress.stop_requested,
        )
        progress.finish(
            f"{outcome.sent} lettre(s) envoyée(s), {outcome.empty} personne(s) sans nouveauté, "
            f"{outcome.skipped} déjà servie(s) ou désabonnée(s), sur {outcome.people}."
        )


@daily(time(7, 0))
@task()
def start_due_digests() -> list[str]:
    """Every morning at 7:00: the weekly digest on Mondays, the monthly one on the 1st."""
    now = timezone.now()
    today = timezone.localdate(now)
    started = []
    if today.weekday() == 0:
        started.append(str(start(Frequency.WEEKLY, until=now).pk))
    if today.day == 1:
        started.append(str(start(Frequency.MONTHLY, until=now).pk))
    digest.forget_old_digests(now)
    return started
