"""The organiser cancels a session: it stays in the agenda, marked cancelled, and everyone registered
is told. Checked here, whoever calls: the permission (MANAGE_CENTRE) and the session's state."""

from typing import cast

from django.core.exceptions import PermissionDenied
from django.db import transaction

from passerelles.accounts.models import User
from passerelles.accounts.permissions import Action, can

from ...enums import SessionStatus
from ...errors import AlreadyCancelled, AlreadyTookPlace
from ...models import Session
from .notices import notify
from .seats import lock, registered_to
from .steps import promote


def check_cancellable(session: Session) -> None:
    """Raise AlreadyCancelled, or AlreadyTookPlace (its attendance and counts stand)."""
    if session.is_cancelled:
        raise AlreadyCancelled
    if session.is_over:
        raise AlreadyTookPlace


@transaction.atomic
def cancel_session(user: User, session: Session, base_url: str | None = None) -> Session:
    """Cancel the session and tell everyone registered. A cycle goes on without it: who waited for
    the cycle only because this session was full may now have a seat."""
    if not can(user, Action.MANAGE_CENTRE, session):
        raise PermissionDenied
    session = cast(Session, lock(session)[0])  # the cycle first, then the session, like every seat decision
    check_cancellable(session)  # as it is now, locked
    session.status = SessionStatus.CANCELLED
    session.sequence += 1  # calendars that imported the event mark it cancelled
    session.save(update_fields=["status", "sequence", "updated_at"])
    others = Session.objects.filter(cycle_id=session.cycle_id).exclude(pk=session.pk) if session.cycle_id else []
    goes_on = any(not other.is_closed for other in others)
    for registration in registered_to(session).select_related("session", "cycle"):
        notify(registration, "session_cancelled", base_url, about=session, cycle_goes_on=goes_on)
    if session.cycle_id:
        promote(session, base_url)
    return session
