import pytest
from django.db.models import Count

from ..enums import Kind, Zone
from ..models import GeographyRelease, PostalCode, Territory
from ..services.geography import load_geography, read_metadata
from ..text import fold

pytestmark = pytest.mark.django_db
MAINLAND_AND_DROM = [Zone.METRO, Zone.DROM]


def test_counts_match_the_shipped_cog_year():
    assert read_metadata()["cog_year"] == 2026
    assert GeographyRelease.objects.get().cog_year == 2026
    territories = Territory.objects.filter(zone__in=MAINLAND_AND_DROM)
    assert territories.filter(kind=Kind.REGION).count() == 18
    assert territories.filter(kind=Kind.DEPARTEMENT).count() == 101
    assert territories.filter(kind=Kind.COMMUNE).count() == 34_875
    assert Territory.objects.filter(kind=Kind.EPCI).count() == 1_255


def test_overseas_collectivities_are_kept_apart_by_their_zone():
    com = Territory.objects.filter(zone=Zone.COM)
    assert com.filter(kind=Kind.COMMUNE).count() == 94
    assert set(com.filter(kind=Kind.REGION).values_list("code", flat=True)) >= {"975", "977", "978", "987", "988"}
    assert not Territory.objects.filter(kind=Kind.REGION, zone=Zone.COM, code__in=["01", "04", "06"]).exists()


def test_an_epci_lists_its_member_communes():
    brest_metropole = Territory.objects.get(kind=Kind.EPCI, code="242900314")
    communes = Territory.objects.inside(brest_metropole).filter(kind=Kind.COMMUNE)
    assert communes.count() == 8
    assert communes.filter(name="Brest").exists()


def test_a_commune_knows_its_ancestors():
    brest = Territory.objects.get(kind=Kind.COMMUNE, code="29019")
    assert brest.parent.code == "29"
    assert {(t.kind, t.code) for t in brest.ancestors.all()} == {
        (Kind.DEPARTEMENT, "29"),
        (Kind.REGION, "53"),
        (Kind.EPCI, "242900314"),
    }
    arrondissement = Territory.objects.get(kind=Kind.ARRONDISSEMENT, code="13201")
    assert set(arrondissement.ancestors.values_list("code", flat=True)) >= {"13055", "13", "93"}


def test_everything_in_a_region_is_one_query(django_assert_num_queries):
    bretagne = Territory.objects.get(kind=Kind.REGION, code="53")
    with django_assert_num_queries(1):
        count = Territory.objects.inside(bretagne).filter(kind=Kind.COMMUNE).count()
    expected = Territory.objects.filter(kind=Kind.COMMUNE, parent__parent=bretagne).count()
    assert count == expected > 1000


def test_reloading_changes_nothing_and_duplicates_nothing():
    Link = Territory.ancestors.through
    before = (Territory.objects.count(), Link.objects.count(), PostalCode.objects.count())
    report = load_geography()
    assert report.counts[Kind.COMMUNE] == 34_969
    assert (Territory.objects.count(), Link.objects.count(), PostalCode.objects.count()) == before
    assert not Link.objects.values("from_territory", "to_territory").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_reloading_repairs_a_changed_name_and_a_lost_link():
    brest = Territory.objects.get(kind=Kind.COMMUNE, code="29019")
    Territory.objects.filter(pk=brest.pk).update(name="Brest modifiée", search_name="brest modifiee")
    brest.ancestors.remove(Territory.objects.get(kind=Kind.REGION, code="53"))
    load_geography()
    brest.refresh_from_db()
    assert brest.name == "Brest" and brest.search_name == "brest"
    assert brest.ancestors.filter(kind=Kind.REGION, code="53").exists()


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("saint etienne", "Saint-Étienne (42)"),
        ("SAINT-ÉTIENNE", "Saint-Étienne (42)"),
        ("st etienne", "Saint-Étienne (42)"),
        ("29200", "Brest (29)"),
        ("29019", "Brest (29)"),
        ("brest", "Brest (29)"),
        ("etienne", "Saint-Étienne (42)"),
    ],
)
def test_commune_search(query, expected_first):
    results = Territory.objects.search(query)
    assert results and results[0].label == expected_first


def test_search_ranks_by_population_and_tells_homonyms_apart():
    labels = [t.label for t in Territory.objects.search("saint denis")]
    assert labels[:2] == ["Saint-Denis (974)", "Saint-Denis (93)"]
    populations = [t.population for t in Territory.objects.search("saint")]
    assert populations == sorted(populations, reverse=True)


def test_search_of_nothing_finds_nothing():
    assert Territory.objects.search("") == []
    assert Territory.objects.search("zzzzqqq") == []
    assert Territory.objects.search("!!!") == []


def test_fold():
    assert fold("Saint-Étienne") == "saint etienne"
    assert fold("L'Haÿ-les-Roses") == "l hay les roses"
    assert fold("Œuilly") == "oeuilly"
    assert fold("Villeneuve-d’Ascq") == fold("Villeneuve-d'Ascq") == fold("villeneuve d ascq")
    assert fold("Saint‐Denis") == fold("Saint_Denis") == fold("Saint%Denis") == "saint denis"
    assert fold("%") == fold("_") == fold("%_%") == ""


@pytest.mark.parametrize("query", ["Villeneuve-d’Ascq", "villeneuve d’a", "Villeneuve-d‘Ascq", "Villeneuve-dʼAscq"])
def test_autocomplete_accepts_typographic_apostrophes(client, query):
    results = client.get("/territoires/autocompletion/", {"q": query}).json()["results"]
    assert results[0]["label"] == "Villeneuve-d'Ascq (59)"


@pytest.mark.parametrize("query", ["%", "_", "%%", "__", "_%_", "%a%", "B_est"])
def test_autocomplete_wildcards_match_nothing_of_their_own(client, query):
    """On a database, « % » and « _ » would match anything: here they are separators, not wildcards."""
    results = client.get("/territoires/autocompletion/", {"q": query}).json()["results"]
    folded = fold(query)
    assert all(fold(r["name"]).startswith(folded) or f" {folded}" in fold(r["name"]) for r in results)
    if not folded:
        assert results == []


def test_autocomplete_ignores_stray_wildcards_around_a_name(client):
    for query in ["Brest%", "%Brest", "_Brest_"]:
        assert client.get("/territoires/autocompletion/", {"q": query}).json()["results"][0]["code"] == "29019"


def test_autocomplete_endpoint(client):
    response = client.get("/territoires/autocompletion/", {"q": "saint etienne"})
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first == {
        "code": "42218",
        "name": "Saint-Étienne",
        "label": "Saint-Étienne (42)",
        "departement": "42",
        "population": first["population"],
    }
    assert client.get("/territoires/autocompletion/", {"q": ""}).json()["results"] == []


def test_territories_are_read_only_in_the_admin(admin_client):
    brest = Territory.objects.get(kind=Kind.COMMUNE, code="29019")
    assert admin_client.get(f"/admin/territories/territory/{brest.pk}/change/").status_code == 200
    response = admin_client.post(f"/admin/territories/territory/{brest.pk}/change/", {"name": "Autre"})
    assert response.status_code == 403
    brest.refresh_from_db()
    assert brest.name == "Brest"
    assert admin_client.get("/admin/territories/territory/add/").status_code == 403
