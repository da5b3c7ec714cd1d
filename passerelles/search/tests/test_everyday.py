"""Everyday words widened to the field's words (« vieux » → « personnes âgées »): the lexicon, the
ranking, and what the page and the JSON say of it."""

import csv
from collections import Counter

import pytest
from django.conf import settings

from passerelles.search_index.services.indexing import rebuild

from ..services import everyday
from ..services.ranking import MAX_WIDENED
from ..services.vocabulary import analyze
from .test_search import find, published, titles

pytestmark = pytest.mark.django_db

# Words nearly every document of the field says: as an equivalent, they would drown the results.
BROAD = {"quartier", "quartiers", "habitants", "ville", "politique de la ville", "projet", "social", "public"}


@pytest.fixture
def lexicon(settings, tmp_path):
    path = tmp_path / "everyday-words.csv"
    rows = ["vieux,personnes âgées ; seniors", "bouffe,aide alimentaire", "boulot,emploi", "moto,rodéos urbains"]
    rows += ["flic,police", "gamin,enfants", "grand-père,personnes âgées", "fin de mois,précarité ; surendettement"]
    path.write_text("\n".join(["mot,equivalents", *rows, ""]), encoding="utf-8")
    settings.PASSERELLES = {**settings.PASSERELLES, "EVERYDAY_WORDS_FILE": path}
    everyday.lexicon.cache_clear()
    yield path
    everyday.lexicon.cache_clear()


def test_an_everyday_word_finds_the_fields_words_below_the_word_itself(lexicon):
    published("Rompre l'isolement des personnes âgées", slug="phrase")
    published("Un club informatique pour les seniors", slug="word")
    published("Les vieux du quartier racontent", slug="typed")
    published("Des personnes venues de loin, un âge d'or", slug="scattered")  # not the phrase
    published("Un jardin partagé", slug="other")
    rebuild()
    ranked = titles(find("vieux"))
    assert ranked[0] == "typed" and set(ranked[1:]) == {"phrase", "word"}
    # Every word still counts: the query's other word picks among the widened documents.
    assert titles(find("vieux isolement"))[0] == "phrase"
    assert titles(find("jardin")) == ["other"]  # a word the lexicon does not have is not widened


def test_the_page_and_the_json_say_what_was_added(client, lexicon):
    published("Une épicerie solidaire et l'aide alimentaire", slug="food")
    rebuild()
    page = client.get("/recherche/", {"q": "la bouffe"}).content.decode()
    assert "Recherche élargie aux mots du métier" in page and "« bouffe » → aide alimentaire." in page
    assert "food" in page
    data = client.get("/recherche/api/", {"q": "la bouffe"}).json()
    assert data["elargissements"] == [{"saisi": "bouffe", "ajoutes": ["aide alimentaire"]}]
    assert client.get("/api/v1/recherche", {"q": "la bouffe"}).json()["elargissements"] == data["elargissements"]
    assert "élargie" not in client.get("/recherche/", {"q": "épicerie"}).content.decode()


def test_a_query_widens_a_few_of_its_words_only(lexicon):
    """Each widened word adds phrases to match: a query of many everyday words widens the first ones."""
    published("Des gamins et des flics", slug="words")
    rebuild()
    result = find("vieux bouffe boulot moto flic gamin")
    assert [typed for typed, _ in result.widened] == ["vieux", "bouffe", "boulot", "moto"][:MAX_WIDENED]
    assert titles(result) == ["words"]  # the words typed still count


def test_an_everyday_expression_of_several_words_is_widened_whole(lexicon):
    published("Rompre l'isolement des personnes âgées", slug="elderly")
    published("Prévenir le surendettement des ménages", slug="debts")
    published("Un grand chantier, un père de famille témoigne", slug="words")
    rebuild()
    result = find("aider mon grand-père")
    assert result.widened == [("grand père", ["personnes âgées"])]
    assert titles(result) == ["words", "elderly"]  # the words typed first, then the field's words
    assert find("grand").widened == [] and find("père grand").widened == []  # its words alone, or in another order
    during = find("à la fin du mois")  # its stop words aside
    assert during.widened == [("fin du mois", ["précarité", "surendettement"])] and titles(during) == ["debts"]


def test_the_shipped_lexicon_maps_everyday_words_to_precise_ones():
    with open(settings.PASSERELLES["EVERYDAY_WORDS_FILE"], encoding="utf-8", newline="") as lines:
        rows = list(csv.DictReader(lines))
    assert len(rows) >= 250
    assert [word for word, n in Counter(row["mot"] for row in rows).items() if n > 1] == []
    for row in rows:
        assert analyze(row["mot"]), row  # not a stop word alone: a query's word or expression
        equivalents = [text.strip() for text in row["equivalents"].split(everyday.SEPARATOR)]
        assert equivalents and all(analyze(text) for text in equivalents), row
        assert not {text.lower() for text in equivalents} & BROAD, row
    # Keys the stemmer joins (« vieille », « vieillir ») share their equivalents: they must agree.
    by_stem: dict[tuple[str, ...], list[set[str]]] = {}
    for row in rows:
        equivalents = {text.strip() for text in row["equivalents"].split(everyday.SEPARATOR)}
        by_stem.setdefault(tuple(stem for _, stem in analyze(row["mot"])), []).append(equivalents)
    assert [stem for stem, sets in by_stem.items() if not set.intersection(*sets)] == []
    assert len(everyday.lexicon()) == len(by_stem)  # read as the search reads it


def test_the_fields_own_words_are_not_widened_through_a_stem_they_share():
    """Keys the stemmer would join to a word of the field's in another sense (« concert » and
    « concertation », « moisi » and « mois », « intégriste » and « intégration ») are left out."""
    for word in ["concertation", "intégration", "zones", "éducation", "éducatif", "élèves", "mois"]:
        assert everyday.equivalents(analyze(word)[0][1]) == (), word
