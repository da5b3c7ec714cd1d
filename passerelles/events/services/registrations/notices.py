"""The e-mails to registered people: each queued in the caller's transaction (core.mail)."""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from passerelles.core import mail

from ...models import Registration
from .connection import connection_link
from .invitations import absolute, for_invited
from .seats import Registrable, registered_to
from .waiting import waiting_rank

SUBJECTS = {
    "confirm": "Confirmez votre inscription : {title}",
    "confirmed": "Inscription confirmée : {title}",
    "waiting": "Liste d'attente : {title}",
    "promoted": "Une place s'est libérée : {title}",
    "cancelled": "Inscription annulée : {title}",
    "session_cancelled": "Session annulée : {title}",
    "reminder": "Rappel : {title}, demain",
    "link": "Votre lien d'inscription : {title}",
    "session_changed": "Session modifiée : {title}",
}


def notify(
    registration: Registration, kind: str, base_url: str | None = None, about: Registrable | None = None, **extra: Any
) -> None:
    """Queue the e-mail `kind` (events/mail/<kind>.txt) to the person, about their registration's
    session or cycle, or about one session of their cycle (`about`)."""
    target = about or registration.target
    context = {
        **extra,
        "registration": registration,
        "target": target,
        "kind": kind,
        "link": absolute(registration.get_absolute_url(), base_url),
        "page": absolute(for_invited(target, target.get_absolute_url()), base_url),
        "rank": waiting_rank(registration) if kind == "waiting" else None,
        "online_url": connection_link(registration, target),
        "site": settings.PASSERELLES["SITE_TITLE"],
    }
    body = render_to_string(f"events/mail/{kind}.txt", context)
    mail.queue(registration.email, SUBJECTS[kind].format(title=target.title), body)


def tell_changes(session: Registrable, changes: list[str], base_url: str | None = None) -> None:
    """Tell everyone registered to the session (or to its cycle) what changed in it."""
    for registration in registered_to(session).select_related("session", "cycle"):
        notify(registration, "session_changed", base_url, about=session, changes=changes)
