"""The search understands practitioners (issue 16): the field's vocabulary both ways, words never
lost to an expansion, typos, places and their homonyms, themes and territories as text."""

import re

import pytest
from django.urls import reverse

from passerelles.search_index.services.indexing import rebuild
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..services.suggesting import suggestions
from .test_search import commune, find, published, titles

pytestmark = pytest.mark.django_db


# One pair per family of schemes: the acronym, and the full form a document may use instead.
FAMILIES = [
    ("ZFU", "zone franche urbaine"),  # zoning
    ("ZUS", "zone urbaine sensible"),
    ("GPV", "grand projet de ville"),  # urban renewal
    ("PNRU", "programme national de rénovation urbaine"),
    ("CUCS", "contrat urbain de cohésion sociale"),  # contracts
    ("DSQ", "développement social des quartiers"),
    ("ASV", "atelier santé ville"),  # health
    ("CLSPD", "conseil local de sécurité et de prévention de la délinquance"),  # prevention
    ("PRE", "programme de réussite éducative"),  # education
    ("FPH", "fonds de participation des habitants"),  # participation
    ("GUSP", "gestion urbaine et sociale de proximité"),  # management of the neighbourhoods
    ("VVV", "ville vie vacances"),  # holidays
]


@pytest.mark.parametrize(("acronym", "full"), FAMILIES)
def test_acronyms_and_full_forms_find_each_other(acronym, full):
    published(f"Le bilan du {acronym} en 2019", slug="short")
    published(f"Le bilan : {full} en 2019", slug="long")
    rebuild()
    assert set(titles(find(acronym))) == {"short", "long"}
    assert set(titles(find(full))) == {"short", "long"}
    assert set(titles(find(f"bilan {acronym.lower()}"))) == {"short", "long"}  # lower case too


def test_an_expansion_adds_to_the_words_typed_never_replaces_them():
    published("Les commerces de la zone franche urbaine", slug="phrase")
    published("Une zone d'activité franche de taxes en milieu urbain", slug="words")  # the words, not the label
    published("Un café associatif en ZFU", slug="acronym")
    published("Une zone de loisirs", slug="one-word")
    rebuild()
    ranked = titles(find("zone franche urbaine"))
    assert set(ranked[:3]) == {"phrase", "words", "acronym"}
    assert ranked[3:] == ["one-word"]  # one word of the query still counts, below
    # A label is recognised only whole: two of its words are not the concept.
    assert "acronym" not in titles(find("zone urbaine"))


def test_a_label_of_stop_words_is_recognised_only_whole():
    published("Un été dans les quartiers : les QÉ de Marseille", slug="qe")
    published("Les Quartiers d'été à Lille", slug="full")
    published("Les quartiers nord de la ville", slug="plain")
    rebuild()
    assert set(titles(find("quartiers d'été"))) >= {"qe", "full"}
    assert titles(find("quartiers")) and "qe" in titles(find("quartiers"))  # its own word, not the label
    published("Bilan des QÉ", slug="qe-only")
    rebuild()
    assert "qe-only" not in titles(find("quartiers"))
    assert {"qe-only", "qe", "full"} <= set(titles(find("QÉ")))  # the short form, in capitals


def test_an_adjective_alone_does_not_pull_in_a_concept():
    published("La scolarité des enfants du quartier", slug="schooling")  # another label of education
    published("Un projet éducatif de territoire", slug="adjective")
    rebuild()
    assert titles(find("éducatif")) == ["adjective"]


def test_a_two_letter_synonym_is_expanded_alone_or_in_capitals_only():
    published("Signature du contrat de ville de Brest", slug="contract")
    published("Atelier : rédiger un cv et une lettre de motivation", slug="resume")
    rebuild()
    assert "contract" not in titles(find("rédiger un cv"))
    assert "contract" in titles(find("CV"))
    assert "contract" in titles(find("cv"))  # the form alone


def test_synonyms_do_not_collide_through_stems():
    published("Une résidence d'artistes", slug="residence")
    published("La parole des habitants", slug="habitants")
    rebuild()
    assert titles(find("habitant")) == ["habitants"]


def test_pres_is_a_stop_word_not_the_acronym_pre():
    published("Le PRE accompagne les enfants", slug="pre")
    published("Un médecin de garde pour la ville", slug="doctor")
    rebuild()
    assert titles(find("un médecin près d'ici")) == ["doctor"]
    assert titles(find("PRE")) == ["pre"]


def test_a_plural_word_is_not_la_reunion():
    published("Animer des réunions publiques", slug="meetings")
    published("Le port de Saint-Pierre", slug="reunion", territories=[commune("97416")])
    rebuild()
    assert titles(find("réunions publiques")) == ["meetings"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mediatoin sociale", "médiation"),  # a swap, with another word that matches
        ("mediatoin", "médiation"),  # alone
        ("renovaton urbaine", "rénovation"),  # a letter missing, accents missing
    ],
)
def test_a_typo_is_matched_and_said_with_its_accents(client, query, expected):
    published("Médiation sociale et rénovation du quartier", slug="target")
    published("Un jardin partagé", slug="other")
    rebuild()
    result = find(query)
    assert titles(result)[0] == "target"
    assert [corrected for _, corrected in result.corrections] == [expected]
    page = client.get(reverse("search:results"), {"q": query}).content.decode()
    assert f"« <strong>{expected}</strong> »" in page
    as_typed = re.search(r'href="([^"]*tel_quel=1[^"]*)"', page).group(1).replace("&amp;", "&")
    typed = client.get(as_typed).content.decode()
    assert 'data-testid="corrections"' not in typed and f'value="{query}"' in typed


def test_a_typo_is_never_corrected_when_the_word_exists():
    published("Les médiateurs du quartier", slug="mediators")
    published("La médiation", slug="mediation")
    rebuild()
    assert find("médiateurs").corrections == []


def test_did_you_mean_keeps_the_accents_of_the_indexed_word():
    published("Éducation populaire au pied des immeubles", slug="education")
    rebuild()
    result = find("educatoin", tel_quel="1")
    assert result.total == 0
    assert result.suggestion == "éducation"


def test_autocomplete_tolerates_a_typo():
    published("Jardins partagés en quartier prioritaire", slug="gardens")
    rebuild()
    assert "Jardins partagés en quartier prioritaire" in [item["label"] for item in suggestions("jradins")]


@pytest.fixture
def homonyms():
    published("Médiation à Saint-Denis", slug="sd-93", territories=[commune("93066")])
    published("Médiation à Saint-Denis", slug="sd-974", territories=[commune("97411")])
    published("Médiation à Saint-Denis", slug="sd-11", territories=[commune("11339")])
    rebuild()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("médiation Saint-Denis 93", "sd-93"),
        ("médiation Saint-Denis Seine-Saint-Denis", "sd-93"),
        ("médiation Saint-Denis Île-de-France", "sd-93"),
        ("médiation Saint-Denis 974", "sd-974"),
        ("médiation Saint-Denis Réunion", "sd-974"),
        ("médiation Saint Denis (La Réunion)", "sd-974"),
        ("médiation Saint-Denis Aude", "sd-11"),
    ],
)
def test_other_words_choose_between_homonyms(homonyms, query, expected):
    assert titles(find(query))[0] == expected


def test_without_a_hint_the_most_populous_homonym_first_the_others_offered(client, homonyms):
    populous = Territory.objects.filter(kind="commune", name="Saint-Denis").order_by("-population").first()
    result = find("médiation Saint-Denis")
    assert result.hits[0].url.rstrip("/").endswith({"93066": "sd-93", "97411": "sd-974"}[populous.code])
    offered = {place.key for place in result.homonyms}
    assert f"commune:{populous.code}" not in offered and {"commune:11339"} <= offered
    page = client.get(reverse("search:results"), {"q": "médiation Saint-Denis"}).content.decode()
    assert "Saint-Denis (11)" in page and "territoire=commune%3A11339" in page


def test_theme_labels_and_territory_names_are_searchable_text():
    published("Un travail de rue", slug="toulouse", themes=["tranquillite-publique"], territories=[commune("31555")])
    published("Un autre travail de rue", slug="brest", territories=[commune("29019")])
    rebuild()
    assert titles(find("tranquillité publique")) == ["toulouse"]
    assert titles(find("travail de rue Toulouse"))[0] == "toulouse"
    assert titles(find("Haute-Garonne"))[0] == "toulouse"
    assert titles(find("travail Occitanie"))[0] == "toulouse"
    assert titles(find("Finistère")) == ["brest"]


def test_content_filed_under_the_concept_named_is_found():
    sheet = published("Des entreprises installées au pied des tours", slug="filed")
    sheet.schemes.set(Concept.objects.filter(notation="zfu"))
    published("Des entreprises du centre-ville", slug="other")
    rebuild()
    assert titles(find("ZFU")) == ["filed"]
    assert titles(find("zone franche urbaine entreprises"))[0] == "filed"


def test_the_json_says_what_was_corrected_and_the_homonyms(client, homonyms):
    api = client.get(reverse("search:api"), {"q": "médaition Saint-Denis"}).json()
    assert api["corrections"] == [{"saisi": "médaition", "cherche": "médiation"}]
    assert {"libelle": "Saint-Denis (11)", "territoire": "commune:11339"} in api["homonymes"]


def test_a_thesaurus_change_reaches_the_documents_after_its_commit(django_capture_on_commit_callbacks):
    published("Des jardins familiaux au pied des tours", slug="gardens")
    rebuild()
    assert "gardens" not in titles(find("ZFU"))
    concept = Concept.objects.get(notation="zfu")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        concept.alt_labels += "\njardins familiaux"  # (an odd synonym, for the test)
        concept.save()
        concept.save()
    assert len(callbacks) == 1  # one rebuild, however many saves
    assert "gardens" in titles(find("ZFU"))


def test_a_query_of_many_unknown_words_corrects_a_few_only():
    published("Médiation, rénovation, éducation, habitation et animation", slug="many")
    rebuild()
    result = find("mediatoin renovatoin educatoin habitatoin animatoin")
    assert len(result.corrections) == 3 and titles(result) == ["many"]


def test_a_corrected_word_completes_a_label_or_a_place_name():
    published("Les commerces de la zone franche urbaine", slug="phrase")
    published("Un café associatif en ZFU", slug="acronym")  # the label's acronym only
    published("Le marché du centre-ville", slug="tied", territories=[commune("93066")])
    published("Denis, médiateur de nuit", slug="name")
    rebuild()
    result = find("zone frnache urbaine")
    assert {"phrase", "acronym"} <= set(titles(result))
    assert result.corrections == [("frnache", "franche")]
    result = find("Saint-Deins 93")
    assert titles(result)[0] == "tied"  # Saint-Denis (93), the place the corrected name completes
    assert result.corrections == [("Deins", "denis")]


def test_a_corrected_word_brings_its_family_as_if_typed_right():
    published("Un chantier d'insertion", slug="noun")
    published("Insérer les jeunes par le sport", slug="verb")
    rebuild()
    assert set(titles(find("insretion"))) == {"noun", "verb"}


def test_a_word_finds_the_nouns_in_age_of_its_family():
    """« -age » nouns are stemmed apart from their verb and agent; « habitat » stays apart from
    « habitants » (no « -at »)."""
    published("Repérer les décrocheurs du collège", slug="agent")
    published("Le décrochage scolaire au lycée", slug="noun")
    published("Élèves décrochés : que faire ?", slug="verb")
    published("Habitat indigne et marchands de sommeil", slug="habitat")
    published("Les habitants de la cité", slug="inhabitants")
    rebuild()
    for typed in ("décrocheurs", "décrochage", "décrocher"):
        assert set(titles(find(typed))) == {"agent", "noun", "verb"}, typed
    assert set(titles(find("habitat"))) == {"habitat"}


def test_a_plural_the_stemmer_keeps_apart_finds_its_singular():
    published("L'emploi des jeunes", slug="singular")
    published("Les emplois francs", slug="plural")  # Snowball: « emplois », « emploi »
    rebuild()
    assert set(titles(find("emplois"))) == {"singular", "plural"}
    assert set(titles(find("emploi"))) == {"singular", "plural"}


def test_a_word_in_the_title_outranks_the_same_word_in_both_summary_and_body():
    """Each field of a document is not another match: its best counts, the others in part."""
    published(
        "Mobilité solidaire à Lorient",
        summary="Dans le quartier, une navette.",
        slug="spread",
        actions="Le quartier est relié.",
    )
    published("Une fête de quartier à Lorient", summary="Repas et concerts entre voisins.", slug="title")
    published("Un jardin partagé", slug="other")
    rebuild()
    assert titles(find("quartier")) == ["title", "spread"]


def test_a_word_most_documents_have_is_not_required_beside_rarer_ones():
    """« quartier » is everywhere: a document saying the rare words well is not put below one that
    merely has every word; the common word still counts in the score."""
    for number in range(12):
        published(f"Un projet de voisinage n° {number}", summary="Une action de quartier.", slug=f"common-{number}")
    published("Jardins partagés et compost", summary="Des jardins partagés au pied des immeubles.", slug="rare")
    published("Réunion publique", summary="Dans le quartier, on a parlé de jardins et de compost.", slug="every")
    rebuild()
    assert titles(find("jardins compost quartier"))[:2] == ["rare", "every"]
    # Common words alone are all still required of the first results.
    ranked = titles(find("quartier voisinage"))
    assert set(ranked[:12]) == {f"common-{number}" for number in range(12)} and ranked[12:] == ["every"]
