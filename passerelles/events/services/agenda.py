"""What the public agenda lists: published sessions from today on, narrowed by its filters."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from passerelles.federation.models import HarvestedEvent
from passerelles.territories.models import Territory

from ..enums import RegistrationStatus
from ..models import Session


def midnight(day):
    """The start of a day in French time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def upcoming():
    """Published sessions not yet over (cancelled ones included: they stay listed, marked)."""
    return Session.objects.public().filter(ends_at__gte=midnight(timezone.localdate()))


def in_territory(sessions, territory):
    """Sessions tied to `territory` or to a territory inside it, by their audience's territories or by
    the commune where they take place (a région finds the sessions of its communes)."""
    inside = Territory.objects.at_or_inside(territory).values("pk")
    tied = Session.territories.through.objects.filter(territory__in=inside).values("session")
    return sessions.filter(Q(commune__in=inside) | Q(pk__in=tied))


def by_centre(sessions, centre):
    """Sessions a centre organises or co-organises."""
    co_organised = Session.co_organisers.through.objects.filter(centre=centre).values("session")
    return sessions.filter(Q(centre=centre) | Q(pk__in=co_organised))


def organisers():
    """The primary keys of the centres that organise or co-organise published sessions."""
    published = Session.objects.public()
    co_organising = Session.co_organisers.through.objects.filter(session__in=published)
    return {*published.values_list("centre_id", flat=True), *co_organising.values_list("centre_id", flat=True)}


def in_month(sessions, first_day):
    """Sessions starting in the month of `first_day` (local time)."""
    following = (first_day + datetime.timedelta(days=32)).replace(day=1)
    return sessions.filter(starts_at__gte=midnight(first_day), starts_at__lt=midnight(following))


FILTERS = ("theme", "fonction", "territoire", "centre", "format", "mois")


def filtered(filters: Mapping[str, Any] | None = None) -> QuerySet[Session]:
    """The agenda narrowed by `filters` (cleaned values, by the names of AgendaFilterForm's fields):
    those missing or empty do not apply."""
    sessions = upcoming()
    if filters:
        data = {name: filters.get(name) for name in FILTERS}
        if data["theme"]:
            sessions = sessions.filter(
                pk__in=Session.themes.through.objects.filter(concept=data["theme"]).values("session")
            )
        if data["fonction"]:
            sessions = sessions.filter(
                pk__in=Session.functions.through.objects.filter(concept=data["fonction"]).values("session")
            )
        if data["territoire"]:
            sessions = in_territory(sessions, data["territoire"])
        if data["centre"]:
            sessions = by_centre(sessions, data["centre"])
        if data["format"]:
            sessions = sessions.filter(format=data["format"])
        if data["mois"]:
            sessions = in_month(sessions, data["mois"])
    return sessions.for_list().with_registrations(seats_held=RegistrationStatus.CONFIRMED)


# Filters a harvested event can answer: it has no theme, function, territory or format of the
# network's own, so any of those leaves it out (federation: the centres' own agendas).
HARVESTED_FILTERS = ("centre", "mois")


def harvested(filters: Mapping[str, Any] | None = None) -> QuerySet[HarvestedEvent]:
    """Upcoming events published on the centres' websites, narrowed by the filters they can answer."""
    events = HarvestedEvent.objects.upcoming()
    data = {name: (filters or {}).get(name) for name in FILTERS}
    if any(data[name] for name in FILTERS if name not in HARVESTED_FILTERS):
        return events.none()
    if data["centre"]:
        events = events.filter(centre=data["centre"])
    if data["mois"]:
        events = in_month(events, data["mois"])
    return events.for_list()
