"""What sign-ins and visits leave behind, deleted on a schedule (`manage.py purge_logs`, daily cron):
django-axes' attempts and logs older than PASSERELLES["SIGN_IN_LOG_RETENTION_MONTHS"], expired
sessions (as Django's `clearsessions`) and rate-limit counters whose window has ended. The delays
are those the personal-data page states (website.legal.retention)."""

from dataclasses import dataclass
from datetime import datetime
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone

from . import throttle


@dataclass
class Purged:
    attempts: int  # django-axes' running failure counters
    access_logs: int  # sign-ins and sign-outs
    failure_logs: int
    sessions: int | None  # None: a session engine without rows, which expires them itself
    throttles: int


def sign_in_log_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - relativedelta(months=settings.PASSERELLES["SIGN_IN_LOG_RETENTION_MONTHS"])


def _delete(model: type[models.Model], rows: models.QuerySet) -> int:
    """How many rows of `model` itself were deleted (not of the rows cascaded with them)."""
    return rows.delete()[1].get(model._meta.label, 0)


def expired_sessions_cleared(now: datetime | None = None) -> int | None:
    """Django's `clearsessions`, counted: database-backed engines delete the expired rows."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):  # cache or signed cookies: nothing stored to delete
        store.clear_expired()
        return None
    model = store.get_model_class()
    return _delete(model, model.objects.filter(expire_date__lt=now or timezone.now()))


def purge_logs(now: datetime | None = None) -> Purged:
    limit = sign_in_log_cutoff(now)
    return Purged(
        attempts=_delete(AccessAttempt, AccessAttempt.objects.filter(attempt_time__lt=limit)),
        access_logs=_delete(AccessLog, AccessLog.objects.filter(attempt_time__lt=limit)),
        failure_logs=_delete(AccessFailureLog, AccessFailureLog.objects.filter(attempt_time__lt=limit)),
        sessions=expired_sessions_cleared(now),
        throttles=throttle.purge_expired(),
    )
