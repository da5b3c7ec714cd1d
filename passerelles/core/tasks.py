"""The background tasks of the infrastructure: the mail outbox, stalled jobs, old task results."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks_db import DatabaseBackend

from . import jobs, mail
from .clock import every


@every(timedelta(minutes=1))
@task()
def send_outbox() -> dict[str, int]:
    """Send the mail that is due; enqueue itself again when more is due, or for the next retry."""
    sent, failed = mail.send_due()
    backend = task_backends[send_outbox.backend]
    if failed:
        at = mail.next_attempt()
        if at and backend.supports_defer:
            send_outbox.using(run_after=at).enqueue()
    elif sent and mail.due(timezone.now()).exists():
        send_outbox.enqueue()
    return {"sent": sent, "failed": failed}


@every(timedelta(minutes=1))
@task()
def resume_stalled_jobs() -> int:
    return jobs.resume_stalled()


@every(timedelta(days=1))
@task()
def prune_task_results() -> None:
    """Finished task results older than 30 days go (the jobs themselves stay, with their result)."""
    if isinstance(task_backends["default"], DatabaseBackend):
        call_command("prune_db_task_results", "--min-age-days", "30", verbosity=0)
