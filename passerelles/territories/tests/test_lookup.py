"""What people type to find their commune, resolved on the shipped geography."""

import pytest

from passerelles.territories.enums import Kind
from passerelles.territories.services.lookup import resolve_commune, suggest
from passerelles.territories.urban_policy import outside_urban_policy

pytestmark = pytest.mark.django_db


def found(query):
    commune = resolve_commune(query).commune
    return commune and commune.code


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Saint-Denis 93", "93066"),
        ("Saint Denis 974", "97411"),
        ("St-Denis (Réunion)", "97411"),
        ("St Denis (La Réunion)", "97411"),
        ("saint denis la réunion", "97411"),
        ("Saint-Denis de la Réunion", "97411"),
        ("ST-DENIS (SEINE-SAINT-DENIS)", "93066"),
        ("Saint-Denis (93200)", "93066"),
        ("Ste-Marie 974", "97418"),
        ("Sainte Marie (Martinique)", "97228"),
        ("L’Haÿ-les-Roses", "94038"),
        ("l'hay les roses", "94038"),
        ("Villeneuve-d’Ascq", "59009"),
        ("villeneuve d ascq", "59009"),
        ("VILLENEUVE D'ASCQ", "59009"),
        ("Marcq-en-Barœul", "59378"),
        ("marcq en baroeul", "59378"),
        ("Villeneuve-sur-Lot", "47323"),  # « Lot » is a département, but the whole name is a commune
        ("Ajaccio 2A", "2A004"),
    ],
)
def test_a_name_with_its_place_finds_the_commune(query, code):
    assert found(query) == code


def test_a_name_alone_shared_by_several_communes_lists_them():
    resolution = resolve_commune("St Denis")
    assert resolution.commune is None
    assert {"93066", "97411"} <= {t.code for t in resolution.candidates}


@pytest.mark.parametrize(
    ("query", "code", "city"),
    [
        ("Paris 13e Arrondissement", "75113", "75056"),
        ("paris 13", "75113", "75056"),
        ("Marseille 3e", "13203", "13055"),
        ("marseille 1er arrondissement", "13201", "13055"),
        ("Lyon 3ème", "69383", "69123"),
        ("75013", "75113", "75056"),
    ],
)
def test_an_arrondissement_leads_to_its_city(query, code, city):
    resolution = resolve_commune(query)
    assert resolution.commune.kind == Kind.ARRONDISSEMENT and resolution.commune.code == code
    assert resolution.city.code == city


def test_arrondissements_are_suggested_once_more_than_the_city_is_typed():
    for typed in ("Marseille", "Mar"):
        suggested = suggest(typed)
        assert suggested[0].code == "13055"
        assert not [t for t in suggested if t.kind == Kind.ARRONDISSEMENT]
    paris_1 = {t.name for t in suggest("Paris 1")}
    assert "Paris 1er Arrondissement" in paris_1
    assert {t.code for t in suggest("Paris 15")} == {"75115"}


def test_a_postcode_shared_by_several_communes_says_so():
    resolution = resolve_commune("01000")
    assert resolution.commune is None and resolution.shared_postcode
    assert {t.code for t in resolution.candidates} == {"01053", "01344"}
    single = resolve_commune("93200")
    assert single.commune.code == "93066" and not single.shared_postcode


def test_a_code_both_postcode_and_insee_code_says_which_is_which():
    resolution = resolve_commune("13003")  # Marseille 3e's postcode, Alleins' INSEE code
    assert resolution.shared_postcode
    assert resolution.by_insee_code.name == "Alleins"
    assert found("29019") == "29019" and resolve_commune("29019").postcode == ""


@pytest.mark.parametrize(
    ("query", "code", "outside"),
    [
        ("Nouvelle-Calédonie", "988", True),
        ("nouvelle caledonie", "988", True),
        ("Saint-Pierre-et-Miquelon", "975", True),
        ("Wallis-et-Futuna", "986", True),
        ("Polynésie française", "987", False),
        ("Mayotte", "976", False),
        ("La Réunion", "974", False),
        ("Seine-Saint-Denis", "93", False),
    ],
)
def test_a_departement_or_a_collectivity_typed_by_name(query, code, outside):
    area = resolve_commune(query).area
    assert area.kind == Kind.DEPARTEMENT and area.code == code
    assert outside_urban_policy(area) is outside


def test_an_island_that_is_also_a_commune_offers_both():
    resolution = resolve_commune("La Réunion")  # and La Réunion, a commune of Lot-et-Garonne
    assert resolution.commune is None
    assert [t.code for t in resolution.candidates] == ["47222"]
    assert resolution.area.code == "974"
    assert resolve_commune("Paris").commune.code == "75056" and resolve_commune("Paris").area is None


def test_urban_policy_reaches_saint_martin_and_french_polynesia_not_the_other_collectivities():
    assert outside_urban_policy(resolve_commune("Nouméa").commune)
    assert outside_urban_policy(resolve_commune("Saint-Barthélemy (977)").commune)
    assert not outside_urban_policy(resolve_commune("Saint-Martin 978").commune)
    assert not outside_urban_policy(resolve_commune("Papeete").commune)
    assert not outside_urban_policy(resolve_commune("Brest").commune)


@pytest.mark.parametrize("query", ["", "   ", "%", "'; DROP TABLE territories_territory; --", "x" * 500, "Zzyzx"])
def test_bad_input_finds_nothing_and_breaks_nothing(query):
    resolution = resolve_commune(query)
    assert resolution.commune is None and resolution.area is None
    assert suggest(query) == [] or query == "x" * 500


def test_the_autocomplete_understands_places_and_arrondissements(client):
    def results(query):
        return client.get("/territoires/autocompletion/", {"q": query}).json()["results"]

    assert [r["code"] for r in results("St-Denis (Réunion)")] == ["97411"]
    assert [r["label"] for r in results("Saint-Denis 93")] == ["Saint-Denis (93)"]
    thirteenth = results("Paris 13e")
    assert thirteenth == [
        {
            "code": "75113",
            "name": "Paris 13e Arrondissement",
            "label": "Paris 13e Arrondissement",
            "departement": "",
            "population": thirteenth[0]["population"],
            "kind": "arrondissement de Paris",
        }
    ]
    assert client.get("/territoires/autocompletion/", {"q": "x" * 500}).status_code == 200
