"""Demo cycles, sessions and a few registrations of fictitious people (data/demo/events.json), all
marked as demo. Dates are counted from the day of loading, so the agenda always has sessions to come.
Written through the services, as an organiser would. All-or-nothing; skipped when already loaded."""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.centres.models import Centre
from passerelles.core.changes import Changes, Parts
from passerelles.core.imports import ImportRejected
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..enums import RegistrationStatus, SessionStatus
from ..models import Cycle, Registration, Session, Speaker
from .registrations import cancel_session, enrol
from .staff import save_attendance, save_registrable


def demo_file():
    return settings.DATA_DIR / "demo" / "events.json"


class Lookup:
    """The reference rows the demo names, and every name it could not find."""

    def __init__(self):
        self.centres = {c.slug: c for c in Centre.objects.all()}
        self.concepts = {c.notation: c for c in Concept.objects.all()}
        self.errors = []

    def centre(self, slug, where):
        if slug not in self.centres:
            self.errors.append(f"{where} : centre inconnu « {slug} ».")
        return self.centres.get(slug)

    def concepts_of(self, notations, where):
        self.errors += [f"{where} : concept inconnu « {n} »." for n in notations if n not in self.concepts]
        return [self.concepts[n] for n in notations if n in self.concepts]

    def territory(self, key, where):
        kind, _, code = key.partition(":")
        found = Territory.objects.filter(kind=kind, code=code).first()
        if found is None:
            self.errors.append(f"{where} : territoire inconnu « {key} ».")
        return found

    def links(self, item, where):
        """The audience of a session or cycle: its functions, themes and territories."""
        return {
            "functions": self.concepts_of(item.get("functions", []), where),
            "themes": self.concepts_of(item.get("themes", []) + item.get("schemes", []), where),
            "territories": [t for key in item.get("territories", []) if (t := self.territory(key, where))],
        }


def at(days, clock):
    """`days` from today at `clock`, on a working day: a weekend moves to the Monday after (to the
    Friday before for a past session, so that it stays past)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    if day.weekday() >= 5:
        day += datetime.timedelta(days=7 - day.weekday()) if days >= 0 else -datetime.timedelta(days=day.weekday() - 4)
    hour, minute = map(int, clock.split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@transaction.atomic
def load_demo_events(actor: User, path: Path | None = None) -> int:
    """Load the demo through the services, as `actor` (an account that manages every centre would)."""
    path = path or demo_file()
    if not path.exists() or Session.objects.filter(is_demo=True).exists():
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    lookup = Lookup()
    cycles = {}
    for item in data["cycles"]:
        where = f"Cycle « {item['title']} »"
        cycle = Cycle(
            centre=lookup.centre(item["centre"], where),
            title=item["title"],
            slug=item["slug"],
            description=item["description"],
            capacity=item.get("capacity"),
            is_published=True,
            is_demo=True,
        )
        cycles[item["slug"]] = save_registrable(actor, Changes(cycle, lookup.links(item, where)))
    for n, item in enumerate(data["sessions"], start=1):
        where = f"Session {n} (« {item['title'][:50]} »)"
        commune = lookup.territory(f"commune:{item['commune']}", where) if item.get("commune") else None
        session = Session(
            centre=lookup.centre(item["centre"], where),
            cycle=cycles.get(item.get("cycle")),
            title=item["title"],
            slug=item["slug"],
            description=item["description"],
            kind=item["kind"],
            format=item["format"],
            venue=item.get("venue", ""),
            address=item.get("address", ""),
            commune=commune,
            online_url=item.get("online_url", ""),
            starts_at=at(item["days"], item["start"]),
            ends_at=at(item["days"], item["end"]),
            half_days=item["half_days"],
            capacity=item.get("capacity"),
            accessibility=item.get("accessibility", ""),
            partners=item.get("partners", ""),
            status=item.get("status", SessionStatus.PLANNED),
            is_published=True,
            is_demo=True,
        )
        cancelled = session.is_cancelled  # cancelled as its organisers would, once created
        if cancelled:
            session.status = SessionStatus.PLANNED
        links = lookup.links(item, where)
        links["co_organisers"] = [c for slug in item.get("co_organisers", []) if (c := lookup.centre(slug, where))]
        speakers = [
            Speaker(name=name, kind=kind, affiliation=affiliation)
            for name, kind, affiliation in item.get("speakers", [])
        ]
        session = save_registrable(actor, Changes(session, links, [Parts("session", speakers)]))
        if cancelled:
            session = cancel_session(actor, session)
        _registrations(actor, session, item.get("registrations", {}))
    if lookup.errors:
        raise ImportRejected(lookup.errors)
    return len(data["sessions"])


def _registrations(actor: User, session: Session, counts: dict[str, int]) -> None:
    """Fictitious participants (example.org addresses), to show lists, attendance and counts."""
    functions: list[Concept | None] = [*session.functions.all()] or [None]
    for i in range(counts.get("confirmed", 0) + counts.get("waiting", 0)):
        person = {
            "first_name": "Participant",
            "last_name": f"Démonstration {i + 1}",
            "email": f"participant{i + 1}.{session.pk}@example.org",
            "function": functions[i % len(functions)],
            "organisation": "Structure de démonstration",
            "territory": session.commune,
            "consent": True,
        }
        enrol(actor, session, person)
    if "attended" in counts:
        seated = Registration.objects.filter(session=session, status=RegistrationStatus.CONFIRMED).order_by("pk")
        save_attendance(actor, session, list(seated)[: counts["attended"]])
