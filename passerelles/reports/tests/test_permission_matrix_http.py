"""The national animation's apps (indicators, funding, reports, framework) over HTTP: every URL they
route, every method that reads or writes, for each kind of person, against objects of the centre
« pb » (X): the status each gets, and nothing stored changes when a write is refused. Anonymous
people are sent to sign in; everyone else who may not is refused with 403. A URL added to one of
these apps without its row in CASES fails `test_every_url_of_the_four_apps_is_in_the_matrix`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from passerelles.accounts.tests.factories import UserFactory
from passerelles.centres.models import Centre
from passerelles.contacts.tests.helpers import OTHER, OWN, person
from passerelles.funding.enums import Funder
from passerelles.funding.models import Funding, FundingYear, PublishedAllocation, Scenario
from passerelles.funding.services import cofinancing
from passerelles.funding.tests.helpers import FORMULA
from passerelles.indicators.models import PublishedYear, YearFigures
from passerelles.indicators.services import activity
from passerelles.testing.second_factor import SecondFactorClient

from ..enums import Status
from ..models import Report

pytestmark = pytest.mark.django_db

# OWN (X): the centre whose objects every row reads or writes; OTHER (Y): another centre.
ACTORS = ("anonymous", "plain", "editor", "reviewer", "admin", "other_admin", "animator")
THIS_YEAR = timezone.localdate().year
YEAR = THIS_YEAR - 1  # the year of X's report and funding
APPS = ("indicators", "funding", "reports", "framework")
SIGN_IN = "/comptes/connexion/"

# Who may, besides the national animator: the roles of X that grant the row's permission.
EVERYONE = frozenset(ACTORS)
SIGNED_IN = EVERYONE - {"anonymous"}
NATIONAL = frozenset({"animator"})
STAFF_OF_X = frozenset({"editor", "reviewer", "admin", "animator"})  # VIEW_PRIVATE on X
ADMINS_OF_X = frozenset({"admin", "animator"})  # REPORT_TO_NETWORK on X
STAFF_SOMEWHERE = STAFF_OF_X | {"other_admin"}  # VIEW_PRIVATE on a centre: the index of its reports
ADMINS_SOMEWHERE = ADMINS_OF_X | {"other_admin"}  # REPORT_TO_NETWORK on a centre: the funding index


@dataclass(frozen=True)
class Case:
    """One row: the URL `name` with its arguments (from the fixture's objects), the method, who may
    and with which status; `prepare` puts the objects back in the state the write starts from."""

    name: str
    method: str
    allowed: frozenset
    kwargs: Callable[[dict], dict] = lambda o: {}
    ok: int = 200
    data: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    prepare: Callable[[dict], Any] | None = None
    label: str = ""
    writes: bool = True  # False: a POST the allowed get through, yet refused by the object's state
    lists_centres: bool = False  # of several centres: X's name on the page of X's people, not of Y's admin

    @property
    def id(self):
        return f"{self.method}-{self.name}{'-' + self.label if self.label else ''}"


def _report_in(status, highlights="Texte de départ."):
    def prepare(o):
        Report.objects.filter(pk=o["report"]).update(status=status, highlights=highlights, review_comment="")

    return prepare


def _funding_locked(locked):
    def prepare(o):
        Funding.objects.filter(funding_year=o["funding_year"]).delete()
        Funding.objects.create(funding_year_id=o["funding_year"], funder=Funder.STATE_ANCT, amount=120_000)
        FundingYear.objects.filter(pk=o["funding_year"]).update(
            locked_at=timezone.now() if locked else None, locked_by=None
        )

    return prepare


def _published_year(published):
    def prepare(o):
        if published:
            PublishedYear.objects.get_or_create(year=YEAR)
        else:
            PublishedYear.objects.filter(year=YEAR).delete()

    return prepare


def _allocation_to_withdraw(o):
    published = PublishedAllocation.objects.get(year=THIS_YEAR)
    PublishedAllocation.objects.filter(year=YEAR).delete()
    published.pk, published.year = None, YEAR
    published.save()


X_YEAR = {"slug": OWN, "year": YEAR}
SCENARIO = lambda o: {"pk": o["scenario"]}  # noqa: E731
AMOUNTS = {"state_anct": "150000", "region": "45000"}
COMMENT = {"comment": "Il manque les faits marquants."}
CASES = [
    # indicators
    Case("indicators:national", "get", NATIONAL),
    Case("indicators:national_csv", "get", NATIONAL, lambda o: {"key": "activity"}, query={"year": YEAR}),
    Case("indicators:recompute", "post", NATIONAL, ok=302, data={"year": YEAR}),
    Case("indicators:publish", "post", NATIONAL, ok=302, data={"year": YEAR}, prepare=_published_year(False)),
    Case(
        "indicators:publish",
        "post",
        NATIONAL,
        ok=302,
        data={"year": YEAR, "withdraw": "1"},
        prepare=_published_year(True),
        label="withdraw",
    ),
    Case("indicators:centre", "get", STAFF_OF_X, lambda o: {"slug": OWN}),
    Case("indicators:centre_csv", "get", STAFF_OF_X, lambda o: {"slug": OWN, "key": "activity"}),
    Case("indicators:public", "get", EVERYONE, prepare=_published_year(True)),
    Case(
        "indicators:public_csv",
        "get",
        EVERYONE,
        lambda o: {"key": "activity"},
        query={"year": YEAR},
        prepare=_published_year(True),
    ),
    # funding: the simulator and its scenarios
    Case("funding:simulator", "get", NATIONAL),
    Case("funding:simulator_csv", "get", NATIONAL),
    Case("funding:simulator_results", "get", NATIONAL),
    Case("funding:save", "post", NATIONAL, ok=302, data={**FORMULA, "name": "Scénario de la matrice"}),
    Case("funding:scenarios", "get", NATIONAL),
    Case("funding:scenario", "get", NATIONAL, SCENARIO),
    Case("funding:scenario_csv", "get", NATIONAL, SCENARIO),
    Case("funding:scenario_pdf", "get", NATIONAL, SCENARIO),
    Case(
        "funding:publish",
        "post",
        NATIONAL,
        SCENARIO,
        ok=302,
        data={"year": THIS_YEAR + 1, "method": "Méthode de la matrice."},
        prepare=lambda o: PublishedAllocation.objects.filter(year=THIS_YEAR + 1).delete(),
    ),
    Case("funding:compare", "get", NATIONAL, query={"scenario": []}),  # filled with the two scenarios
    Case("funding:withdraw", "post", NATIONAL, lambda o: {"year": YEAR}, ok=302, prepare=_allocation_to_withdraw),
    Case("funding:published_list", "get", EVERYONE),
    Case("funding:published", "get", EVERYONE, lambda o: {"year": THIS_YEAR}),
    Case("funding:published_csv", "get", EVERYONE, lambda o: {"year": THIS_YEAR}),
    # funding: the co-financing of the centres
    Case("funding:cofinancing", "get", ADMINS_SOMEWHERE, lists_centres=True),
    Case("funding:cofinancing", "get", ADMINS_SOMEWHERE, query={"tableau": "part-etat"}, label="part-etat"),
    Case(
        "funding:cofinancing",
        "get",
        ADMINS_SOMEWHERE,
        query={"tableau": "financements-saisis"},
        label="financements-saisis",
        lists_centres=True,
    ),
    Case("funding:year", "get", ADMINS_OF_X, lambda o: X_YEAR),
    Case("funding:year", "post", ADMINS_OF_X, lambda o: X_YEAR, ok=302, data=AMOUNTS, prepare=_funding_locked(False)),
    Case(
        "funding:lock", "post", NATIONAL, lambda o: X_YEAR, ok=302, data={"locked": "1"}, prepare=_funding_locked(False)
    ),
    Case(
        "funding:lock",
        "post",
        NATIONAL,
        lambda o: X_YEAR,
        ok=302,
        data={"locked": "0"},
        prepare=_funding_locked(True),
        label="unlock",
    ),
    Case(
        "funding:year",
        "post",
        ADMINS_OF_X,
        lambda o: X_YEAR,
        ok=302,  # back to the page, told in French that the year is locked
        data=AMOUNTS,
        prepare=_funding_locked(True),
        label="locked",
        writes=False,
    ),
    # reports
    Case("reports:index", "get", STAFF_SOMEWHERE, lists_centres=True),
    Case("reports:report", "get", STAFF_OF_X, lambda o: X_YEAR),
    Case(
        "reports:report",
        "post",
        ADMINS_OF_X,
        lambda o: X_YEAR,
        ok=302,
        data={"highlights": "Écrit par la matrice."},
        prepare=_report_in(Status.DRAFT),
    ),
    Case(
        "reports:report",
        "post",
        frozenset(),  # submitted: its text is closed to everyone
        lambda o: X_YEAR,
        data={"highlights": "Écrit par la matrice."},
        prepare=_report_in(Status.SUBMITTED),
        label="submitted",
    ),
    *(
        Case("reports:export", "get", STAFF_OF_X, lambda o, f=fmt: {**X_YEAR, "fmt": f}, label=fmt)
        for fmt in ("pdf", "csv", "ods")
    ),
    Case(
        "reports:transition",
        "post",
        ADMINS_OF_X,
        lambda o: {**X_YEAR, "name": "submit"},
        ok=302,
        prepare=_report_in(Status.DRAFT),
        label="submit",
    ),
    *(
        Case(
            "reports:transition",
            "post",
            NATIONAL,
            lambda o, n=name: {**X_YEAR, "name": n},
            ok=302,
            data=COMMENT,
            prepare=_report_in(start),
            label=name,
        )
        for name, start in (("validate", Status.SUBMITTED), ("return", Status.SUBMITTED), ("reopen", Status.VALIDATED))
    ),
    Case("reports:network", "get", NATIONAL, lambda o: {"year": YEAR}),
    *(
        Case("reports:network_export", "get", NATIONAL, lambda o, f=fmt: {"year": YEAR, "fmt": f}, label=fmt)
        for fmt in ("pdf", "csv", "ods")
    ),
    # framework: public pages; the national animation edits it in the admin (framework/tests/test_admin.py)
    Case("framework:reference", "get", EVERYONE),
    Case("framework:accreditations", "get", EVERYONE),
]


@pytest.fixture
def objects():
    """X's report and funding year, Y's funding, two saved scenarios, one of them published for this
    year, and last year's network figures published."""
    own, other = Centre.objects.get(slug=OWN), Centre.objects.get(slug=OTHER)
    funding_year = cofinancing.save_amounts(own, YEAR, {"state_anct": 120_000, "commune": 30_000}, None)
    cofinancing.save_amounts(other, YEAR, {"state_anct": 90_000}, None)
    report = Report.objects.create(centre=own, year=YEAR, highlights="Texte de départ.")
    first = Scenario.objects.create(name="Population", values=FORMULA)
    second = Scenario.objects.create(name="Départements", values={**FORMULA, "weight_departements": "5"})
    activity.refresh(YEAR)  # last year's network figures, published (a closed year)
    activity.years_shown()  # and this year's, computed here rather than by the first GET
    PublishedYear.objects.create(year=YEAR)
    animator = SecondFactorClient()
    animator.force_login(UserFactory(is_national_animator=True))
    published = animator.post(
        reverse("funding:publish", args=[first.pk]), {"year": THIS_YEAR, "method": "Méthode publiée."}
    )
    assert published.status_code == 302 and PublishedAllocation.objects.filter(year=THIS_YEAR).exists()
    return {
        "own_name": own.name,
        "report": report.pk,
        "funding_year": funding_year.pk,
        "scenario": first.pk,
        "scenarios": [first.pk, second.pk],
    }


def state(cache=True):
    """Everything the rows may write; `cache`: with the stored indicators, which reading a draft
    report computes again (reports.services.figures), so a read is compared without them."""
    found = (
        sorted(
            Report.objects.values_list("pk", "status", "highlights", "review_comment", "submitted_at", "validated_at")
        ),
        sorted(FundingYear.objects.values_list("pk", "locked_at", "locked_by")),
        sorted(Funding.objects.values_list("funding_year", "funder", "amount")),
        sorted(Scenario.objects.values_list("pk", "name")),
        sorted(PublishedAllocation.objects.values_list("year", "scenario", "method")),
        sorted(PublishedYear.objects.values_list("year", flat=True)),
    )
    return (*found, sorted(YearFigures.objects.values_list("pk", "centre", "year", "computed_at"))) if cache else found


def expected(case, actor):
    if actor in case.allowed:
        return case.ok
    return 302 if actor == "anonymous" else 403


def check(case, actor, client, objects):
    """What is wrong with this cell, or None."""
    url = reverse(case.name, kwargs=case.kwargs(objects))
    query = {"scenario": objects["scenarios"]} if case.name == "funding:compare" else case.query
    if case.prepare:
        case.prepare(objects)
    cache = case.method == "post"
    before = state(cache)
    response = client.get(url, query) if case.method == "get" else client.post(url, case.data)
    status = response.status_code
    if status != expected(case, actor):
        return f"{case.id} {actor}: {status} instead of {expected(case, actor)}"
    if status == 302 and actor not in case.allowed and not response["Location"].startswith(SIGN_IN):
        return f"{case.id} {actor}: sent to {response['Location']} instead of signing in"
    shown = case.lists_centres and objects["own_name"] in response.content.decode()
    if case.lists_centres and actor in case.allowed and shown != (actor != "other_admin"):
        return f"{case.id} {actor}: {'shows' if shown else 'does not show'} the centre X"
    changed = state(cache) != before
    writes = case.method == "post" and case.writes and actor in case.allowed
    if changed != writes:  # refused, or a read: nothing stored changes; an allowed write changes it
        return f"{case.id} {actor}: {'the data changed' if changed else 'allowed, yet nothing changed'}"
    return None


@pytest.mark.parametrize("app", APPS)
def test_permission_matrix(objects, app):
    """Each row of the app, for each person: the people are signed in once, each row puts its
    objects back in its starting state; every wrong cell is listed at once."""
    clients = {}
    for actor in ACTORS:
        clients[actor] = SecondFactorClient()
        if (user := person(actor)) is not None:
            clients[actor].force_login(user)
    wrong = [
        check(case, actor, clients[actor], objects)
        for case in CASES
        if case.name.startswith(f"{app}:")
        for actor in ACTORS
    ]
    assert [cell for cell in wrong if cell] == []


def _routed(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routed(pattern.url_patterns, pattern.namespace or namespace)
        elif namespace in APPS and pattern.name:
            yield f"{namespace}:{pattern.name}"


def test_every_url_of_the_four_apps_is_in_the_matrix():
    routed = set(_routed(get_resolver().url_patterns))
    assert {name.split(":")[0] for name in routed} == set(APPS)
    assert routed - {case.name for case in CASES} == set()
    assert {case.name for case in CASES} - routed == set()


def test_every_write_of_the_four_apps_is_in_the_matrix(objects):
    """A view with no POST row refuses POST even to the national animator (405): a page that also
    takes a form has its POST row, which the GET rows do not stand for."""
    client = SecondFactorClient()
    client.force_login(UserFactory(is_national_animator=True))
    posted = {case.name for case in CASES if case.method == "post"}
    for case in CASES:
        if case.name not in posted:
            assert client.post(reverse(case.name, kwargs=case.kwargs(objects))).status_code == 405, case.id
