"""The read operations: only public data, the pages' filters, cursor pages, 404 problems."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelles.centres.models import Centre, CentreFact
from passerelles.centres.tests.factories import CentreFactory
from passerelles.events.tests.factories import CycleFactory, RegistrationFactory, SessionFactory
from passerelles.experiences.enums import Status as SheetStatus
from passerelles.experiences.models import BudgetLine
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.publications.models import CatalogueRecord, HarvestSource
from passerelles.publications.tests.factories import ContributorFactory, PublicationFactory, PublishedFactory
from passerelles.search_index.services.indexing import rebuild
from passerelles.territories.models import Territory
from passerelles.territories.tests.factories import TerritoryFactory
from passerelles.thesaurus.models import Concept

pytestmark = pytest.mark.django_db

API = "/api/v1"


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["instance"]
    return body


def walk(client, url):
    """Every item of a cursor-paged list, following its `next` links."""
    items, pages = [], 0
    while url:
        body = client.get(url).json()
        items += body["results"]
        url, pages = body["next"], pages + 1
    return items, pages


@pytest.fixture
def centre():
    return Centre.objects.get(slug="pb")


def test_centres_with_perimeter_and_facts(client, centre):
    CentreFact.objects.update_or_create(
        centre=centre, fact="perimeter", defaults={"verified": False, "source": "https://source.example/a\nnotes"}
    )
    listed = client.get(f"{API}/centres").json()
    assert any(item["slug"] == "pb" for item in listed)
    detail = client.get(f"{API}/centres/pb").json()
    assert detail["name"] == centre.display_name
    assert {t["kind"] for t in detail["perimeter"]} <= {"region", "departement"} and detail["perimeter"]
    fact = next(f for f in detail["facts"] if f["fact"] == "perimeter")
    assert fact == {**fact, "verified": False, "label": "périmètre", "sources": ["https://source.example/a"]}
    assert "perimeter" in detail["unverified_facts"]
    assert "internal_notes" not in detail
    problem(client.get(f"{API}/centres/inconnu"), 404)


def test_centres_covering_a_commune(client):
    covering = client.get(f"{API}/centres", {"covering": "commune:29019"}).json()
    brest = Territory.objects.get(kind="commune", code="29019")
    assert covering and {item["slug"] for item in covering} == {c.slug for c in Centre.objects.covering(brest)}
    body = problem(client.get(f"{API}/centres", {"covering": "commune:00000"}), 422)
    assert body["errors"][0]["loc"] == ["query", "covering"]


def test_territories_with_ancestors_and_filters(client):
    brest = client.get(f"{API}/territoires/commune/29019").json()
    assert brest["name"] == "Brest" and brest["parent"]["key"] == "departement:29"
    assert {"departement:29", "region:53"} <= {a["key"] for a in brest["ancestors"]}
    children, _ = walk(client, f"{API}/territoires?parent=departement:29&page_size=100")
    assert children and all(child["parent"]["code"] == "29" for child in children)
    found = client.get(f"{API}/territoires", {"q": "Brest", "kind": "commune"}).json()["results"]
    assert "commune:29019" in {t["key"] for t in found}
    problem(client.get(f"{API}/territoires/commune/00000"), 404)
    body = problem(client.get(f"{API}/territoires", {"kind": "planete"}), 422)
    assert body["errors"][0]["msg"].startswith("Valeur inconnue : choisissez 'region', 'departement'")


def test_qpv_of_a_departement(client):
    brest = Territory.objects.get(kind="commune", code="29019")
    current = TerritoryFactory(kind="qpv", code="QN02999A", name="Quartier en vigueur", valid_from=date(2024, 1, 1))
    former = TerritoryFactory(
        kind="qpv", code="QP02999B", name="Ancien quartier", valid_from=date(2015, 1, 1), valid_to=date(2023, 12, 31)
    )
    elsewhere = TerritoryFactory(kind="qpv", code="QN07599C", name="Quartier d'ailleurs", valid_from=date(2024, 1, 1))
    for qpv in (current, former):
        qpv.ancestors.add(brest, *brest.ancestors.all())
    inside, _ = walk(client, f"{API}/territoires/qpv?inside=departement:29&page_size=100")
    assert [item["key"] for item in inside] == [current.key]
    assert {"commune:29019", "departement:29", "region:53"} <= {a["key"] for a in inside[0]["ancestors"]}
    every, _ = walk(client, f"{API}/territoires/qpv?current=false&page_size=100")
    assert {current.key, former.key, elsewhere.key} <= {item["key"] for item in every}


def test_thesaurus_concepts_with_links(client):
    concept = Concept.objects.filter(broader__isnull=False).first()
    detail = client.get(f"{API}/thesaurus/{concept.notation}").json()
    assert detail["label"] == concept.pref_label
    assert {b["notation"] for b in detail["broader"]} == set(concept.broader.values_list("notation", flat=True))
    themes, _ = walk(client, f"{API}/thesaurus?scheme=themes&page_size=100")
    assert themes and {c["scheme"] for c in themes} == {"themes"}
    assert len(themes) == Concept.objects.themes().count()
    problem(client.get(f"{API}/thesaurus/inconnu"), 404)


def test_only_published_sheets_appear_without_contacts(client, centre):
    published = ExperienceSheetFactory(
        centre=centre,
        status=SheetStatus.PUBLISHED,
        contact_email="agent@ville.example",
        contact_person="Jeanne Martin",
        contact_person_consent=True,
    )
    BudgetLine.objects.create(sheet=published, funder="État", amount=1000)
    draft = ExperienceSheetFactory(centre=centre, status=SheetStatus.DRAFT)
    review = ExperienceSheetFactory(centre=centre, status=SheetStatus.SUBMITTED)
    listed, _ = walk(client, f"{API}/fiches?page_size=100")
    slugs = {item["slug"] for item in listed}
    assert published.slug in slugs and not {draft.slug, review.slug} & slugs
    detail = client.get(f"{API}/fiches/{published.slug}")
    assert detail.json()["budget_lines"] == [{"funder": "État", "amount": "1000.00"}]
    assert b"agent@ville.example" not in detail.content and b"Jeanne Martin" not in detail.content
    for hidden in (draft, review):
        problem(client.get(f"{API}/fiches/{hidden.slug}"), 404)


def test_sheets_filters_are_those_of_the_page(client, centre):
    other = CentreFactory()
    mine = ExperienceSheetFactory(centre=centre, status=SheetStatus.PUBLISHED, title="Jardins partagés")
    ExperienceSheetFactory(centre=other, status=SheetStatus.PUBLISHED, title="Jardins ouvriers")
    by_centre = client.get(f"{API}/fiches", {"centre": "pb"}).json()["results"]
    assert [item["slug"] for item in by_centre] == [mine.slug]
    by_words = client.get(f"{API}/fiches", {"q": "jardins"}).json()["results"]
    assert len(by_words) == 2
    body = problem(client.get(f"{API}/fiches", {"theme": "pas-un-theme"}), 422)
    assert body["errors"][0]["loc"] == ["query", "theme"]


def test_cursor_pages_go_forward_and_back_without_gaps(client, centre):
    sheets = [ExperienceSheetFactory(centre=centre, status=SheetStatus.PUBLISHED) for _ in range(7)]
    items, pages = walk(client, f"{API}/fiches?page_size=3")
    assert pages == 3
    assert [item["slug"] for item in items] == [sheet.slug for sheet in reversed(sheets)]
    second = client.get(client.get(f"{API}/fiches?page_size=3").json()["next"]).json()
    back = client.get(second["previous"]).json()
    assert [item["slug"] for item in back["results"]] == [item["slug"] for item in items[:3]]
    assert back["previous"] is None
    problem(client.get(f"{API}/fiches", {"cursor": "pas-un-curseur"}), 422)
    problem(client.get(f"{API}/fiches", {"page_size": 1000}), 422)


def test_publications_with_documents_only_published(client, centre):
    published = PublishedFactory(centre=centre)
    ContributorFactory(publication=published, name="Collectif Ville")
    draft = PublicationFactory(centre=centre)
    listed, _ = walk(client, f"{API}/publications?page_size=100")
    assert published.slug in {item["slug"] for item in listed}
    assert draft.slug not in {item["slug"] for item in listed}
    detail = client.get(f"{API}/publications/{published.slug}").json()
    assert detail["contributors"][0]["name"] == "Collectif Ville"
    assert detail["documents"] == []
    problem(client.get(f"{API}/publications/{draft.slug}"), 404)


def test_sessions_and_cycles_without_personal_data(client, centre):
    cycle = CycleFactory(centre=centre)
    session = SessionFactory(centre=centre, cycle=cycle, online_url="https://visio.example/secret", capacity=10)
    RegistrationFactory(session=session, email="inscrite@example.org")
    hidden = SessionFactory(centre=centre, is_published=False)
    listed, _ = walk(client, f"{API}/agenda/sessions?page_size=100")
    assert session.slug in {item["slug"] for item in listed}
    assert hidden.slug not in {item["slug"] for item in listed}
    detail = client.get(f"{API}/agenda/sessions/{session.slug}")
    assert detail.json()["seats_left"] == 9
    assert detail.json()["cycle"]["slug"] == cycle.slug
    assert b"visio.example" not in detail.content and b"inscrite@example.org" not in detail.content
    problem(client.get(f"{API}/agenda/sessions/{hidden.slug}"), 404)
    assert client.get(f"{API}/agenda/cycles/{cycle.slug}").json()["sessions"][0]["slug"] == session.slug
    by_centre = client.get(f"{API}/agenda/sessions", {"centre": "pb"}).json()["results"]
    assert [item["slug"] for item in by_centre] == [session.slug]


def test_harvested_records_leave_when_withdrawn_at_their_source(client, centre):
    source = HarvestSource.objects.create(centre=centre, base_url="https://pmb.example.org/oai")
    kept, withdrawn = (
        CatalogueRecord.objects.create(
            source=source,
            centre=centre,
            oai_identifier=f"oai:pmb:{n}",
            datestamp=timezone.now(),
            title=f"Notice {n}",
            deleted=n == 2,
            dublin_core={"title": [f"Notice {n}"], "creator": ["Collectif"], "date": ["2024"]},
        )
        for n in (1, 2)
    )
    listed, _ = walk(client, f"{API}/notices?centre=pb")
    assert [item["id"] for item in listed] == [kept.pk]
    detail = client.get(f"{API}/notices/{kept.pk}").json()
    assert detail["dublin_core"]["creator"] == ["Collectif"] and detail["dublin_core"]["subject"] == []
    problem(client.get(f"{API}/notices/{withdrawn.pk}"), 404)


def test_network_search_with_facets(client, centre):
    ExperienceSheetFactory(centre=centre, status=SheetStatus.PUBLISHED, title="Jardins partagés au pied des tours")
    ExperienceSheetFactory(centre=centre, status=SheetStatus.DRAFT, title="Jardins secrets en brouillon")
    rebuild()
    body = client.get(f"{API}/recherche", {"q": "jardins"}).json()
    assert body["total"] == 1 and "Jardins" in body["resultats"][0]["titre_html"]
    assert body["facettes"]["type"][0]["nombre"] == 1
    page = client.get("/recherche/api/", {"q": "jardins"}).json()
    assert body == page  # the same search, the same answer as the search page's JSON
    problem(client.get(f"{API}/recherche", {"page": 0}), 422)


@pytest.mark.parametrize(
    "url", ["/fiches?page_size=100", "/publications?page_size=100", "/agenda/sessions?page_size=100", "/centres"]
)
def test_a_list_costs_the_same_queries_whatever_its_length(client, centre, url):
    def queries():
        cache.clear()  # built, not served as kept
        with CaptureQueriesContext(connection) as captured:
            assert client.get(API + url).status_code == 200
        return len(captured.captured_queries)

    def add(count):
        for _ in range(count):
            sheet = ExperienceSheetFactory(centre=centre, status=SheetStatus.PUBLISHED)
            sheet.territories.add(Territory.objects.get(kind="commune", code="29019"))
            sheet.themes.add(Concept.objects.themes().first())
            publication = PublishedFactory(centre=centre)
            ContributorFactory(publication=publication)
            SessionFactory(centre=centre)

    add(2)
    few = queries()
    add(8)
    assert queries() == few
