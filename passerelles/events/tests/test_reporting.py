"""Counting per centre and period: half-days by activity, registrants and attendees by function and
by département, the same before and after registrations are erased."""

import datetime

import pytest
from django.utils import timezone

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..enums import RegistrationStatus, SessionKind, SessionStatus
from ..models import Attendance, Registration, Tally
from ..services.reporting import departements_of, report
from ..services.retention import purge_registrations
from .factories import CycleFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db

YEAR_2024 = datetime.date(2024, 1, 1), datetime.date(2025, 1, 1)


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def session(centre, starts_at, kind=SessionKind.DAY, half_days=2, **kwargs):
    return SessionFactory(
        centre=centre,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=7),
        kind=kind,
        half_days=half_days,
        **kwargs,
    )


@pytest.fixture
def activity():
    """A year of Profession Banlieue's sessions, and one of RésO Villes'."""
    pb, reso = Centre.objects.get(slug="pb"), Centre.objects.get(slug="reso-villes")
    chef, charge = (Concept.objects.get(notation=n) for n in ("chef-de-projet", "charge-de-mission"))
    saint_denis = Territory.objects.get(kind="commune", code="93066")
    lyon = Territory.objects.get(kind="commune", code="69123")
    seine_saint_denis = Territory.objects.get(kind="departement", code="93")

    day = session(pb, at(2024, 3, 5))
    for attended, status in [(True, "confirmed"), (False, "confirmed"), (None, "waiting"), (None, "pending")]:
        RegistrationFactory(session=day, function=chef, territory=saint_denis, attended=attended, status=status)
    RegistrationFactory(session=day, function=charge, territory=lyon, attended=True)
    RegistrationFactory(session=day)  # neither function nor territory given
    RegistrationFactory(session=day, function=chef, status=RegistrationStatus.CANCELLED)
    meeting = session(pb, at(2024, 6, 3), SessionKind.NETWORK_MEETING, 1)
    RegistrationFactory(session=meeting, function=charge, territory=seine_saint_denis, attended=True)
    session(pb, at(2024, 9, 10), SessionKind.SUPPORT, 1)
    cancelled = session(pb, at(2024, 10, 1), SessionKind.WORKSHOP, 1, status=SessionStatus.CANCELLED)
    RegistrationFactory(session=cancelled, function=chef, attended=True)
    postponed = session(pb, at(2024, 10, 8), SessionKind.WORKSHOP, 1, status=SessionStatus.POSTPONED)
    RegistrationFactory(session=postponed, function=chef)
    RegistrationFactory(session=session(pb, at(2023, 12, 1)), function=chef)  # before the period
    RegistrationFactory(session=session(reso, at(2024, 4, 1)), function=chef, attended=True)  # another centre
    cycle = CycleFactory(centre=pb)
    first = session(pb, at(2024, 11, 4), SessionKind.SEMINAR, cycle=cycle)
    second = session(pb, at(2024, 11, 18), SessionKind.SEMINAR, cycle=cycle)
    # A cycle registration holds a seat in each session of the cycle; attendance is per session.
    whole_cycle = RegistrationFactory(session=None, cycle=cycle, function=chef, territory=saint_denis)
    Attendance.objects.create(registration=whole_cycle, session=first, present=True)
    Attendance.objects.create(registration=whole_cycle, session=second, present=False)
    RegistrationFactory(session=first, function=charge)
    return pb


def figures(result):
    return {
        "activities": [(line.label, line.sessions, line.half_days) for line in result.activities],
        "functions": [(line.label, line.registrants, line.attendees) for line in result.functions],
        "territories": [(line.label, line.registrants, line.attendees) for line in result.territories],
        "totals": (result.sessions, result.half_days, result.registrants, result.attendees),
    }


EXPECTED_PB_2024 = {
    "activities": [("qualification", 3, 6), ("rencontre de réseau", 1, 1), ("accompagnement individuel", 1, 1)],
    "functions": [
        ("Chef de projet politique de la ville", 4, 2),
        ("Chargé de mission", 3, 2),
        ("Non renseigné", 1, 0),
    ],
    "territories": [("Seine-Saint-Denis (93)", 5, 3), ("Rhône (69)", 1, 1), ("Non renseigné", 2, 0)],
    "totals": (5, 8, 8, 4),
}


def test_a_centres_year_counted_by_activity_function_and_departement(activity):
    assert figures(report([activity], *YEAR_2024)) == EXPECTED_PB_2024
    network = figures(report(None, *YEAR_2024))
    assert network["totals"] == (6, 10, 9, 5)  # RésO Villes' day added
    assert network["functions"][0] == ("Chef de projet politique de la ville", 5, 3)


def test_the_figures_do_not_move_when_registrations_are_erased(activity):
    scopes = {"pb": [activity], "network": None}
    before = {name: figures(report(scope, *YEAR_2024)) for name, scope in scopes.items()}
    registrations = Registration.objects.count()
    assert purge_registrations(now=at(2026, 6, 1)).registrations == registrations
    assert not Registration.objects.exists() and Tally.objects.exists()
    after = {name: figures(report(scope, *YEAR_2024)) for name, scope in scopes.items()}
    assert after == before
    assert after["pb"] == EXPECTED_PB_2024


def test_a_registrants_departement():
    saint_denis = Territory.objects.get(kind="commune", code="93066")
    departement = Territory.objects.get(kind="departement", code="93")
    region = Territory.objects.get(kind="region", code="11")
    found = departements_of([saint_denis.pk, departement.pk, region.pk, None])
    assert found == {saint_denis.pk: departement.pk, departement.pk: departement.pk, region.pk: None}


def test_the_report_page_shows_the_current_year_to_centre_admins(client):
    pb = Centre.objects.get(slug="pb")
    this_year = timezone.localdate().replace(month=6, day=15)
    starts = timezone.make_aware(datetime.datetime.combine(this_year, datetime.time(9)))
    RegistrationFactory(session=session(pb, starts, SessionKind.NETWORK_MEETING, 1), attended=True)
    client.force_login(MembershipFactory(centre=pb, role=Role.CENTRE_ADMIN).user)
    page = client.get("/agenda/espace/bilan/").content.decode()
    assert "1 session, 1 demi-journée, 1 inscrit, 1 présent." in page
    assert "Tous mes centres" in page and "Tous les centres du réseau" not in page
    page = client.get("/agenda/espace/bilan/", {"start": "2024-12-31", "end": "2024-01-01"}).content.decode()
    assert "La fin de la période doit suivre son début." in page
    reso = Centre.objects.get(slug="reso-villes").pk
    other_centre = {"centre": reso, "start": "2024-01-01", "end": "2024-12-31"}
    assert "Sélectionnez un choix valide" in client.get("/agenda/espace/bilan/", other_centre).content.decode()
    for start, end in (("2025-01-01", "9999-12-31"), ("0001-01-01", "0001-01-02")):
        page = client.get("/agenda/espace/bilan/", {"start": start, "end": end}).content.decode()
        assert "Choisissez une date entre 1900 et 2100." in page
    client.force_login(UserFactory(is_national_animator=True))
    assert "Tous les centres du réseau" in client.get("/agenda/espace/bilan/").content.decode()
    client.force_login(MembershipFactory(centre=pb, role=Role.EDITOR).user)
    assert client.get("/agenda/espace/bilan/").status_code == 403
