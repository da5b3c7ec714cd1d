"""Registration to a session or a cycle, with double opt-in, capacity and a waiting list.

A seat is held only once the person confirms by the link sent to them. Every decision about seats
is taken while the registered-to rows are locked (`select_for_update` on PostgreSQL; on SQLite every
write transaction is already exclusive, `transaction_mode = IMMEDIATE`), so capacity is never
exceeded whatever the concurrency. Locks are always taken cycle first, then sessions by id, so two
decisions never wait on each other. A confirmed cycle registration holds a seat in each of its
sessions."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from passerelles.core import mail
from passerelles.core.models import OutgoingMail

from ..enums import Openness, RegistrationStatus, SessionStatus
from ..models import Cycle, Registration, Session

CLOSED_STATUSES = {SessionStatus.CANCELLED, SessionStatus.POSTPONED}
CYCLE_OPENNESS = {Openness.INVITATION: "cycle sur invitation", Openness.GROUP: "cycle réservé aux membres d'un groupe"}
RESEND_EVERY = datetime.timedelta(hours=1)  # a refused registration re-sends the link at most this often


class RegistrationRefused(Exception):
    """The registration cannot be taken; the message is for the person, in French."""


class AlreadyRegistered(Exception):
    """The address already asks for a seat in this session or cycle. Whoever typed it is told no more
    than for a new registration (the public form must not reveal who is registered): what it is
    registered to, and its personal link, go to the address itself by e-mail. `registration`: the one
    found (None when another request took the same address at the same instant)."""

    def __init__(self, registration=None):
        super().__init__("This address already has a registration to this session or cycle.")
        self.registration = registration


def absolute(path, base=None):
    return (base or settings.PASSERELLES["SITE_URL"]).rstrip("/") + path


# ---------------------------------------------------------------- seats


def held_in_session(session):
    """Seats held in a session: its confirmed registrations and those of its cycle."""
    return Registration.objects.holding_seats().filter(in_session(session)).count()


def session_has_seat(session):
    return session.capacity is None or held_in_session(session) < session.capacity


def live(sessions):
    """The sessions still planned at their date: a cycle takes registrations as long as one is."""
    return [session for session in sessions if session.status not in CLOSED_STATUSES]


def seated(sessions):
    """The sessions whose seats a cycle registration holds: all but the cancelled ones (a postponed
    session keeps its seats for its new date)."""
    return [session for session in sessions if session.status != SessionStatus.CANCELLED]


def cycle_has_seat(cycle, sessions):
    if cycle.capacity is not None and cycle.registrations.holding_seats().count() >= cycle.capacity:
        return False
    return all(session_has_seat(session) for session in seated(sessions))


def has_seat(target, sessions=None):
    if isinstance(target, Cycle):
        return cycle_has_seat(target, sessions if sessions is not None else list(target.sessions.all()))
    return session_has_seat(target)


def seats_left(target):
    """Seats still free (None: no limit), for the pages."""
    if isinstance(target, Cycle):
        counts = [target.capacity - target.registrations.holding_seats().count()] if target.capacity is not None else []
        counts += [s.capacity - held_in_session(s) for s in seated(target.sessions.all()) if s.capacity is not None]
    else:
        counts = [target.capacity - held_in_session(target)] if target.capacity is not None else []
    return max(0, min(counts)) if counts else None


def lock(target):
    """Lock what a seat decision reads: the cycle (if any), then its sessions, by id."""
    cycle_id = target.pk if isinstance(target, Cycle) else target.cycle_id
    cycle = Cycle.objects.select_for_update().get(pk=cycle_id) if cycle_id else None
    if isinstance(target, Cycle):
        return cycle, list(Session.objects.select_for_update().filter(cycle=cycle).order_by("pk"))
    return Session.objects.select_for_update().get(pk=target.pk), None


# ---------------------------------------------------------------- invitations


def invitation_key(target):
    """The key of the invitation link of a session or cycle not open to the public (or not in the
    agenda): the organisers send the link to the people they invite. Derived from SECRET_KEY."""
    kind = "cycle" if isinstance(target, Cycle) else "session"
    return salted_hmac("passerelles.events.invitation", f"{kind}:{target.pk}", algorithm="sha256").hexdigest()[:32]


def is_invited(target, key):
    return bool(key) and constant_time_compare(str(key), invitation_key(target))


def invitation_url(target, base_url=None):
    return absolute(f"{target.get_absolute_url()}?invitation={invitation_key(target)}", base_url)


def for_invited(target, path):
    """`path` (the page of `target`, or its calendar file), with the invitation key when `target` is
    kept out of the agenda: for the people registered or invited, who may see it."""
    return path if target.is_published else f"{path}?invitation={invitation_key(target)}"


# ---------------------------------------------------------------- the person's steps


def refusal(target, now=None, invited=False):
    """Why registration is not possible now (French), or None. `invited`: the person came by the
    invitation link of the session or cycle, which opens it whoever it is open to."""
    now = now or timezone.now()
    cycle = isinstance(target, Cycle)
    this = "Ce cycle" if cycle else "Cette session"
    if not target.is_published and not invited:
        return f"{this} n'est pas {'publié' if cycle else 'publiée'}."
    if target.openness != Openness.PUBLIC and not invited:
        who = CYCLE_OPENNESS[target.openness] if cycle else f"session {target.get_openness_display()}"
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


def closed(target, now=None):
    """Why no seat can be taken any more, whatever the registration window (French), or None:
    the session cancelled, postponed or begun; a cycle without a session still to take place as
    planned, or whose first one has begun (a cycle goes on without its cancelled sessions)."""
    if isinstance(target, Cycle):
        sessions = list(target.sessions.all())
        if not sessions:
            return "Ce cycle n'a pas encore de session : les inscriptions ne sont pas ouvertes."
        if not live(sessions):
            return "Les sessions de ce cycle sont annulées ou reportées : les inscriptions sont fermées."
    elif target.status in CLOSED_STATUSES:
        return "Cette session est annulée ou reportée : les inscriptions sont fermées."
    if begun(target, now):
        this = "Ce cycle a" if isinstance(target, Cycle) else "Cette session a"
        return f"{this} déjà commencé : les inscriptions sont closes."
    return None


def begun(target, now=None):
    """Whether the session, or the first session of the cycle still planned, has begun (a session
    postponed or cancelled has not, whatever its former date)."""
    sessions = live(target.sessions.all() if isinstance(target, Cycle) else [target])
    return bool(sessions) and min(session.starts_at for session in sessions) <= (now or timezone.now())


def register(target, person, base_url=None, invited=False):
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
    key = {"cycle": target} if isinstance(target, Cycle) else {"session": target}
    try:
        with transaction.atomic():
            registration = Registration.objects.create(**key, **{**person, "email": email})
            notify(registration, "confirm", base_url)
    except IntegrityError as error:  # the same address at the same instant: the constraint decided
        raise AlreadyRegistered() from error
    return registration


def overlapping(target, email):
    """This address's registrations (not cancelled) that ask for a seat in `target` too: to the
    same session or cycle, to the cycle of the session, or to a session of the cycle."""
    overlapping = Registration.objects.active().filter(concerning(target), email__iexact=email)
    # Who was registered to a cancelled session of the cycle may register to the cycle.
    return overlapping.exclude(session__status=SessionStatus.CANCELLED).select_related("session", "cycle")


def _resend_link(registration, asked, base_url=None):
    """Tell the address it is already registered, with its personal link (someone who lost it
    registers again), at most once an hour. `asked`: the session or cycle the new request was for."""
    subject = SUBJECTS["link"].format(title=registration.target.title)
    recent = timezone.now() - RESEND_EVERY
    if not OutgoingMail.objects.filter(to=registration.email, subject=subject, created_at__gte=recent).exists():
        notify(registration, "link", base_url, asked=asked)


@transaction.atomic
def confirm(token, base_url=None):
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
    registration.status = RegistrationStatus.CONFIRMED if has_seat(target, sessions) else RegistrationStatus.WAITING
    registration.confirmed_at = timezone.now()
    registration.save(update_fields=["status", "confirmed_at"])
    notify(registration, "confirmed" if registration.status == RegistrationStatus.CONFIRMED else "waiting", base_url)
    return registration


@transaction.atomic
def cancel(token, base_url=None):
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


def promote(target, base_url=None):
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


@transaction.atomic
def cancel_session(session, base_url=None):
    """The organiser cancels a session: it stays in the agenda, marked cancelled, and everyone
    registered is told. A cycle goes on without it: who waited for the cycle only because this
    session was full may now have a seat."""
    session, _ = lock(session)  # the cycle first, then the session, like every seat decision
    session.status = SessionStatus.CANCELLED
    session.sequence += 1  # calendars that imported the event mark it cancelled
    session.save(update_fields=["status", "sequence", "updated_at"])
    others = live(Session.objects.filter(cycle_id=session.cycle_id).exclude(pk=session.pk)) if session.cycle_id else []
    for registration in registered_to(session).select_related("session", "cycle"):
        notify(registration, "session_cancelled", base_url, about=session, cycle_goes_on=bool(others))
    if session.cycle_id:
        promote(session, base_url)
    return session


def tell_changes(session, changes, base_url=None):
    """Tell everyone registered to the session (or to its cycle) what changed in it."""
    for registration in registered_to(session).select_related("session", "cycle"):
        notify(registration, "session_changed", base_url, about=session, changes=changes)


def registered_to(session):
    """Registrations (not cancelled) to the session and to its cycle (a seat in each of its sessions)."""
    return Registration.objects.active().filter(in_session(session))


def in_session(session):
    """The registrations that concern a session: its own and its cycle's."""
    return Q(session=session) | Q(cycle_id=session.cycle_id) if session.cycle_id else Q(session=session)


def concerning(target):
    """The registrations that ask for a seat in `target`: a session's own and its cycle's; a cycle's
    own and those of its sessions."""
    return Q(cycle=target) | Q(session__cycle=target) if isinstance(target, Cycle) else in_session(target)


def by_token(token):
    registration = Registration.objects.select_related("session__centre", "cycle__centre").filter(token=token).first()
    if registration is None:
        raise RegistrationRefused("Ce lien d'inscription n'est pas valide : vérifiez l'adresse reçue par courriel.")
    return registration


def lock_target(registration):
    if registration.cycle_id:
        cycle, sessions = lock(registration.cycle)
        return cycle, sessions
    session, _ = lock(registration.session)
    return session, None


def waiting_line(target):
    """Everyone who waits for a seat that `target` may free: a cycle's sessions and the cycle share
    one line (a seat freed in a session can go to a registrant of the session or of the cycle)."""
    cycle = target if isinstance(target, Cycle) else target.cycle
    return _waiting(concerning(cycle) if cycle else Q(session=target))


def competing(target):
    """Who waits for the seats a registration to `target` waits for: for a session, its line and its
    cycle's; for a cycle, its line and those of its sessions."""
    return _waiting(concerning(target))


def _waiting(line):
    """The registrations waiting in `line`, first in line first; those of a session cancelled or
    postponed wait for nothing and are left out."""
    waiting = Registration.objects.filter(line, status=RegistrationStatus.WAITING)
    return waiting.exclude(session__status__in=CLOSED_STATUSES).order_by("confirmed_at", "pk")


def waiting_rank(registration):
    """1 for the first in line for the seats this registration waits for."""
    ahead = competing(registration.target).filter(
        Q(confirmed_at__lt=registration.confirmed_at)
        | Q(confirmed_at=registration.confirmed_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


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


def notify(registration, kind, base_url=None, about=None, **extra):
    """Queue the e-mail `kind` (events/mail/<kind>.txt) to the person, about their registration's
    session or cycle, or about one session of their cycle (`about`)."""
    target = about or registration.target
    context = {
        **extra,
        "registration": registration, "target": target, "kind": kind,
        "link": absolute(registration.get_absolute_url(), base_url),
        "page": absolute(for_invited(target, target.get_absolute_url()), base_url),
        "rank": waiting_rank(registration) if kind == "waiting" else None,
        "site": settings.PASSERELLES["SITE_TITLE"],
    }  # fmt: skip
    body = render_to_string(f"events/mail/{kind}.txt", context)
    mail.queue(registration.email, SUBJECTS[kind].format(title=target.title), body)
