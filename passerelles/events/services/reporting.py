"""Counting, per centre and period, for the centres' activity reports and the national report:
sessions and half-days by activity, registrants and attendees by function and by département.

A session's registrants are its confirmed registrations plus the confirmed registrations to its
cycle (they hold a seat in each of its sessions); attendees are those of them marked present at it.
Live registrations and the anonymous `Tally` rows left when they are erased (services.retention)
are counted alike, and `participations()` is the one code path that turns registrations into
counts for both, so the figures do not move when registrations are erased."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.core import collation
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..enums import Activity, RegistrationStatus, SessionStatus
from ..models import Attendance, Registration, Session, Tally
from .agenda import midnight

NOT_GIVEN = "Non renseigné"


# ---------------------------------------------------------------- from registrations to counts


def departements_of(territory_ids):
    """{territory id: id of its département}. A commune, an arrondissement or a QPV lies in one
    département; an EPCI across several is counted in the first of them by code; a région has none."""
    ids = {pk for pk in territory_ids if pk}
    found = dict.fromkeys(ids)
    departements = set(Territory.objects.filter(pk__in=ids, kind=Kind.DEPARTEMENT).values_list("pk", flat=True))
    found.update((pk, pk) for pk in departements)
    links = (
        Territory.ancestors.through.objects.filter(
            from_territory_id__in=ids - departements, to_territory__kind=Kind.DEPARTEMENT
        )
        .order_by("from_territory_id", "-to_territory__code")
        .values_list("from_territory_id", "to_territory_id")
    )
    for territory, departement in links:  # by code, highest first: the lowest is kept
        found[territory] = departement
    return found


def participations(sessions, among=None):
    """Counts of the live registrations of `sessions` (a queryset; `among`: only the registrations
    matching this Q), one row per session × function × département:
    {(session id, function id, département id): [registrants, attendees]}."""
    confirmed = Registration.objects.filter(status=RegistrationStatus.CONFIRMED).filter(among or Q())
    rows = []  # (session ids, function, territory, registrants, attendees)
    own = (
        confirmed.filter(session__in=sessions)
        .values_list("session_id", "function_id", "territory_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows += [((session,), function, territory, n, 0) for session, function, territory, n in own]
    sessions_of_cycle = defaultdict(list)
    for pk, cycle in sessions.filter(cycle__isnull=False).values_list("pk", "cycle_id"):
        sessions_of_cycle[cycle].append(pk)
    if sessions_of_cycle:
        by_cycle = (
            confirmed.filter(cycle_id__in=sessions_of_cycle)
            .values_list("cycle_id", "function_id", "territory_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        rows += [(tuple(sessions_of_cycle[cycle]), f, t, n, 0) for cycle, f, t, n in by_cycle]
    # Attendance is marked per session, for the session's registrants and its cycle's alike.
    # Joined on the registration's state, not IN (all confirmed registrations): the database would
    # read every confirmed registration of every year for each report.
    present = Attendance.objects.filter(
        session__in=sessions, present=True, registration__status=RegistrationStatus.CONFIRMED
    )
    if among is not None:
        present = present.filter(registration__in=confirmed)
    present = (
        present.values_list("session_id", "registration__function_id", "registration__territory_id")
        .annotate(p=Count("pk"))
        .order_by()
    )
    rows += [((session,), function, territory, 0, p) for session, function, territory, p in present]
    departement = departements_of(territory for _, _, territory, _, _ in rows)
    counts = defaultdict(lambda: [0, 0])
    for session_ids, function, territory, n, p in rows:
        for session in session_ids:
            row = counts[(session, function, departement.get(territory))]
            row[0] += n
            row[1] += p
    return dict(counts)


# ---------------------------------------------------------------- the report


@dataclass
class Line:
    label: str
    registrants: int = 0
    attendees: int = 0


@dataclass
class ActivityLine:
    label: str
    sessions: int = 0
    half_days: int = 0


@dataclass
class CentreLine:
    label: str
    sessions: int = 0
    half_days: int = 0
    registrants: int = 0
    attendees: int = 0


@dataclass
class Report:
    start: datetime.date
    end: datetime.date  # excluded
    activities: list = field(default_factory=list)
    functions: list = field(default_factory=list)
    territories: list = field(default_factory=list)
    centres: list = field(default_factory=list)
    sessions: int = 0
    half_days: int = 0
    registrants: int = 0
    attendees: int = 0


def counted_sessions(centres, start, end):
    """The sessions a report counts: organised by one of `centres` (None: all), starting in
    [start, end), neither cancelled nor postponed (not held at that date). A co-organised session is
    counted once, for its organising centre."""
    sessions = Session.objects.exclude(status__in=[SessionStatus.CANCELLED, SessionStatus.POSTPONED])
    sessions = sessions.filter(starts_at__gte=midnight(start), starts_at__lt=midnight(end))
    return sessions if centres is None else sessions.filter(centre__in=centres)


def report(centres, start, end):
    """The counts of `centres` (a queryset or list, or None for the whole network) over [start, end)."""
    sessions = counted_sessions(centres, start, end)
    result = Report(start=start, end=end)
    by_activity = {activity: ActivityLine(activity.label) for activity in Activity}
    by_centre = defaultdict(lambda: CentreLine(""))
    centre_of = {}
    for pk, centre, kind, half_days in sessions.values_list("pk", "centre_id", "kind", "half_days"):
        centre_of[pk] = centre
        for line in (by_activity[Session(kind=kind).activity], by_centre[centre]):
            line.sessions += 1
            line.half_days += half_days
    result.activities = list(by_activity.values())
    result.sessions = sum(line.sessions for line in result.activities)
    result.half_days = sum(line.half_days for line in result.activities)

    people = Counter()  # (function, département) → registrants
    present = Counter()  # (function, département) → attendees
    tallies = (
        Tally.objects.filter(session__in=sessions)
        .values_list("session_id", "function_id", "territory_id")
        .annotate(n=Sum("registrants"), p=Sum("attendees"))
        .order_by()
    )
    live = [(*key, n, p) for key, (n, p) in participations(sessions).items()]
    for session, function, departement, n, p in [*live, *tallies]:
        people[(function, departement)] += n
        present[(function, departement)] += p
        by_centre[centre_of[session]].registrants += n
        by_centre[centre_of[session]].attendees += p

    result.functions = _lines(people, present, 0, _labels(Concept, {key[0] for key in people}))
    result.territories = _lines(people, present, 1, _labels(Territory, {key[1] for key in people}))
    result.registrants, result.attendees = sum(people.values()), sum(present.values())
    names = dict(Centre.objects.filter(pk__in=by_centre).values_list("pk", "name"))
    for pk, line in by_centre.items():
        line.label = names[pk]
    result.centres = collation.sorted_by(by_centre.values(), key="label")
    return result


def _labels(model, ids):
    rows = model.objects.filter(pk__in=[pk for pk in ids if pk])
    if model is Territory:
        return {t.pk: t.label for t in rows}
    return {c.pk: c.pref_label for c in rows}


def _lines(people, present, axis, labels):
    lines = defaultdict(lambda: Line(""))
    for key, n in people.items():
        line = lines[key[axis]]
        line.label = labels.get(key[axis], NOT_GIVEN)
        line.registrants += n
        line.attendees += present[key]
    # The most numerous first; "not given" last.
    return sorted(
        lines.values(), key=lambda line: (line.label == NOT_GIVEN, -line.registrants, collation.key(line.label))
    )


def current_year():
    """[1 January, next 1 January) of the current year, the default period."""
    year = timezone.localdate().year
    return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
