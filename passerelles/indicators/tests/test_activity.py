"""A centre's year of activity, stored by services.activity.refresh, equals figures counted by hand
on the sessions of events' reporting fixture, with themes, publics and places added."""

import datetime

import pytest
from django.utils import timezone

from passerelles.centres.models import Centre
from passerelles.editorial.workflow import Status
from passerelles.events.enums import Activity
from passerelles.events.services.retention import purge_registrations
from passerelles.events.tests.factories import RegistrationFactory
from passerelles.events.tests.test_reporting import activity, at, session  # noqa: F401  (fixture)
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.publications.models import CatalogueRecord, HarvestSource
from passerelles.publications.tests.factories import PublishedFactory
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..enums import Axis
from ..models import ActivityCount, YearFigures
from ..services.activity import missing_years, refresh

pytestmark = pytest.mark.django_db


def counts(centre, year, axis):
    rows = ActivityCount.objects.filter(figures__centre=centre, figures__year=year, axis=axis)
    return {(row.activity, row.label): (row.sessions, row.half_days, row.registrants, row.attendees) for row in rows}


@pytest.fixture
def tagged(activity):  # noqa: F811
    """The fixture's year, with two themes, a public and a place given to some of its sessions."""
    pb = activity
    day, meeting, _, first, _ = pb.sessions.filter(starts_at__year=2024).exclude(status__in=["cancelled", "postponed"])
    mixity, education = Concept.objects.filter(scheme="themes").order_by("pk")[:2]
    day.themes.set([mixity])
    first.themes.set([mixity, education])
    meeting.functions.set([Concept.objects.get(notation="chef-de-projet")])
    day.commune = Territory.objects.get(kind="commune", code="93066")
    day.save()
    return pb, mixity, education


def test_a_centres_year_counted_by_hand(tagged):
    pb, mixity, education = tagged
    refresh(2024)
    qualification, network, support = Activity.QUALIFICATION, Activity.NETWORK, Activity.SUPPORT
    assert counts(pb, 2024, Axis.TOTAL) == {
        # day (4 registrants, 2 present) + the two seminars of the cycle (2 + 1 registrants, 1 present)
        (qualification, "Ensemble"): (3, 6, 7, 3),
        (network, "Ensemble"): (1, 1, 1, 1),
        (support, "Ensemble"): (1, 1, 0, 0),
    }
    assert counts(pb, 2024, Axis.THEME) == {
        (qualification, mixity.pref_label): (2, 4, 6, 3),  # the day and the first seminar
        (qualification, education.pref_label): (1, 2, 2, 1),
        (qualification, "Non renseigné"): (1, 2, 1, 0),  # the second seminar
        (network, "Non renseigné"): (1, 1, 1, 1),
        (support, "Non renseigné"): (1, 1, 0, 0),
    }
    chef = "Chef de projet politique de la ville"
    assert counts(pb, 2024, Axis.FUNCTION) == {
        # sessions meant for a public; people by their own function
        (qualification, chef): (0, 0, 4, 2),
        (qualification, "Chargé de mission"): (0, 0, 2, 1),
        (qualification, "Non renseigné"): (0, 0, 1, 0),
        (network, chef): (1, 1, 0, 0),
        (network, "Chargé de mission"): (0, 0, 1, 1),
    }
    assert counts(pb, 2024, Axis.DEPARTEMENT) == {
        # the day held in Saint-Denis; people by the département they work in
        (qualification, "Seine-Saint-Denis (93)"): (1, 2, 4, 2),
        (qualification, "Rhône (69)"): (0, 0, 1, 1),
        (qualification, "Non renseigné"): (2, 4, 2, 0),
        (network, "Seine-Saint-Denis (93)"): (0, 0, 1, 1),
        (network, "Non renseigné"): (1, 1, 0, 0),
        (support, "Non renseigné"): (1, 1, 0, 0),
    }
    figures = YearFigures.objects.get(centre=pb, year=2024)
    assert figures.people == 7  # distinct addresses: 4 at the day, 1 at the meeting, 2 at the seminars


def test_people_are_counted_once_and_erased_ones_still_count(activity):  # noqa: F811
    pb = activity
    known = pb.sessions.get(starts_at=at(2024, 3, 5)).registrations.filter(status="confirmed").first()
    RegistrationFactory(session=session(pb, at(2024, 12, 1)), email=known.email.upper())
    refresh(2024)
    assert YearFigures.objects.get(centre=pb, year=2024).people == 7
    before = counts(pb, 2024, Axis.FUNCTION)
    purge_registrations(now=at(2026, 6, 1))
    refresh(2024)
    assert counts(pb, 2024, Axis.FUNCTION) == before
    # erased registrations can no longer be told apart: each counts once per session
    assert YearFigures.objects.get(centre=pb, year=2024).people == 9


def test_published_content_and_harvested_records_of_the_year():
    pb = Centre.objects.get(slug="pb")
    in_2024 = timezone.make_aware(datetime.datetime(2024, 5, 2))
    ExperienceSheetFactory(centre=pb, status=Status.PUBLISHED, published_at=in_2024)
    ExperienceSheetFactory(centre=pb, status=Status.PUBLISHED, published_at=in_2024.replace(year=2023))
    ExperienceSheetFactory(centre=pb, status=Status.DRAFT)
    PublishedFactory(centre=pb, published_at=in_2024)
    PublishedFactory(centre=pb, published_at=in_2024, status=Status.ARCHIVED)
    source = HarvestSource.objects.create(centre=pb, base_url="https://catalogue.example.org/oai")
    for number, deleted in enumerate([False, False, True]):
        CatalogueRecord.objects.create(
            source=source, centre=pb, oai_identifier=f"oai:x:{number}", datestamp=in_2024, deleted=deleted, title="N"
        )
    refresh(2024)
    figures = YearFigures.objects.get(centre=pb, year=2024)
    assert (figures.sheets, figures.publications, figures.records) == (1, 1, 2)


def test_refresh_replaces_a_year_whole_and_tells_missing_years(activity):  # noqa: F811
    refresh(2024)
    first = ActivityCount.objects.count()
    refresh(2024)
    assert ActivityCount.objects.count() == first
    assert YearFigures.objects.filter(year=2024).count() == Centre.objects.count()
    assert missing_years([2023, 2024]) == [2023]


def test_the_clock_keeps_this_year_and_the_last_in_step():
    from passerelles.core import clock

    from ..tasks import refresh_recent_years

    assert "passerelles.indicators.tasks.refresh_recent_years" in clock.periodic()
    year = timezone.localdate().year
    assert refresh_recent_years.call() == [year - 1, year]
    assert set(YearFigures.objects.values_list("year", flat=True)) == {year - 1, year}
