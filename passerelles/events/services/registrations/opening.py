"""Whether a session or cycle takes registrations now, and if not, why (French)."""

import datetime

from django.utils import timezone

from ...enums import Openness
from .seats import Registrable

CYCLE_OPENNESS = {Openness.INVITATION: "cycle sur invitation", Openness.GROUP: "cycle réservé aux membres d'un groupe"}


def refusal(target: Registrable, now: datetime.datetime | None = None, invited: bool = False) -> str | None:
    """Why registration is not possible now (French), or None. `invited`: the person came by the
    invitation link of the session or cycle, which opens it whoever it is open to."""
    now = now or timezone.now()
    if not target.is_published and not invited:
        return f"{target.this} n'est pas {target.published_label}."
    if target.openness != Openness.PUBLIC and not invited:
        who = (
            CYCLE_OPENNESS[Openness(target.openness)] if target.is_cycle else f"session {target.get_openness_display()}"
        )
        return (
            f"Les inscriptions ne sont pas ouvertes au public : {who}. "
            "Les personnes invitées s'inscrivent par le lien reçu des organisateurs."
        )
    if reason := closed(target, now):
        return reason
    if target.registration_opens and now < target.registration_opens:
        return f"Les inscriptions ouvriront le {timezone.localtime(target.registration_opens):%d/%m/%Y à %H:%M}."
    if target.registration_closes and now > target.registration_closes:
        return "Les inscriptions sont closes."
    return None


def closed(target: Registrable, now: datetime.datetime | None = None) -> str | None:
    """Why no seat can be taken any more, whatever the registration window (French), or None:
    the session cancelled, postponed or begun; a cycle without a session still to take place as
    planned, or whose first one has begun (a cycle goes on without its cancelled sessions)."""
    if reason := target.unplanned_reason():
        return reason
    if reason := target.past_reason():
        return reason
    if begun(target, now):
        return f"{target.this} a déjà commencé : les inscriptions sont closes."
    return None


def begun(target: Registrable, now: datetime.datetime | None = None) -> bool:
    """Whether the session, or the first session of the cycle still planned, has begun (a session
    postponed or cancelled has not, whatever its former date)."""
    sessions = target.planned_sessions()
    return bool(sessions) and min(session.starts_at for session in sessions) <= (now or timezone.now())
