"""Demo cycles, sessions and a few registrations of fictitious people (data/demo/events.json), all
marked as demo. Dates are counted from the day of loading, so the agenda always has sessions to come.
All-or-nothing; skipped when already loaded."""

import datetime
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.core.imports import ImportRejected
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..enums import RegistrationStatus, SessionStatus
from ..models import Attendance, Cycle, Registration, Session, Speaker


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

    def tag(self, row, item, where):
        row.functions.set(self.concepts_of(item.get("functions", []), where))
        row.themes.set(self.concepts_of(item.get("themes", []) + item.get("schemes", []), where))
        row.territories.set([t for key in item.get("territories", []) if (t := self.territory(key, where))])


def at(days, clock):
    """`days` from today at `clock`, on a working day: a weekend moves to the Monday after (to the
    Friday before for a past session, so that it stays past)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    if day.weekday() >= 5:
        day += datetime.timedelta(days=7 - day.weekday()) if days >= 0 else -datetime.timedelta(days=day.weekday() - 4)
    hour, minute = map(int, clock.split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@transaction.atomic
def load_demo_events(path=None):
    path = path or demo_file()
    if not path.exists() or Session.objects.filter(is_demo=True).exists():
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    lookup = Lookup()
    cycles = {}
    for item in data["cycles"]:
        where = f"Cycle « {item['title']} »"
        cycle = Cycle.objects.create(
            centre=lookup.centre(item["centre"], where), title=item["title"], slug=item["slug"],
            description=item["description"], capacity=item.get("capacity"), is_published=True, is_demo=True,
        )  # fmt: skip
        lookup.tag(cycle, item, where)
        cycles[item["slug"]] = cycle
    for n, item in enumerate(data["sessions"], start=1):
        where = f"Session {n} (« {item['title'][:50]} »)"
        commune = lookup.territory(f"commune:{item['commune']}", where) if item.get("commune") else None
        session = Session.objects.create(
            centre=lookup.centre(item["centre"], where), cycle=cycles.get(item.get("cycle")), title=item["title"],
            slug=item["slug"], description=item["description"], kind=item["kind"], format=item["format"],
            venue=item.get("venue", ""), address=item.get("address", ""), commune=commune,
            online_url=item.get("online_url", ""), starts_at=at(item["days"], item["start"]),
            ends_at=at(item["days"], item["end"]), half_days=item["half_days"], capacity=item.get("capacity"),
            accessibility=item.get("accessibility", ""), partners=item.get("partners", ""),
            status=item.get("status", SessionStatus.PLANNED), is_published=True, is_demo=True,
        )  # fmt: skip
        lookup.tag(session, item, where)
        session.co_organisers.set([c for slug in item.get("co_organisers", []) if (c := lookup.centre(slug, where))])
        Speaker.objects.bulk_create(
            Speaker(session=session, name=name, kind=kind, affiliation=affiliation)
            for name, kind, affiliation in item.get("speakers", [])
        )
        _registrations(session, item.get("registrations", {}), lookup)
    if lookup.errors:
        raise ImportRejected(lookup.errors)
    return len(data["sessions"])


def _registrations(session, counts, lookup):
    """Fictitious participants (example.org addresses), to show lists, attendance and counts."""
    functions = list(session.functions.all()) or [None]
    for i in range(counts.get("confirmed", 0) + counts.get("waiting", 0)):
        waiting = i >= counts.get("confirmed", 0)
        registration = Registration.objects.create(
            session=session, first_name="Participant", last_name=f"Démonstration {i + 1}",
            email=f"participant{i + 1}.{session.pk}@example.org", function=functions[i % len(functions)],
            organisation="Structure de démonstration", territory=session.commune, consent=True,
            status=RegistrationStatus.WAITING if waiting else RegistrationStatus.CONFIRMED,
            confirmed_at=timezone.now(),
        )  # fmt: skip
        if "attended" in counts and not waiting:
            Attendance.objects.create(registration=registration, session=session, present=i < counts["attended"])
