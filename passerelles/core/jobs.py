"""Long background work a person starts and follows: `start()` records a Job and enqueues its task
once the transaction commits; the task reports through `run()`; the person watches the progress at
the job's page and may ask it to stop. A task whose worker died (no heartbeat for
`PASSERELLES["JOB_STALL_SECONDS"]`) is enqueued again by the clock with the same arguments
(`resume_stalled`), so every task body must skip what it already did."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Job


def start(label: str, user: Any, task: Any, **arguments: Any) -> Job:
    """Record the job and enqueue `task(job_id=…, **arguments)` after the commit."""
    job = Job.objects.create(
        id=uuid.uuid4(),
        label=label[:300],
        started_by=user if getattr(user, "is_authenticated", False) else None,
        task_path=f"{task.func.__module__}.{task.func.__name__}",
        arguments=arguments,
    )
    transaction.on_commit(lambda: _enqueue(job))
    return job


def _enqueue(job: Job) -> None:
    import_string(job.task_path).enqueue(job_id=str(job.pk), **job.arguments)


class Progress:
    """What a running task sees of its job."""

    def __init__(self, job: Job, active: bool):
        self.job = job
        self.active = active  # False: finished already, or running in another worker

    def set_total(self, total: int) -> None:
        if self.active:
            Job.objects.filter(pk=self.job.pk).update(total=total, heartbeat_at=timezone.now())
            self.job.total = total

    def advance(self, count: int = 1) -> None:
        """Count `count` more items done (also the heartbeat that tells the clock the worker lives)."""
        if self.active:
            Job.objects.filter(pk=self.job.pk).update(done=F("done") + count, heartbeat_at=timezone.now())
            self.job.done += count

    def set_done(self, done: int) -> None:
        """The count of items done, recounted (after a restart)."""
        if self.active:
            Job.objects.filter(pk=self.job.pk).update(done=done, heartbeat_at=timezone.now())
            self.job.done = done

    def stop_requested(self) -> bool:
        """Whether to stop now: the person asked, or this run must not go on."""
        if not self.active:
            return True
        return Job.objects.filter(pk=self.job.pk, stop_requested=True).exists()

    def finish(self, message: str = "", url: str = "") -> None:
        self.job.message, self.job.result_url = message, url


@contextmanager
def run(job_id: str) -> Iterator[Progress]:
    """Mark the job running for the body of the `with`, then done, stopped or failed."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        busy = job.state == Job.State.RUNNING and job.heartbeat_at and job.heartbeat_at > _stalled_before()
        active = not job.finished and not busy
        if active:
            job.state, job.runs, job.heartbeat_at = Job.State.RUNNING, job.runs + 1, timezone.now()
            job.save(update_fields=["state", "runs", "heartbeat_at"])
    progress = Progress(job, active)
    try:
        yield progress
    except Exception as error:
        if active:
            _close(job, Job.State.FAILED, f"La tâche a échoué ({type(error).__name__}).")
        raise
    if active:
        stopped = Job.objects.filter(pk=job.pk, stop_requested=True).exists()
        _close(job, Job.State.CANCELLED if stopped else Job.State.DONE, job.message, job.result_url)


def _close(job: Job, state: str, message: str, url: str = "") -> None:
    Job.objects.filter(pk=job.pk).update(
        state=state, message=message[:5000], result_url=url[:500], finished_at=timezone.now(), heartbeat_at=None
    )


def request_stop(job: Job) -> bool:
    """Ask a job to stop; one that has not started yet stops at once. False when already finished."""
    if job.finished:
        return False
    Job.objects.filter(pk=job.pk).update(stop_requested=True)
    Job.objects.filter(pk=job.pk, state=Job.State.PENDING).update(
        state=Job.State.CANCELLED, finished_at=timezone.now(), message="Arrêtée avant d'avoir commencé."
    )
    return True


def _stalled_before():
    return timezone.now() - timedelta(seconds=settings.PASSERELLES["JOB_STALL_SECONDS"])


def stalled():
    """Jobs whose worker stopped beating, and jobs enqueued (or resumed) long ago that never started."""
    limit = _stalled_before()
    return Job.objects.filter(
        Q(state=Job.State.RUNNING) & (Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True))
        | Q(state=Job.State.PENDING, heartbeat_at__lt=limit)
        | Q(state=Job.State.PENDING, heartbeat_at__isnull=True, created_at__lt=limit)
    )


def resume_stalled() -> int:
    """Enqueue the task of every stalled job again (pending once more, the resume time as its
    heartbeat, so it is not resumed twice in one stall); returns how many."""
    count = 0
    for job in stalled():
        Job.objects.filter(pk=job.pk).update(state=Job.State.PENDING, heartbeat_at=timezone.now())
        _enqueue(job)
        count += 1
    return count
