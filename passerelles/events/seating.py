"""What a session and a cycle both answer about their seats, each its own way: the services ask them
(services.registrations, services.staff) instead of testing which one they hold. Mixed into the
models (events.models); the rows they count are looked up when asked."""

from django.apps import apps
from django.db.models import Q
from django.urls import reverse

from .enums import CLOSED_STATUSES, SessionStatus


def _model(name):
    return apps.get_model("events", name)


class CycleSeating:
    is_cycle = True
    this = "Ce cycle"  # the subject of the sentences that speak of it
    published_label = "publié"
    registration_link = "cycle"  # the field of Registration that points to it

    def get_calendar_url(self):
        """Its iCalendar file (calendars.py)."""
        return reverse("events:cycle_ics", args=[self.slug])

    @property
    def lock_cycle_id(self):
        """The cycle whose lock a seat decision about it takes first (ADR 0007)."""
        return self.pk

    def sessions_covered(self):
        """The sessions a registration to it concerns: all of the cycle's."""
        return list(self.sessions.all())

    def sessions_covered_query(self):
        return _model("Session").objects.filter(cycle=self)

    def registrations_q(self):
        """The registrations that ask for a seat in it: its own and those of its sessions."""
        return Q(cycle=self) | Q(session__cycle=self)

    def own_seats_held(self):
        return self.registrations.holding_seats().count()

    def sessions_sharing_seats(self, sessions=None):
        """The sessions whose seats a registration to it holds too: all but the cancelled ones (a
        postponed session keeps its seats for its new date)."""
        sessions = self.sessions.all() if sessions is None else sessions
        return [session for session in sessions if not session.is_cancelled]

    def planned_sessions(self, sessions=None):
        """Its sessions still planned at their date: it takes registrations as long as one is."""
        sessions = self.sessions.all() if sessions is None else sessions
        return [session for session in sessions if session.status not in CLOSED_STATUSES]

    def unplanned_reason(self):
        """Why no seat can be taken whatever its dates (French), or None."""
        sessions = self.sessions_covered()
        if not sessions:
            return "Ce cycle n'a pas encore de session : les inscriptions ne sont pas ouvertes."
        if not self.planned_sessions(sessions):
            return "Les sessions de ce cycle sont annulées ou reportées : les inscriptions sont fermées."
        return None

    def past_reason(self):
        """A cycle whose first session has begun is closed by `begun` (services.registrations.opening)."""
        return None

    @property
    def waiting_cycle(self):
        """The cycle whose waiting line it shares: itself."""
        return self

    def seats_already_held(self):
        """Seats its registrants hold (none for a new cycle)."""
        return self.own_seats_held() if self.pk else 0

    def changes_since(self, before):
        """What its registrants must be told of a change (French): its sessions' changes are told
        one by one, so nothing of its own."""
        return []

    def state_refusal(self, before):
        """A cycle has no state of its own to change."""
        return None


class SessionSeating:
    is_cycle = False
    this = "Cette session"  # the subject of the sentences that speak of it
    published_label = "publiée"
    registration_link = "session"  # the field of Registration that points to it

    def get_calendar_url(self):
        """Its iCalendar file (calendars.py)."""
        return reverse("events:session_ics", args=[self.slug])

    @property
    def lock_cycle_id(self):
        """The cycle whose lock a seat decision about it takes first (ADR 0007): its cycle's, if any."""
        return self.cycle_id

    def sessions_covered(self):
        return [self]

    def sessions_covered_query(self):
        return _model("Session").objects.filter(pk=self.pk)

    def registrations_q(self):
        """The registrations that concern it: its own and its cycle's (a seat in each of its sessions)."""
        return Q(session=self) | Q(cycle_id=self.cycle_id) if self.cycle_id else Q(session=self)

    def own_seats_held(self):
        """Seats held in it: its confirmed registrations and those of its cycle."""
        return _model("Registration").objects.holding_seats().filter(self.registrations_q()).count()

    def sessions_sharing_seats(self, sessions=None):
        """Other sessions whose seats a registration to it holds: none."""
        return []

    def planned_sessions(self, sessions=None):
        return [] if self.is_closed else [self]

    def unplanned_reason(self):
        if self.is_closed:
            return "Cette session est annulée ou reportée : les inscriptions sont fermées."
        return None

    def past_reason(self):
        """Why no one may register any more to a session that took place (French), or None."""
        if self.has_taken_place:
            return f"Cette session {self.took_place} : on ne peut plus s'y inscrire."
        return None

    @property
    def waiting_cycle(self):
        """The cycle whose waiting line it shares (a seat freed in it may go to a cycle registrant)."""
        return self.cycle

    def seats_already_held(self):
        """Seats its registrants hold, with its current values (a new session of a cycle: the cycle's)."""
        if self.pk is None:
            return self.cycle.own_seats_held() if self.cycle_id else 0
        return self.own_seats_held()

    def state_refusal(self, before):
        """Why its new state cannot be saved by an edit (French), or None: cancelling tells the
        registrants, so it is its own action (cancel_session); a cancelled session stays so."""
        if before is not None and before.is_cancelled and self.status != before.status:
            return "Une session annulée le reste."
        if self.is_cancelled and not (before is not None and before.is_cancelled):
            return "Pour annuler la session, utilisez « Annuler la session » : les inscrits sont prévenus."
        return None

    def changes_since(self, before):
        """What its registrants must be told about its change from `before` (French), or []."""
        said = []
        if (before.starts_at, before.ends_at) != (self.starts_at, self.ends_at):
            said.append("la date ou l'horaire")
        if (before.venue, before.address, before.commune_id) != (self.venue, self.address, self.commune_id):
            said.append("le lieu")
        if before.format != self.format:
            said.append(f"le format, désormais {self.get_format_display()}")
        if before.online_url != self.online_url and self.online_url:
            said.append("le lien de connexion")
        noticed = {SessionStatus.POSTPONED, SessionStatus.MOVED_ONLINE}
        if before.status != self.status and {before.status, self.status} & noticed:
            said.append(f"l'état, désormais « {self.get_status_display()} »")
        return said
