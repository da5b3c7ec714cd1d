"""The demo's past years: every centre has past sessions, marked as demo and kept out of the
agenda, with anonymous counts in its own départements; loaded once."""

import datetime

import pytest
from django.utils import timezone

from passerelles.centres.models import Centre

from ..models import Session, Tally
from ..services.demo_history import YEARS, load_demo_history
from ..services.reporting import report

pytestmark = pytest.mark.django_db


def test_every_centre_gets_past_years_of_demo_activity():
    created = load_demo_history()
    sessions = Session.objects.filter(slug__startswith="demo-historique-")
    assert created == sessions.count() > 0
    assert not sessions.filter(is_demo=False).exists() and not sessions.filter(is_published=True).exists()
    this_year = timezone.localdate().year
    years = {moment.year for moment in sessions.values_list("starts_at", flat=True)}
    assert years == set(range(this_year - YEARS, this_year))
    assert set(sessions.values_list("centre", flat=True)) == set(Centre.objects.values_list("pk", flat=True))
    pb = Centre.objects.get(slug="pb")  # Seine-Saint-Denis only
    assert set(Tally.objects.filter(session__centre=pb).values_list("territory__code", flat=True)) == {"93"}

    last_year = report([pb], datetime.date(this_year - 1, 1, 1), datetime.date(this_year, 1, 1))
    assert last_year.sessions > 0 and last_year.attendees <= last_year.registrants
    assert load_demo_history() == 0  # loaded once
