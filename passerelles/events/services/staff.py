"""What the organising centre's staff see and do with their sessions: the lists with their counts,
the registrants, attendance and attendance certificates. The views check MANAGE_CENTRE first;
the writes here check it again, so no caller can skip it."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.accounts.permissions import Action, can, can_somewhere
from passerelles.centres.models import Centre
from passerelles.core import collation, mail
from passerelles.core.changes import Changes
from passerelles.core.pdf import render_pdf

from ..enums import RegistrationStatus
from ..errors import AttendanceRefused, ChangeRefused, SeatsTaken
from ..models import Attendance, Cycle, Registration, Session
from . import registrations as seats

Target = TypeVar("Target", Session, Cycle)
CONFIRMED, WAITING, PENDING = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING, RegistrationStatus.PENDING


def check(user: User, target: Session | Cycle | Centre) -> None:
    if not can(user, Action.MANAGE_CENTRE, target):
        raise PermissionDenied


def may_organise(user: User) -> bool:
    """Whether the person manages the sessions of a centre: « Mes sessions » and the activity report,
    their pages (403 otherwise) and their menu entries (website.context_processors.menu)."""
    return can_somewhere(user, Action.MANAGE_CENTRE)


def check_organiser(user: User) -> None:
    if not may_organise(user):
        raise PermissionDenied


# ---------------------------------------------------------------- lists


def sessions_of(centres: QuerySet[Centre]) -> tuple[list[Session], list[Session]]:
    """The centres' sessions, those to come first (soonest first), then past ones (latest first),
    with their held seats (own and cycle registrations), waiting and pending registrations."""
    sessions = (
        Session.objects.filter(centre__in=centres)
        .for_list()
        .with_registrations(held=CONFIRMED, waiting=WAITING)
        .annotate(pending=Count("registrations", filter=Q(registrations__status=PENDING)))
    )
    now = timezone.now()
    upcoming = list(sessions.filter(ends_at__gte=now).order_by("starts_at", "pk"))
    past = list(sessions.filter(ends_at__lt=now).order_by("-starts_at", "-pk"))
    return upcoming, past


def cycles_of(centres: QuerySet[Centre]) -> QuerySet[Cycle]:
    by_status = {
        name: Count("registrations", filter=Q(registrations__status=status), distinct=True)
        for name, status in (("held", CONFIRMED), ("waiting", WAITING), ("pending", PENDING))
    }
    return (
        Cycle.objects.filter(centre__in=centres)
        .select_related("centre")
        .annotate(**by_status, session_count=Count("sessions", distinct=True))
        .order_by("title")
    )


# ---------------------------------------------------------------- registrants


@dataclass
class Registrant:
    registration: Registration
    via_cycle: bool
    rank: int | None  # place on the waiting list, 1 first
    attendance: Attendance | None  # at this session, once marked


def registrants(session: Session) -> list[Registrant]:
    """Everyone registered to the session and not cancelled: its own registrations and those to
    its cycle. Confirmed first, by name; then the waiting list in the order it is served; then
    those who have not confirmed yet. Each with their attendance at this session."""
    rows = list(
        seats.registered_to(session)
        .select_related("function", "territory__parent")
        .prefetch_related(Prefetch("attendances", Attendance.objects.filter(session=session), to_attr="here"))
        .order_by("pk")
    )
    # The rank each person is told: a cycle and its sessions share one line (services.registrations).
    line = seats.competing(session).values_list("pk", flat=True)
    rank = {pk: n for n, pk in enumerate(line, start=1)}
    order: dict[str, int] = {CONFIRMED: 0, WAITING: 1, PENDING: 2}
    rows.sort(
        key=lambda r: (
            order[r.status],
            rank.get(r.pk, 0),
            collation.key(r.last_name),
            collation.key(r.first_name),
            r.pk,
        )
    )
    return [Registrant(r, r.cycle_id is not None, rank.get(r.pk), next(iter(r.here), None)) for r in rows]


def markable(session: Session) -> QuerySet[Registration]:
    """The registrations whose attendance is marked at this session: those holding a seat in it,
    to the session or to its cycle."""
    return Registration.objects.filter(seats.in_session(session), status=CONFIRMED)


def attendance_refusal(session: Session, now: datetime.datetime | None = None) -> str | None:
    if session.is_cancelled:
        return "Cette session est annulée : il n'y a pas de présence à noter."
    if session.is_postponed:
        return "Cette session est reportée : la présence se notera à sa nouvelle date."
    if session.starts_at > (now or timezone.now()):
        return "La présence se note une fois la session commencée."
    return None


def check_attendance(session: Session) -> None:
    """Raise AttendanceRefused when attendance cannot be marked at the session in its state."""
    if refusal := attendance_refusal(session):
        raise AttendanceRefused(refusal)


@transaction.atomic
def save_attendance(user: User, session: Session, present: Iterable[Registration]) -> tuple[int, int]:
    """Mark each person holding a seat in the session present (in `present`) or absent; a
    certificate already sent stays recorded."""
    check(user, session)
    check_attendance(session)
    present_ids = {registration.pk for registration in present}
    rows = [
        Attendance(registration_id=pk, session=session, present=pk in present_ids)
        for pk in markable(session).values_list("pk", flat=True)
    ]
    Attendance.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["registration", "session"], update_fields=["present"]
    )
    attended = sum(row.present for row in rows)
    return attended, len(rows) - attended


def certificates_due(session: Session) -> QuerySet[Attendance]:
    """Attendances at this session whose certificate has not been sent, of people holding a seat."""
    return Attendance.objects.filter(
        session=session, present=True, certificate_sent_at__isnull=True, registration__in=markable(session)
    )


# ---------------------------------------------------------------- certificates


def certificate_filename(session: Session) -> str:
    return f"attestation-de-presence-{session.slug}.pdf"[:120]


def send_certificates(user: User, session: Session, request: HttpRequest) -> int:
    """Send an attendance certificate (PDF) by e-mail to each attendee who has not had one yet.
    Each one is claimed, rendered and queued in its own transaction: a second click, or a failure
    half-way, never sends one twice nor loses one."""
    check(user, session)
    check_attendance(session)
    sent = 0
    page = request.build_absolute_uri(session.get_absolute_url())
    site = request.build_absolute_uri("/")
    for attendance in certificates_due(session).select_related("registration"):
        with transaction.atomic():
            claimed = Attendance.objects.filter(pk=attendance.pk, certificate_sent_at__isnull=True).update(
                certificate_sent_at=timezone.now()
            )
            if not claimed:
                continue
            registration = attendance.registration
            context = {"registration": registration, "session": session, "issued_on": timezone.localdate()}
            pdf = render_pdf("events/print/certificate.html", context, request)
            body = render_to_string(
                "events/workspace/certificate_mail.txt", {**context, "page": page, "site": site}, request
            )
            mail.queue(
                registration.email,
                f"Attestation de présence : {session.title}",
                body,
                attachments=[(certificate_filename(session), pdf, "application/pdf")],
            )
            sent += 1
    return sent


# ---------------------------------------------------------------- saving sessions and cycles


MOVE_REFUSED = (
    "Des personnes sont déjà inscrites au cycle : la session ne peut plus en changer, sans quoi elles perdraient "
    "ou gagneraient une place sans l'avoir demandé. Créez une nouvelle session si besoin."
)


def capacity_refused(held: int) -> str:
    return (
        f"{held} personnes ont déjà une place : la capacité ne peut pas descendre en dessous. "
        "Annulez d'abord des inscriptions si la salle est plus petite."
    )


def seat_errors(before: Session | Cycle | None, after: Session | Cycle) -> dict[str, str]:
    """What the seats already taken forbid ({field: French message}): `before` is the session or
    cycle as stored (None for a new one), `after` the same with its new values, not saved."""
    if before is not None and before.lock_cycle_id != after.lock_cycle_id:  # a session changes cycle
        cycles = {before.lock_cycle_id, after.lock_cycle_id} - {None}
        if Registration.objects.active().filter(cycle_id__in=cycles).exists():
            return {"cycle": MOVE_REFUSED}
    if after.capacity is None:
        return {}
    held = after.seats_already_held()
    return {"capacity": capacity_refused(held)} if held > after.capacity else {}


@transaction.atomic
def save_registrable(user: User, changes: Changes[Target], base_url: str | None = None) -> Target:
    """Save a session (with its speakers) or a cycle. The seats the change depends on (a smaller
    capacity, a change of cycle) are checked under the same locks as every other seat decision, so
    a registration confirmed meanwhile cannot be overbooked: SeatsTaken then, and nothing is saved.
    A session is cancelled by cancel_session, never by an edit (ChangeRefused).
    Seats freed by a larger capacity go at once to the waiting list; registrants are told what
    changed in their session."""
    target, stored = changes.row, None
    if changes.is_new:
        check(user, target.centre)
    else:
        stored = type(target).objects.get(pk=target.pk)
        check(user, stored)
    if refusal := target.state_refusal(stored):
        raise ChangeRefused({"status": refusal})
    _lock_for_change(stored, target)
    if errors := seat_errors(stored, target):
        raise SeatsTaken(errors)
    saved = changes.apply()
    if stored is not None and (what := saved.changes_since(stored)):
        Session.objects.filter(pk=saved.pk).update(sequence=F("sequence") + 1)  # calendars update the event
        seats.tell_changes(saved, what, base_url)
    seats.promote(saved, base_url)
    return saved


def _lock_for_change(stored: Session | Cycle | None, target: Session | Cycle) -> None:
    """Lock what the change's seat decisions read, cycles first (by id), then sessions (by id): the
    order every seat decision follows."""
    cycles = sorted({stored and stored.lock_cycle_id, target.lock_cycle_id} - {None})
    list(Cycle.objects.select_for_update().filter(pk__in=cycles).order_by("pk"))
    sessions = Q(cycle_id__in=cycles)
    if stored is not None:
        sessions |= Q(pk__in=stored.sessions_covered_query().values("pk"))
    list(Session.objects.select_for_update().filter(sessions).order_by("pk"))


def changes(before: Session | Cycle, after: Session | Cycle) -> list[str]:
    """What registrants must be told about a session or cycle that changed (French), or []."""
    return after.changes_since(before)
