"""The activity of each centre over a calendar year, computed from the data and stored
(models.YearFigures and its ActivityCount rows) for the dashboards and the annual reports.

Sessions and half-days are counted as the national report counts them (events.services.reporting:
organised by the centre, neither cancelled nor postponed, a co-organised session once for its
organiser), by activity (qualification, network meeting, individual support) and, within each, by
theme, by function of the audience and by département; registrants and attendees come from the same
`participations()` and anonymous tallies as that report, so erasing registrations moves nothing.
People reached: distinct e-mail addresses of the live confirmed registrations, plus the registrants
of erased ones (no longer known apart); for the network (models.NetworkFigures), the addresses
distinct across every centre, so that someone reached by two centres counts once. Sheets and
publications: published during the year; records: harvested records whose date at the source falls in the year."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import Lower
from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.editorial.workflow import Status
from passerelles.events.enums import ACTIVITY_OF_KIND, Activity, RegistrationStatus
from passerelles.events.models import Registration, Session, Tally
from passerelles.events.services.reporting import counted_sessions, departements_of, participations
from passerelles.experiences.models import ExperienceSheet
from passerelles.publications.models import CatalogueRecord, Publication
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..enums import Axis
from ..models import ActivityCount, NetworkFigures, YearFigures

NOT_GIVEN = "Non renseigné"


def refresh(year: int, centres=None) -> list[YearFigures]:
    """Compute the activity of `centres` (by default every centre) over `year` and replace what was
    stored for them, in one transaction: a reader sees the old figures or the new, never half."""
    centres = list(Centre.objects.all() if centres is None else centres)
    ids = [centre.pk for centre in centres]
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    counts = _session_counts(ids, start, end)
    totals = _content_counts(ids, year)
    people, reached = _people(ids, start, end)
    if len(ids) < Centre.objects.count():  # some centres only: the network's count still moves
        reached = _people(None, start, end)[1]
    now = timezone.now()
    with transaction.atomic():
        NetworkFigures.objects.update_or_create(year=year, defaults={"people": reached, "computed_at": now})
        YearFigures.objects.filter(year=year, centre_id__in=ids).delete()
        stored = YearFigures.objects.bulk_create(
            YearFigures(
                centre_id=pk,
                year=year,
                computed_at=now,
                people=people.get(pk, 0),
                **{name: found.get(pk, 0) for name, found in totals.items()},
            )
            for pk in ids
        )
        figures_of = {figures.centre_id: figures for figures in stored}
        ActivityCount.objects.bulk_create(
            (
                ActivityCount(figures=figures_of[centre], activity=activity, axis=axis, key=key, label=label, **values)
                for (centre, activity, axis, key), (label, values) in counts.items()
            ),
            batch_size=1000,
        )
    return stored


def _session_counts(centre_ids, start, end):
    """{(centre, activity, axis, key): (label, {sessions, half_days, registrants, attendees})}."""
    sessions = counted_sessions(centre_ids, start, end)
    rows = list(sessions.values_list("pk", "centre_id", "kind", "half_days", "commune_id"))
    session_ids = [row[0] for row in rows]
    themes = _links(Session.themes.through, "concept_id", session_ids)
    audiences = _links(Session.functions.through, "concept_id", session_ids)
    held_in = departements_of(row[4] for row in rows)

    people: dict[int, list] = defaultdict(list)  # session → [(function, département, n, p)]
    live = participations(sessions)
    for (session, function, departement), (n, p) in live.items():
        people[session].append((function, departement, n, p))
    tallies = (
        Tally.objects.filter(session__in=sessions)
        .values_list("session_id", "function_id", "territory_id")
        .annotate(n=Sum("registrants"), p=Sum("attendees"))
        .order_by()
    )
    for session, function, departement, n, p in tallies:
        people[session].append((function, departement, n, p))

    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for pk, centre, kind, half_days, commune in rows:
        activity = ACTIVITY_OF_KIND.get(kind, Activity.QUALIFICATION)
        registrants = sum(n for _, _, n, _ in people[pk])
        attendees = sum(p for _, _, _, p in people[pk])
        whole = (1, half_days, registrants, attendees)
        for key in [(Axis.TOTAL, "")] + [(Axis.THEME, t) for t in themes[pk] or [""]]:
            _add(counts[(centre, activity, *key)], whole)
        for function in audiences[pk]:
            _add(counts[(centre, activity, Axis.FUNCTION, function)], (1, half_days, 0, 0))
        _add(counts[(centre, activity, Axis.DEPARTEMENT, held_in.get(commune) or "")], (1, half_days, 0, 0))
        for function, departement, n, p in people[pk]:
            _add(counts[(centre, activity, Axis.FUNCTION, function or "")], (0, 0, n, p))
            _add(counts[(centre, activity, Axis.DEPARTEMENT, departement or "")], (0, 0, n, p))
    labels = _labels(counts)
    return {
        (centre, activity, axis, str(key)): (
            labels.get((axis, key), NOT_GIVEN),
            dict(zip(("sessions", "half_days", "registrants", "attendees"), values, strict=True)),
        )
        for (centre, activity, axis, key), values in counts.items()
    }


def _add(line: list[int], values) -> None:
    for index, value in enumerate(values):
        line[index] += value


def _links(through, target: str, session_ids) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for session, concept in through.objects.filter(session_id__in=session_ids).values_list("session_id", target):
        found[session].append(concept)
    return found


def _labels(counts) -> dict[tuple, str]:
    keys = defaultdict(set)
    for _, _, axis, key in counts:
        if key:
            keys[axis].add(key)
    labels: dict[tuple, str] = {(Axis.TOTAL, ""): "Ensemble"}
    concepts = keys[Axis.THEME] | keys[Axis.FUNCTION]
    names = dict(Concept.objects.filter(pk__in=concepts).values_list("pk", "pref_label"))
    for axis in (Axis.THEME, Axis.FUNCTION):
        labels.update(((axis, key), names[key]) for key in keys[axis] if key in names)
    for territory in Territory.objects.filter(pk__in=keys[Axis.DEPARTEMENT]):
        labels[(Axis.DEPARTEMENT, territory.pk)] = territory.label
    return labels


def _content_counts(centre_ids, year: int) -> dict[str, dict[int, int]]:
    """{field: {centre: count}} of what the centres published, and of their harvested records."""

    def per_centre(queryset):
        return dict(queryset.filter(centre_id__in=centre_ids).values_list("centre").annotate(n=Count("pk")).order_by())

    return {
        "sheets": per_centre(ExperienceSheet.objects.filter(status=Status.PUBLISHED, published_at__year=year)),
        "publications": per_centre(Publication.objects.filter(status=Status.PUBLISHED, published_at__year=year)),
        "records": per_centre(CatalogueRecord.objects.filter(deleted=False, datestamp__year=year)),
    }


def _people(centre_ids, start, end) -> tuple[dict[int, int], int]:
    """{centre: people reached}: distinct addresses of confirmed registrations to its counted
    sessions or their cycles, plus the registrants of erased registrations; and the people the
    `centre_ids` (None: every centre) reached together, each address counted once."""
    sessions = counted_sessions(centre_ids, start, end)
    confirmed = Registration.objects.filter(status=RegistrationStatus.CONFIRMED)
    seen: dict[int, set[str]] = defaultdict(set)
    own = confirmed.filter(session__in=sessions).values_list("session__centre_id", Lower("email"))
    by_cycle = confirmed.filter(cycle__sessions__in=sessions).values_list("cycle__centre_id", Lower("email"))
    for centre, email in [*own.distinct(), *by_cycle.distinct()]:
        seen[centre].add(email)
    found = {centre: len(emails) for centre, emails in seen.items()}
    together = len(set().union(*seen.values()))
    erased = Tally.objects.filter(session__in=sessions).values_list("session__centre_id").annotate(n=Sum("registrants"))
    for centre, n in erased.order_by():
        found[centre] = found.get(centre, 0) + n
        together += n or 0
    return found, together


def stale_years(today: datetime.date | None = None) -> list[int]:
    """The years whose figures still move as the data does: this year and the last (sessions of
    December get their attendance in January)."""
    year = (today or timezone.localdate()).year
    return [year - 1, year]


def missing_years(years, centres=None) -> list[int]:
    """Those of `years` for which some centre (or, for every centre, the network) has no stored
    figures yet."""
    count = Centre.objects.count() if centres is None else len(centres)
    stored = YearFigures.objects.filter(year__in=years)
    if centres is not None:
        stored = stored.filter(centre__in=centres)
    per_year = dict(stored.values_list("year").annotate(n=Count("pk")).order_by())
    network = set(NetworkFigures.objects.filter(year__in=years).values_list("year", flat=True))
    return [year for year in years if per_year.get(year, 0) < count or (centres is None and year not in network)]


def years_shown() -> list[int]:
    """The years with stored figures, and this year (computed now when it has none yet: the first
    visit of a year, before the clock's first pass)."""
    this_year = timezone.localdate().year
    found = set(YearFigures.objects.values_list("year", flat=True).distinct())
    if this_year not in found:
        refresh(this_year)
        found.add(this_year)
    return sorted(found)
