import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..enums import Status
from .factories import ExperienceSheetFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return re.findall(r'class="fr-card__title">\s*<a href="[^"]+"><bdi>([^<]+)</bdi></a>', response.content.decode())


def commune(code):
    return Territory.objects.get(kind="commune", code=code)


@pytest.fixture
def sheets():
    reso, pb = Centre.objects.get(slug="reso-villes"), Centre.objects.get(slug="pb")
    brest = ExperienceSheetFactory(
        title="PRE de Brest",
        centre=reso,
        status=Status.PUBLISHED,
        territories=[commune("29019")],
        start_date=date(2010, 1, 1),
        last_reviewed_on=timezone.localdate(),
    )
    brest.themes.add(Concept.objects.get(notation="education"))
    brest.schemes.add(Concept.objects.get(notation="pre"))
    stdenis = ExperienceSheetFactory(
        title="ASV de Saint-Denis",
        centre=pb,
        status=Status.PUBLISHED,
        territories=[commune("93066")],
        start_date=date(2015, 1, 1),
        end_date=date(2018, 12, 31),
        last_reviewed_on=date(2023, 5, 1),
    )
    stdenis.schemes.add(Concept.objects.get(notation="asv"))
    draft = ExperienceSheetFactory(title="Brouillon de Rennes", centre=reso, territories=[commune("35238")])
    return brest, stdenis, draft


def test_the_public_list_shows_published_sheets_only(client, sheets):
    assert sorted(titles(client.get("/experiences/"))) == ["ASV de Saint-Denis", "PRE de Brest"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "education"}, ["PRE de Brest"]),
        ({"scheme": "asv"}, ["ASV de Saint-Denis"]),
        ({"centre": "pb"}, ["ASV de Saint-Denis"]),
        ({"territoire": "region:53"}, ["PRE de Brest"]),
        ({"territoire": "departement:93"}, ["ASV de Saint-Denis"]),
        ({"territoire": "epci:242900314"}, ["PRE de Brest"]),  # Brest Métropole contains Brest
        ({"annee": "2020"}, ["PRE de Brest"]),
        ({"annee": "2016", "scheme": "asv"}, ["ASV de Saint-Denis"]),
        ({"q": "brest"}, ["PRE de Brest"]),
    ],
)
def test_filters(client, sheets, params, expected):
    assert sorted(titles(client.get("/experiences/", params))) == expected


def test_a_bad_filter_is_reported_in_french(client, sheets):
    response = client.get("/experiences/", {"territoire": "region:zz", "theme": "nope", "centre": "pb"})
    page = response.content.decode()
    assert "Filtre non reconnu, ignoré : Thème, Territoire" in page
    assert titles(response) == ["ASV de Saint-Denis"]  # the valid centre filter still applies
    # A commune reached from a sheet's link stays selected.
    assert (
        'value="commune:29019" selected'
        in client.get("/experiences/", {"territoire": "commune:29019"}).content.decode()
    )


def test_sheet_page_shows_budget_shares_and_the_freshness_flag(client, sheets):
    brest, stdenis, draft = sheets
    brest.budget_amount = 200000
    brest.save()
    brest.budget_lines.create(funder="État", amount=150000)
    brest.budget_lines.create(funder="Ville de Brest", amount=50000)
    page = client.get(brest.get_absolute_url()).content.decode()
    assert "75.0 %" in page or "75,0 %" in page
    assert 'data-testid="stale"' not in page
    old = client.get(stdenis.get_absolute_url()).content.decode()
    assert "Informations datant de mai 2023" in old


def test_a_draft_is_private_to_its_centre(client, sheets):
    draft = sheets[2]
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(MembershipFactory(centre=Centre.objects.get(slug="pb"), role=Role.EDITOR).user)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(MembershipFactory(centre=draft.centre, role=Role.EDITOR).user)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_list_query_count_does_not_grow(client, sheets):
    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            client.get("/experiences/")
        return len(context.captured_queries)

    before = count()
    for n in range(10):
        sheet = ExperienceSheetFactory(title=f"Autre {n}", status=Status.PUBLISHED)
        sheet.themes.add(Concept.objects.get(notation="sante"))
    assert count() == before


def test_the_comparison_selection_survives_paging(client, sheets):
    for n in range(25):
        ExperienceSheetFactory(title=f"Fiche {n:02d}", slug=f"fiche-{n:02d}", status=Status.PUBLISHED)
    page = client.get("/experiences/", {"page": 2, "fiches": ["fiche-00", "fiche-01"], "centre": ""}).content.decode()
    assert (
        '<input type="hidden" name="fiches" value="fiche-00">' in page
        or 'value="fiche-00" form="compare-form" checked' in page
    )
    assert "2 sélectionnées, gardées d'une page à l'autre" in page.replace("&#x27;", "'")
    assert 'name="page" value="1"' in page
