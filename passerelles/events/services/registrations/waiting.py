"""The waiting list: who waits for which seats, and in what order (services.registrations.steps.promote
gives them the seats freed)."""

from django.db.models import Q, QuerySet

from ...enums import CLOSED_STATUSES, RegistrationStatus
from ...models import Registration
from .seats import Registrable, concerning


def waiting_line(target: Registrable) -> QuerySet[Registration]:
    """Everyone who waits for a seat that `target` may free: a cycle's sessions and the cycle share
    one line (a seat freed in a session can go to a registrant of the session or of the cycle)."""
    cycle = target.waiting_cycle
    return _waiting(concerning(cycle) if cycle else Q(session=target))


def competing(target: Registrable) -> QuerySet[Registration]:
    """Who waits for the seats a registration to `target` waits for: for a session, its line and its
    cycle's; for a cycle, its line and those of its sessions."""
    return _waiting(concerning(target))


def _waiting(line: Q) -> QuerySet[Registration]:
    """The registrations waiting in `line`, first in line first; those of a session cancelled or
    postponed wait for nothing and are left out."""
    waiting = Registration.objects.filter(line, status=RegistrationStatus.WAITING)
    return waiting.exclude(session__status__in=CLOSED_STATUSES).order_by("confirmed_at", "pk")


def waiting_rank(registration: Registration) -> int:
    """1 for the first in line for the seats this registration waits for."""
    ahead = competing(registration.target).filter(
        Q(confirmed_at__lt=registration.confirmed_at)
        | Q(confirmed_at=registration.confirmed_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1
