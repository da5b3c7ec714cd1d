"""Periodic tasks: an app registers a task without arguments with `every(interval)(task)` in its
`tasks.py` (or `daily(at)(task)` for a time of day, in Paris); the `run_clock` process enqueues
each one when its interval has passed, or its time of day has come. The last run is
kept in the database (core.PeriodicRun, row-locked), so two clocks never enqueue a task twice."""

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import PeriodicRun

ONE_DAY = timedelta(days=1)
# name: (interval, time of day or None, task)
_PERIODIC: dict[str, tuple[timedelta, time | None, Any]] = {}


def every(interval: timedelta, at: time | None = None):
    def register(task):
        _PERIODIC[f"{task.func.__module__}.{task.func.__name__}"] = (interval, at, task)
        return task

    return register


def daily(at: time):
    """Once a day at `at` (local time); a clock started after that hour waits for the next day."""
    return every(ONE_DAY, at)


def periodic() -> dict[str, tuple[timedelta, time | None, Any]]:
    autodiscover_modules("tasks")
    return dict(_PERIODIC)


def _due(last_at: datetime, now: datetime, interval: timedelta, at: time | None) -> bool:
    if at is None:
        return last_at <= now - interval
    latest = timezone.make_aware(datetime.combine(timezone.localtime(now).date(), at))
    if latest > now:
        latest -= ONE_DAY
    return last_at < latest


def tick() -> list[str]:
    """Enqueue the periodic tasks that are due; returns their names."""
    now = timezone.now()
    enqueued = []
    for name, (interval, at, task) in sorted(periodic().items()):
        with transaction.atomic():
            run, created = PeriodicRun.objects.select_for_update().get_or_create(name=name, defaults={"last_at": now})
            if (created and at is not None) or (not created and not _due(run.last_at, now, interval, at)):
                continue
            run.last_at = now
            run.save(update_fields=["last_at"])
            transaction.on_commit(task.enqueue)
        enqueued.append(name)
    return enqueued
