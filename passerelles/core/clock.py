"""Periodic tasks: an app registers a task without arguments with `every(interval)(task)` in its
`tasks.py`; the `run_clock` process enqueues each one when its interval has passed. The last run is
kept in the database (core.PeriodicRun, row-locked), so two clocks never enqueue a task twice."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import PeriodicRun

_PERIODIC: dict[str, tuple[timedelta, Any]] = {}


def every(interval: timedelta):
    def register(task):
        _PERIODIC[f"{task.func.__module__}.{task.func.__name__}"] = (interval, task)
        return task

    return register


def periodic() -> dict[str, tuple[timedelta, Any]]:
    autodiscover_modules("tasks")
    return dict(_PERIODIC)


def tick() -> list[str]:
    """Enqueue the periodic tasks that are due; returns their names."""
    now = timezone.now()
    enqueued = []
    for name, (interval, task) in sorted(periodic().items()):
        with transaction.atomic():
            run, created = PeriodicRun.objects.select_for_update().get_or_create(name=name, defaults={"last_at": now})
            if not created and run.last_at > now - interval:
                continue
            run.last_at = now
            run.save(update_fields=["last_at"])
            transaction.on_commit(task.enqueue)
        enqueued.append(name)
    return enqueued
