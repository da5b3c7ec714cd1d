"""The demo gives the national animation's pages something to show: published network figures,
every centre's co-financing, a current and a published allocation, accreditations, reports at each
stage; loaded once, labelled by the demo's banner."""

from html import escape

import pytest
from django.core.management import call_command
from django.db.models import Max, Sum
from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.centres.enums import COVERING_STATUSES
from passerelles.centres.models import Centre
from passerelles.events.models import Session
from passerelles.experiences.models import ExperienceSheet
from passerelles.framework.enums import AccreditationState
from passerelles.framework.models import Accreditation
from passerelles.funding.enums import Funder
from passerelles.funding.models import Funding, FundingYear, PublishedAllocation, Scenario
from passerelles.indicators.models import PublishedYear, YearFigures
from passerelles.reports.enums import Status
from passerelles.reports.models import Report
from passerelles.territories.models import Territory
from passerelles.website.models import DemoDataset

pytestmark = pytest.mark.django_db


def test_one_load_gives_each_national_page_something_to_show(client):
    """Loaded once for the six checks (a load takes seconds): each check still names its page."""
    call_command("load_demo")
    client.force_login(User.objects.get(email="animation@demo.passerelles.fr"))
    check_the_network_figures_of_the_last_closed_year_are_published(client)
    check_every_centre_has_its_co_financing_of_the_last_closed_years(client)
    check_the_simulator_shows_the_current_allocation_and_one_is_published(client)
    check_most_centres_are_accredited_and_a_few_are_not(client)
    check_reports_wait_at_each_stage(client)
    check_the_banner_says_the_figures_and_the_funding_are_demo(client)


def check_the_network_figures_of_the_last_closed_year_are_published(client):
    last_year = timezone.localdate().year - 1
    assert list(PublishedYear.objects.values_list("year", flat=True)) == [last_year]
    response = client.get("/reseau/chiffres/")
    page = response.content.decode()
    assert 'data-testid="nothing-published"' not in page and str(last_year) in page
    assert response.context["dashboard"].totals["sessions"] > 0


def check_every_centre_has_its_co_financing_of_the_last_closed_years(client):
    this_year = timezone.localdate().year
    centres = Centre.objects.filter(status__in=COVERING_STATUSES)
    years = FundingYear.objects.filter(centre__in=centres)
    assert years.count() == 3 * centres.count()
    assert set(years.values_list("year", flat=True)) == {this_year - 3, this_year - 2, this_year - 1}
    assert not years.filter(year=this_year - 1, locked_at__isnull=False).exists()  # the last one still open
    assert not years.filter(year__lt=this_year - 1, locked_at__isnull=True).exists()
    anct = Funding.objects.filter(funding_year__in=years, funder=Funder.STATE_ANCT)
    assert anct.count() == years.count() and len(set(Funding.objects.values_list("funder", flat=True))) >= 5
    pb = FundingYear.objects.get(centre__slug="pb", year=this_year - 1)
    page = client.get(f"/reseau/financements/pb/{this_year - 1}/").content.decode()
    assert pb.total() > 0 and f'value="{pb.amounts()[Funder.STATE_ANCT]}"' in page
    assert "Financements saisis" in client.get("/reseau/financements/").content.decode()


def check_the_simulator_shows_the_current_allocation_and_one_is_published(client):
    response = client.get("/reseau/repartition/")
    current = [row["share"].centre.current for row in response.context["rows"]]
    assert current and None not in current
    assert "Allocation actuelle :" in response.content.decode()
    scenario = Scenario.objects.get()
    published = PublishedAllocation.objects.get()
    assert published.scenario == scenario and published.year == timezone.localdate().year
    assert "démonstration" in published.method
    assert sum(centre["amount"] for centre in published.snapshot["centres"]) == published.snapshot["envelope"]
    page = client.get(f"/reseau/repartition/publiee/{published.year}/").content.decode()
    assert "Répartition de démonstration, sans valeur réelle." in page


def check_most_centres_are_accredited_and_a_few_are_not(client):
    response = client.get("/reseau/cadre/agrements/")
    page, found = response.content.decode(), response.context["found"]
    assert "Décision de démonstration" in page and 'data-testid="without-accreditation"' in page
    assert len(found.without) == 3 and len({row.accreditation.centre_id for row in found.rows}) > 10
    assert {label for label, _ in found.counts} == set(AccreditationState.labels)  # every state shown


def check_reports_wait_at_each_stage(client):
    last_year = timezone.localdate().year - 1
    own = Report.objects.filter(centre__slug="pb")
    assert dict(own.values_list("year", "status")) == {last_year: Status.VALIDATED, last_year + 1: Status.DRAFT}
    assert own.get(year=last_year).figures["funding"]  # frozen with the demo co-financing
    submitted = Report.objects.get(status=Status.SUBMITTED)
    page = client.get("/reseau/rapports/").content.decode()
    assert submitted.centre.name in page and escape(Status.SUBMITTED.label) in page
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "Valider</button>" in page


def state():
    """What a second load would move, if it moved anything."""
    return (
        Session.objects.count(),
        ExperienceSheet.objects.count(),
        FundingYear.objects.aggregate(n=Sum("id"), at=Max("updated_at")),
        Funding.objects.count(),
        Scenario.objects.count(),
        list(PublishedAllocation.objects.values_list("year", "published_at")),
        list(PublishedYear.objects.values_list("year", flat=True)),
        YearFigures.objects.aggregate(n=Sum("id"), at=Max("computed_at")),
        list(Accreditation.objects.values_list("pk", "granted_on", "valid_until")),
        list(Report.objects.values_list("pk", "status", "updated_at")),
        DemoDataset.objects.count(),
        User.objects.count(),
        Territory.objects.count(),
    )


def test_loading_again_changes_nothing_and_an_older_demo_gets_the_national_part():
    call_command("load_demo")
    before = state()
    call_command("load_demo", if_empty=True)
    call_command("load_demo")
    assert state() == before
    # A demo database loaded before this part: --if-empty loads what it lacks.
    DemoDataset.objects.filter(name="national").delete()
    Accreditation.objects.all().delete()
    PublishedYear.objects.all().delete()
    call_command("load_demo", if_empty=True)
    assert Accreditation.objects.exists() and PublishedYear.objects.exists()
    assert DemoDataset.objects.filter(name="national").exists()


def check_the_banner_says_the_figures_and_the_funding_are_demo(client):
    page = client.get("/reseau/chiffres/").content.decode()
    for words in ["contrats de ville", "historique d'activité", "cofinancements", "répartition de l'enveloppe"]:
        assert words in page, words
