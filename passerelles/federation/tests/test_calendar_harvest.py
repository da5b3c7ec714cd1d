"""Harvesting iCalendar agendas from a real HTTP server on loopback: events added, updated and
removed as the source changes them, never twice; recurring events and time zones; conditional
requests (ETag, Last-Modified)."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from ..enums import HarvestStatus
from ..models import FeedSource, HarvestedEvent
from ..services.harvest import harvest
from .conftest import make_source
from .feeds import Answer, calendar, vevent

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def day(offset, hour=None):
    value = timezone.localdate() + datetime.timedelta(days=offset)
    return value.strftime("%Y%m%d") + (f"T{hour:02d}0000" if hour is not None else "")


def agenda_v1():
    return calendar(
        vevent(
            "atelier-1@centre.example",
            day(10, 9),
            day(10, 12),
            "Atelier mobilité",
            description="Ligne 1\nLigne 2",
            location="Salle 3, Lyon",
            url="https://centre.example/agenda/atelier-1",
        ),
        vevent("journee-2@centre.example", day(20), day(21), "Journée régionale", tz=""),
        vevent("seminaire-3@centre.example", day(30, 14), day(30, 17), "Séminaire <b>emploi</b>"),
    )


def test_first_harvest_stores_every_event_with_its_time_zone(local_feeds, centre):
    local_feeds.answers["/agenda.ics"] = Answer(agenda_v1())
    source = make_source(centre, local_feeds.url("/agenda.ics"))

    outcome = harvest(source)

    assert (outcome.status, outcome.added, outcome.updated, outcome.removed) == (HarvestStatus.OK, 3, 0, 0)
    atelier = HarvestedEvent.objects.get(uid="atelier-1@centre.example")
    assert atelier.starts_at.astimezone(PARIS).hour == 9
    assert atelier.description == "Ligne 1\nLigne 2"
    assert atelier.location == "Salle 3, Lyon"
    assert atelier.url == "https://centre.example/agenda/atelier-1"
    assert atelier.centre == centre
    journee = HarvestedEvent.objects.get(uid="journee-2@centre.example")
    assert journee.all_day and timezone.localtime(journee.starts_at).hour == 0
    assert journee.last_day == journee.starts_at.astimezone(PARIS).date()
    assert HarvestedEvent.objects.get(uid="seminaire-3@centre.example").title == "Séminaire emploi"
    source.refresh_from_db()
    assert source.last_status == HarvestStatus.OK
    assert (source.last_added, source.last_updated, source.last_removed) == (3, 0, 0)
    assert "3 ajouté(s)" in source.last_message


def test_a_second_harvest_updates_and_removes_what_the_source_changed_never_duplicating(local_feeds, centre):
    local_feeds.answers["/agenda.ics"] = Answer(agenda_v1())
    source = make_source(centre, local_feeds.url("/agenda.ics"))
    harvest(source)
    first_id = HarvestedEvent.objects.get(uid="atelier-1@centre.example").pk
    local_feeds.answers["/agenda.ics"] = Answer(
        calendar(
            vevent("atelier-1@centre.example", day(11, 10), day(11, 12), "Atelier mobilité (reporté)"),
            vevent("journee-2@centre.example", day(20), day(21), "Journée régionale", tz=""),
            vevent("nouveau-4@centre.example", day(40, 9), day(40, 10), "Nouvelle rencontre"),
        )
    )

    outcome = harvest(FeedSource.objects.get(pk=source.pk))

    assert (outcome.added, outcome.updated, outcome.removed) == (1, 1, 1)
    assert sorted(HarvestedEvent.objects.values_list("uid", flat=True)) == [
        "atelier-1@centre.example",
        "journee-2@centre.example",
        "nouveau-4@centre.example",
    ]
    moved = HarvestedEvent.objects.get(uid="atelier-1@centre.example")
    assert moved.pk == first_id and moved.title == "Atelier mobilité (reporté)"
    assert timezone.localtime(moved.starts_at).hour == 10

    again = harvest(FeedSource.objects.get(pk=source.pk))
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    assert HarvestedEvent.objects.count() == 3


def test_a_recurring_event_gives_its_coming_occurrences_and_its_overrides_replace_them(local_feeds, centre):
    local_feeds.answers["/agenda.ics"] = Answer(
        calendar(
            vevent(
                "permanence@centre.example",
                day(1, 14),
                day(1, 16),
                "Permanence",
                extra=["RRULE:FREQ=WEEKLY;COUNT=4", f"EXDATE;TZID=Europe/Paris:{day(8, 14)}"],
            ),
            vevent(
                "permanence@centre.example",
                day(15, 9),
                day(15, 11),
                "Permanence avancée",
                extra=[f"RECURRENCE-ID;TZID=Europe/Paris:{day(15, 14)}"],
            ),
        )
    )
    source = make_source(centre, local_feeds.url("/agenda.ics"))

    assert harvest(source).added == 3  # four weeks, one excluded, one moved
    rows = list(HarvestedEvent.objects.order_by("starts_at").values_list("title", "starts_at"))
    assert [title for title, _ in rows] == ["Permanence", "Permanence avancée", "Permanence"]
    assert [timezone.localtime(start).hour for _, start in rows] == [14, 9, 14]


def test_etag_and_last_modified_round_trip_and_304_changes_nothing(local_feeds, centre):
    stamp = "Mon, 07 Dec 2026 08:00:00 GMT"
    local_feeds.answers["/agenda.ics"] = Answer(agenda_v1(), etag='"v1"', last_modified=stamp)
    source = make_source(centre, local_feeds.url("/agenda.ics"))
    harvest(source)
    source.refresh_from_db()
    assert (source.etag, source.last_modified) == ('"v1"', stamp)

    outcome = harvest(source)

    assert outcome.status == HarvestStatus.UNCHANGED
    assert local_feeds.requests[-1]["if-none-match"] == '"v1"'
    assert local_feeds.requests[-1]["if-modified-since"] == stamp
    source.refresh_from_db()
    assert source.last_status == HarvestStatus.UNCHANGED and source.etag == '"v1"'
    assert HarvestedEvent.objects.count() == 3


def test_an_event_the_source_breaks_is_kept_as_it_was(local_feeds, centre):
    local_feeds.answers["/agenda.ics"] = Answer(agenda_v1())
    source = make_source(centre, local_feeds.url("/agenda.ics"))
    harvest(source)
    broken = agenda_v1().replace(
        f"DTSTART;TZID=Europe/Paris:{day(10, 9)}".encode(), b"DTSTART;TZID=Europe/Paris:demain"
    )
    local_feeds.answers["/agenda.ics"] = Answer(broken)

    outcome = harvest(FeedSource.objects.get(pk=source.pk))

    assert outcome.status == HarvestStatus.OK and outcome.removed == 0
    assert "Atelier mobilité" in outcome.message and "ignoré" in outcome.message
    assert HarvestedEvent.objects.filter(uid="atelier-1@centre.example").exists()
