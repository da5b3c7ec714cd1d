"""The person's steps: register (double opt-in), confirm by the link sent, cancel; and the seats
freed going to the waiting list. A seat is held only once the person confirms; every seat decision
is taken under the locks of services.registrations.seats."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.accounts.permissions import Action, can
from passerelles.core.models import OutgoingMail

from ...enums import RegistrationStatus, SessionStatus
from ...errors import AlreadyRegistered, RegistrationRefused
from ...models import Registration, Session
from .notices import SUBJECTS, notify
from .opening import begun, closed, refusal
from .seats import Registrable, concerning, has_seat, lock, lock_target
from .waiting import waiting_line

RESEND_EVERY = datetime.timedelta(hours=1)  # a refused registration re-sends the link at most this often


def register(
    target: Registrable, person: dict[str, Any], base_url: str | None = None, invited: bool = False
) -> Registration:
    """Take a registration (not yet holding a seat) and send the confirmation link.
    `person`: first_name, last_name, email, function, organisation, territory, consent.
    `invited`: the person came by the invitation link (invitation_key). Raises RegistrationRefused
    (why, for the page) or AlreadyRegistered (to be answered like a registration taken)."""
    if reason := refusal(target, invited=invited):
        raise RegistrationRefused(reason)
    if not person.get("consent"):
        raise RegistrationRefused("Votre accord pour le traitement de vos données est nécessaire pour vous inscrire.")
    email = person["email"].strip().lower()
    if existing := overlapping(target, email).first():
        _resend_link(existing, target, base_url)
        raise AlreadyRegistered(existing)
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                **{target.registration_link: target}, **{**person, "email": email}
            )
            notify(registration, "confirm", base_url)
    except IntegrityError as error:  # the same address at the same instant: the constraint decided
        raise AlreadyRegistered() from error
    return registration


def overlapping(target: Registrable, email: str) -> QuerySet[Registration]:
    """This address's registrations (not cancelled) that ask for a seat in `target` too: to the
    same session or cycle, to the cycle of the session, or to a session of the cycle."""
    overlapping = Registration.objects.active().filter(concerning(target), email__iexact=email)
    # Who was registered to a cancelled session of the cycle may register to the cycle.
    return overlapping.exclude(session__status=SessionStatus.CANCELLED).select_related("session", "cycle")


def _resend_link(registration: Registration, asked: Registrable, base_url: str | None = None) -> None:
    """Tell the address it is already registered, with its personal link (someone who lost it
    registers again), at most once an hour. `asked`: the session or cycle the new request was for."""
    subject = SUBJECTS["link"].format(title=registration.target.title)
    recent = timezone.now() - RESEND_EVERY
    if not OutgoingMail.objects.filter(to=registration.email, subject=subject, created_at__gte=recent).exists():
        notify(registration, "link", base_url, asked=asked)


@transaction.atomic
def confirm(token: str, base_url: str | None = None) -> Registration:
    """The person confirms: a seat if one is free, otherwise the waiting list. Idempotent."""
    registration = by_token(token)
    if registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationRefused("Cette inscription a été annulée : inscrivez-vous à nouveau si des places restent.")
    if registration.status != RegistrationStatus.PENDING:
        return registration
    target, sessions = lock_target(registration)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)  # as it is now, locked
    if registration.status != RegistrationStatus.PENDING:
        return registration
    if reason := closed(target):  # cancelled, postponed or begun since the person registered
        raise RegistrationRefused(reason)
    if overlapping(target, registration.email).exclude(pk=registration.pk).exclude(status=RegistrationStatus.PENDING):
        raise RegistrationRefused(  # registered to the cycle and to one of its sessions, both confirmed at once
            "Cette adresse électronique a déjà une place, ou l'attend, par une autre inscription à cette session "
            "ou à son cycle : une seule place par personne."
        )
    _seat(registration, target, sessions)
    notify(registration, "confirmed" if registration.status == RegistrationStatus.CONFIRMED else "waiting", base_url)
    return registration


def _seat(registration: Registration, target: Registrable, sessions: list[Session] | None) -> None:
    """A seat if one is free, otherwise the waiting list (`target` and `sessions` locked)."""
    registration.status = RegistrationStatus.CONFIRMED if has_seat(target, sessions) else RegistrationStatus.WAITING
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at"])


@transaction.atomic
def enrol(user: User, target: Registrable, person: dict[str, Any]) -> Registration:
    """The organisers enrol someone themselves (the demo's fictitious participants): no opening
    window, no confirmation link nor e-mail; the seat, or the waiting list, decided under the seat
    locks as for a confirmation."""
    if not can(user, Action.MANAGE_CENTRE, target):
        raise PermissionDenied
    target, sessions = lock(target)
    registration = Registration.objects.create(**{target.registration_link: target}, **person)
    _seat(registration, target, sessions)
    return registration


@transaction.atomic
def cancel(token: str, base_url: str | None = None) -> Registration:
    """The person cancels; a seat freed goes to the first on the waiting list."""
    registration = by_token(token)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    target, _ = lock_target(registration)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)  # as it is now, locked
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    freed = registration.status == RegistrationStatus.CONFIRMED
    if freed and begun(target):  # the attendance and the counts of the session rest on it now
        raise RegistrationRefused(
            "La session a déjà commencé : l'inscription ne peut plus être annulée. "
            "Si vous ne pouvez pas venir, prévenez le centre organisateur."
        )
    registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    notify(registration, "cancelled", base_url)
    if freed:
        promote(target, base_url)
    return registration


def by_token(token: str) -> Registration:
    registration = Registration.objects.select_related("session__centre", "cycle__centre").filter(token=token).first()
    if registration is None:
        raise RegistrationRefused("Ce lien d'inscription n'est pas valide : vérifiez l'adresse reçue par courriel.")
    return registration


def promote(target: Registrable, base_url: str | None = None) -> list[Registration]:
    """Give the seats freed in `target` to the waiting list, first in line first (call it with the
    target locked: every decision on a cycle's sessions holds the cycle's lock)."""
    promoted = []
    for registration in waiting_line(target).select_related("session", "cycle"):
        if not closed(registration.target) and has_seat(registration.target):
            registration.status = RegistrationStatus.CONFIRMED
            registration.save(update_fields=["status"])
            notify(registration, "promoted", base_url)
            promoted.append(registration)
    return promoted
