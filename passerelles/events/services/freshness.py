"""The version of what the public agenda shows (ADR 0002, core.versions): the sessions and cycles,
their registrations (places left), the thesaurus and the events harvested from the centres'
websites (federation); with the directory's version (centres, geography) and the minute (sessions
leave the agenda, or say they took place, as time passes)."""

from django.utils import timezone

from passerelles.centres.services.freshness import directory_version
from passerelles.core.versions import DataVersion
from passerelles.federation.models import FeedSource, HarvestedEvent
from passerelles.thesaurus.models import Concept

from ..models import Cycle, Registration, Session

_agenda = DataVersion(
    "agenda",
    [
        (Session, ["updated_at"]),
        (Cycle, ["updated_at"]),
        (Registration, ["created_at", "confirmed_at", "cancelled_at"]),
        (Concept, []),
        (HarvestedEvent, ["seen_at"]),
        (FeedSource, ["updated_at", "last_checked_at"]),
    ],
)


def sessions_version() -> str:
    """What the sessions are, as stored: not what time makes of them (over, out of the agenda)."""
    return f"{_agenda.get()}|{directory_version()}"


def agenda_version() -> str:
    minute = timezone.now().replace(second=0, microsecond=0)
    return f"{sessions_version()}|{minute.isoformat()}"
