"""A person's rights over a registration, from its personal link: a copy of everything kept about it,
and its erasure (« Données personnelles »: access and erasure, without asking anyone).

Erasing is cancelling, then deleting: a seat held is given to the waiting list as a cancellation
would; once the session has begun, the registration counts in the reports and its anonymous counts
are kept first, as the retention purge does (services.retention), so no figure moves. The e-mails sent
to the person about the session or cycle are deleted with it."""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ..enums import RegistrationStatus
from ..models import Attendance, Cycle, Registration, Session
from .registrations import RegistrationRefused, absolute, begun, by_token, for_invited, lock_target, promote
from .retention import keep_counts, mails_of_registration

SENDING = "Un courriel vous est envoyé en ce moment au sujet de cette inscription : réessayez dans quelques minutes."


def sessions_of(target: Session | Cycle) -> QuerySet[Session]:
    """The sessions a registration to `target` concerns (a queryset)."""
    return target.sessions_covered_query()


def mails_of(registration):
    """The e-mails kept that were sent (or are queued) to the person about this registration, not
    those of another registration of the same address (retention.mails_of_registration)."""
    return mails_of_registration(registration)


def _when(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def copy(registration, base_url=None):
    """Everything kept about the registration, in the words of the registration page (French keys:
    the person reads them)."""
    target = registration.target
    kind = "cycle" if registration.cycle_id else "session"
    attendances = Attendance.objects.filter(registration=registration).select_related("session").order_by("pk")
    return {
        "inscription": {
            kind: target.title,
            "page": absolute(for_invited(target, target.get_absolute_url()), base_url),
            "centre organisateur": target.centre.display_name,
            "prénom": registration.first_name,
            "nom": registration.last_name,
            "adresse électronique": registration.email,
            "fonction": str(registration.function) if registration.function_id else None,
            "structure": registration.organisation,
            "commune d'intervention": registration.territory.label if registration.territory_id else None,
            "accord pour le traitement des données": registration.consent,
            "état": registration.get_status_display(),
            "inscrite le": _when(registration.created_at),
            "confirmée le": _when(registration.confirmed_at),
            "annulée le": _when(registration.cancelled_at),
            "rappel envoyé le": _when(registration.reminder_sent_at),
        },
        "présences": [
            {
                "session": attendance.session.title,
                "présente": attendance.present,
                "attestation envoyée le": _when(attendance.certificate_sent_at),
            }
            for attendance in attendances
        ],
        "courriels": [
            {
                "objet": mail.subject,
                "mis en file le": _when(mail.created_at),
                "envoyé le": _when(mail.sent_at),
                "texte": mail.body,
            }
            for mail in mails_of(registration).order_by("created_at", "pk")
        ],
    }


def counted(registration, target):
    """Whether the reports count this registration now: a seat held in a session that has begun."""
    return registration.status == RegistrationStatus.CONFIRMED and begun(target)


@transaction.atomic
def erase(token, base_url=None):
    """Delete the registration and the e-mails about it; its seat goes to the waiting list, or its
    counts are kept once the session has begun. Returns the session or cycle it was for."""
    registration = by_token(token)
    target, _ = lock_target(registration)  # like every seat decision
    registration = Registration.objects.select_for_update().filter(pk=registration.pk).first()
    if registration is None:  # erased by another request meanwhile
        raise RegistrationRefused("Cette inscription est déjà effacée.")
    mails = mails_of(registration)
    if mails.filter(claimed_until__gt=timezone.now()).exists():
        raise RegistrationRefused(SENDING)
    frees_a_seat = registration.status == RegistrationStatus.CONFIRMED and not begun(target)
    if counted(registration, target):
        keep_counts(sessions_of(target), Q(pk=registration.pk))
    mails.delete()
    registration.delete()
    if frees_a_seat:
        promote(target, base_url)
    return target
