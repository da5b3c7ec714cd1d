"""Seats: how many a session or cycle has left, and the locks every seat decision takes.

Every decision about seats is taken while the registered-to rows are locked (`select_for_update` on
PostgreSQL; on SQLite every write transaction is already exclusive, `transaction_mode = IMMEDIATE`),
so capacity is never exceeded whatever the concurrency. Locks are always taken cycle first, then
sessions by id, so two decisions never wait on each other (ADR 0007). A confirmed cycle registration
holds a seat in each of its sessions."""

from collections.abc import Sequence

from django.db.models import Q, QuerySet

from ...models import Cycle, Registration, Session

Registrable = Session | Cycle


def held_in_session(session: Session) -> int:
    """Seats held in a session: its confirmed registrations and those of its cycle."""
    return session.own_seats_held()


def session_has_seat(session: Session) -> bool:
    return session.capacity is None or held_in_session(session) < session.capacity


def has_seat(target: Registrable, sessions: Sequence[Session] | None = None) -> bool:
    """Whether a registration to `target` can hold a seat now: in it, and in each session it holds
    a seat in too (`sessions`: a cycle's sessions, already locked)."""
    if target.capacity is not None and target.own_seats_held() >= target.capacity:
        return False
    return all(session_has_seat(session) for session in target.sessions_sharing_seats(sessions))


def seats_left(target: Registrable) -> int | None:
    """Seats still free (None: no limit), for the pages."""
    counts = [target.capacity - target.own_seats_held()] if target.capacity is not None else []
    counts += [s.capacity - held_in_session(s) for s in target.sessions_sharing_seats() if s.capacity is not None]
    return max(0, min(counts)) if counts else None


def lock(target: Registrable) -> tuple[Registrable, list[Session] | None]:
    """Lock what a seat decision reads: the cycle (if any), then its sessions, by id. Returns the
    target as locked, with a cycle's sessions (None for a session)."""
    cycle_id = target.lock_cycle_id
    cycle = Cycle.objects.select_for_update().get(pk=cycle_id) if cycle_id else None
    if cycle is not None and target.is_cycle:
        return cycle, list(Session.objects.select_for_update().filter(cycle=cycle).order_by("pk"))
    return Session.objects.select_for_update().get(pk=target.pk), None


def lock_target(registration: Registration) -> tuple[Registrable, list[Session] | None]:
    return lock(registration.target)


def in_session(session: Registrable) -> Q:
    """The registrations that concern a session: its own and its cycle's."""
    return session.registrations_q()


def concerning(target: Registrable) -> Q:
    """The registrations that ask for a seat in `target`: a session's own and its cycle's; a cycle's
    own and those of its sessions."""
    return target.registrations_q()


def registered_to(session: Registrable) -> QuerySet[Registration]:
    """Registrations (not cancelled) to the session and to its cycle (a seat in each of its sessions)."""
    return Registration.objects.active().filter(in_session(session))
