"""Erasing registrations a configured time after their session (personal data), keeping anonymous
counts: each session's registrations become `Tally` rows (session × function × département) through
the same counting as the reports (services.reporting.participations), so the figures do not move.

A cycle's registrations are erased once its last session is past the delay, and counted in each of
its sessions. Each session or cycle is done in one transaction: its counts written, its registrations
and the e-mails sent to them about it deleted, or nothing. Running it again finds nothing to do.

A registration never confirmed is only a request anyone could make with any name and address: it
counts nowhere, and it is deleted PENDING_REGISTRATION_HOURS after it was made, with its e-mails."""

from dataclasses import dataclass
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone

from passerelles.core.models import OutgoingMail

from ..enums import RegistrationStatus
from ..models import Cycle, Registration, Session, Tally
from .registrations import concerning
from .reporting import participations


@dataclass
class Purge:
    sessions: int = 0
    cycles: int = 0
    registrations: int = 0
    tallies: int = 0
    mails: int = 0
    postponed: int = 0  # sessions and cycles left for the next run


@dataclass
class PendingPurge:
    registrations: int = 0
    mails: int = 0
    postponed: int = 0  # registrations left for the next run


def cutoff(now=None):
    months = settings.PASSERELLES["REGISTRATION_RETENTION_MONTHS"]
    return (now or timezone.now()) - relativedelta(months=months)


def purge_registrations(now=None):
    """Erase the registrations of the sessions ended before the cut-off, and those of the cycles
    whose last session did (or, for a cycle left without sessions, registered before it)."""
    now = now or timezone.now()
    limit = cutoff(now)
    done = Purge()
    sessions = Session.objects.filter(Exists(Registration.objects.filter(session=OuterRef("pk"))), ends_at__lt=limit)
    for pk in sessions.values_list("pk", flat=True):
        done.sessions += _purge(done, Session.objects.filter(pk=pk), Q(session_id=pk), Session, pk, now)
    registered = Registration.objects.filter(cycle=OuterRef("pk"))
    last_registered = registered.order_by("-created_at").values("created_at")[:1]
    cycles = Cycle.objects.annotate(last_end=Max("sessions__ends_at"), last_registered=Subquery(last_registered))
    cycles = cycles.filter(Exists(registered)).filter(
        Q(last_end__lt=limit) | Q(last_end__isnull=True, last_registered__lt=limit)
    )
    for pk in cycles.values_list("pk", flat=True):
        done.cycles += _purge(done, Session.objects.filter(cycle_id=pk), Q(cycle_id=pk), Cycle, pk, now)
    return done


@transaction.atomic
def _purge(done, sessions, registrations_of, model, pk, now):
    # Locked like every seat decision, so no confirmation or cancellation slips in meanwhile.
    target = model.objects.select_for_update().get(pk=pk)
    registrations = Registration.objects.filter(registrations_of)
    pages = [target.get_absolute_url(), *(session.get_absolute_url() for session in sessions)]
    mails = mails_about(registrations, pages)
    if mails.filter(claimed_until__gt=now).exists():
        done.postponed += 1  # an e-mail to them is being sent right now: the next run erases it all
        return False
    done.tallies += keep_counts(sessions, registrations_of)
    done.mails += mails.delete()[0]
    done.registrations += registrations.delete()[1].get(Registration._meta.label, 0)
    return True


def keep_counts(sessions, registrations_of):
    """Write the anonymous counts of these registrations in these sessions (a queryset), before they
    are erased, so that the reports do not move. Returns how many `Tally` rows were written."""
    counts = participations(sessions, among=registrations_of)
    Tally.objects.bulk_create(
        Tally(session_id=session, function_id=function, territory_id=departement, registrants=n, attendees=p)
        for (session, function, departement), (n, p) in counts.items()
    )
    return len(counts)


def mails_about(registrations, pages):
    """The e-mails sent (or still queued) to these people about this session or cycle. Every
    registration e-mail names the page of what it is about (events/mail/_what.txt), and an
    attendance certificate the page of its session; no other e-mail to that address names them."""
    addresses = {email.lower() for email in registrations.values_list("email", flat=True)}
    about = Q()
    for page in pages:
        about |= Q(body__contains=page)
    return OutgoingMail.objects.annotate(address=Lower("to")).filter(about, address__in=addresses)


NEVER_CONFIRMED = Q(status__in=[RegistrationStatus.PENDING, RegistrationStatus.CANCELLED], confirmed_at__isnull=True)


def pages_of(target: Session | Cycle) -> list[str]:
    """The pages the e-mails about a registration to `target` name: its own, and its sessions' for a cycle."""
    sessions = target.sessions_covered()
    return [target.get_absolute_url(), *(session.get_absolute_url() for session in sessions)]


def purge_pending(now=None):
    """Delete the registrations never confirmed (still pending, or cancelled before being confirmed)
    asked for more than PENDING_REGISTRATION_HOURS ago, with the e-mails sent about them."""
    now = now or timezone.now()
    limit = now - timedelta(hours=settings.PASSERELLES["PENDING_REGISTRATION_HOURS"])
    done = PendingPurge()
    stale = Registration.objects.filter(NEVER_CONFIRMED, created_at__lt=limit).select_related("session", "cycle")
    for registration in stale:
        _purge_pending(done, registration, now)
    return done


@transaction.atomic
def _purge_pending(done, registration, now):
    mails = mails_of_registration(registration)
    if mails.filter(claimed_until__gt=now).exists():
        done.postponed += 1  # an e-mail to them is being sent right now: the next run deletes both
        return
    # Confirmed in the meantime: kept (the condition is checked again by the delete itself).
    deleted = Registration.objects.filter(NEVER_CONFIRMED, pk=registration.pk).delete()[1]
    if deleted.get(Registration._meta.label):
        done.registrations += 1
        done.mails += mails.delete()[0]


def mails_of_registration(registration):
    """The e-mails carrying its personal link; and, unless the address has another registration
    about the same session or cycle, those naming its page (a cancellation's carries no link)."""
    this = Registration.objects.filter(pk=registration.pk)
    mails = mails_about(this, [registration.get_absolute_url()])
    target = registration.target
    others = Registration.objects.filter(concerning(target), email__iexact=registration.email).exclude(
        pk=registration.pk
    )
    if not others.exists():
        mails = mails | mails_about(this, pages_of(target))
    return mails
