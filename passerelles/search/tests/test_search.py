"""The network search: French analysis, thesaurus, territories, facets, ranking, no leaks."""

from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.urls import reverse

from passerelles.centres.tests.factories import CentreFactory
from passerelles.experiences.enums import Status
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.search_index.services.indexing import rebuild
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..services.querying import search
from ..services.request import SearchRequest
from ..services.suggesting import suggestions

pytestmark = pytest.mark.django_db


def commune(code):
    return Territory.objects.get(kind="commune", code=code)


def published(title, summary="Une expérience locale.", day=date(2025, 3, 1), **fields):
    themes = fields.pop("themes", [])
    sheet = ExperienceSheetFactory(
        title=title,
        summary=summary,
        status=Status.PUBLISHED,
        published_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        **fields,
    )
    if themes:
        sheet.themes.set(Concept.objects.filter(notation__in=themes))
    return sheet


def find(q="", **filters):
    data = QueryDict(mutable=True)
    if q:
        data["q"] = q
    for name, values in filters.items():
        data.setlist(name, values if isinstance(values, list) else [values])
    return search(SearchRequest.from_query_dict(data))


def titles(result):
    return [hit.url.rstrip("/").rsplit("/", 1)[1] for hit in result.hits if hit.type == "experience"]


@pytest.fixture
def french_corpus():
    sheets = {
        "education": published("Éducation populaire au pied des immeubles", slug="education"),
        "insertion": published("Chantier d'insertion des jeunes", slug="insertion"),
        "quartier": published("Fête de quartier à Lorient", slug="quartier"),
        "pre-long": published("Un programme de réussite éducative en milieu rural", slug="pre-long"),
        "pre-short": published("Le PRE de Quimper", slug="pre-short"),
        "asv-long": published("Un atelier santé ville pour les aînés", slug="asv-long"),
        "asv-short": published("L'ASV de Lorient", slug="asv-short"),
        "qpv-long": published("Jardins partagés en quartier prioritaire", slug="qpv-long"),
        "qpv-short": published("Jardins partagés dans un QPV", slug="qpv-short"),
    }
    rebuild()
    return sheets


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("education", "education"),  # accents folded
        ("EDUCATION POPULAIRE", "education"),  # case folded
        ("l'insertion", "insertion"),  # elision
        ("L’insertion", "insertion"),  # elision, typographic apostrophe
        ("quartiers", "quartier"),  # plural
        ("éducatif", "education"),  # stem: éducatif and éducation join
    ],
)
def test_french_analysis(french_corpus, query, expected):
    assert expected in titles(find(query))


def test_stop_words_are_ignored(french_corpus):
    assert titles(find("la fête du quartier")) == titles(find("fête quartier"))
    assert titles(find("fête quartier"))[0] == "quartier"


@pytest.mark.parametrize(
    ("query", "long_form", "short_form"),
    [
        ("PRE", "pre-long", "pre-short"),
        ("programme de réussite éducative", "pre-long", "pre-short"),
        ("ASV", "asv-long", "asv-short"),
        ("atelier santé ville", "asv-long", "asv-short"),
        ("QPV", "qpv-long", "qpv-short"),
        ("quartier prioritaire", "qpv-long", "qpv-short"),
    ],
)
def test_thesaurus_acronyms_expand_both_ways(french_corpus, query, long_form, short_form):
    found = titles(find(query))
    assert long_form in found
    assert short_form in found


def test_ranking_title_then_summary_then_body():
    published("Une action de médiation", slug="in-title", day=date(2020, 1, 1))
    published("Une action", summary="Une médiation de nuit.", slug="in-summary", day=date(2026, 1, 1))
    published("Une action", actions="Des médiateurs et de la médiation.", slug="in-body", day=date(2026, 6, 1))
    rebuild()
    assert titles(find("médiation")) == ["in-title", "in-summary", "in-body"]


def test_all_words_before_some_and_recency_breaks_ties():
    published("Jardins partagés", slug="some-old", day=date(2019, 1, 1))
    published("Jardins solidaires et partagés", summary="Jardins, jardins, jardins.", slug="some")
    published("Jardins solidaires en pied d'immeuble", slug="all-old", day=date(2018, 5, 1))
    published("Jardins solidaires en pied d'immeuble", slug="all-new", day=date(2024, 5, 1))
    rebuild()
    found = titles(find("jardins solidaires immeuble"))
    assert found[:2] == ["all-new", "all-old"]  # every word, then equal scores: most recent first
    assert set(found[2:]) == {"some", "some-old"}


def test_region_filter_finds_a_sheet_tied_only_to_a_commune():
    published("Médiation sociale à Brest", slug="brest", territories=[commune("29019")])
    published("Médiation sociale à Lille", slug="lille", territories=[commune("59350")])
    rebuild()
    assert titles(find("médiation", region="53")) == ["brest"]
    assert titles(find("médiation", territoire="region:53")) == ["brest"]
    assert titles(find("médiation", territoire="Finistère")) == ["brest"]
    assert titles(find("médiation", departement="59")) == ["lille"]
    assert titles(find(territoire="region:11")) == []


def test_a_commune_named_in_the_query_boosts_what_is_tied_to_it():
    published(
        "Médiation sociale en centre-ville", slug="elsewhere", territories=[commune("59350")], day=date(2026, 1, 1)
    )
    published("Médiation sociale de nuit", slug="brest", territories=[commune("29019")], day=date(2020, 1, 1))
    rebuild()
    assert titles(find("médiation Brest"))[0] == "brest"


def test_facet_counts_equal_the_results_they_lead_to():
    for number, (code, themes) in enumerate(
        [("29019", ["education"]), ("29019", ["sante"]), ("59350", ["education", "sante"]), ("35238", [])]
    ):
        published(f"Médiation numéro {number}", slug=f"facet-{number}", territories=[commune(code)], themes=themes)
    rebuild()
    for query in ("", "médiation"):
        base = find(query)
        for field_name, buckets in base.facets.items():
            parameter = {"scheme": "dispositif", "year": "annee"}.get(field_name, field_name)
            for value, count in buckets:
                assert find(query, **{parameter: value}).total == count, (field_name, value)
        narrowed = find(query, theme="education")
        for value, count in narrowed.facets["region"]:
            assert find(query, theme="education", region=value).total == count


def test_drafts_never_leak():
    other = CentreFactory()
    ExperienceSheetFactory(title="Zorglub en brouillon", summary="zorglub secret", centre=other, slug="draft")
    ExperienceSheetFactory(title="Zorglub soumise", summary="zorglub", centre=other, status=Status.SUBMITTED)
    published("Action publique", slug="public", summary="Une action.")
    rebuild()
    assert find("zorglub").total == 0
    assert dict(find().facets["centre"])[other.slug] == 1  # the centre itself, none of its drafts
    assert not [s for s in suggestions("zorglu") if s["kind"] == "Titre"]
    everything = find()
    assert "zorglub" not in " ".join(hit.extract_html + hit.title_html for hit in everything.hits).lower()
    assert "draft" not in titles(everything)


def test_did_you_mean_for_a_misspelling_with_no_result(french_corpus):
    result = find("jardns")
    assert result.total > 0 and result.corrections == [("jardns", "jardins")]  # matched approximately
    result = find("jardns", tel_quel="1")  # the query as typed: nothing, and a suggestion
    assert result.total == 0
    assert result.suggestion == "jardins"


def test_autocomplete_offers_titles_thesaurus_labels_and_communes(french_corpus):
    kinds = {(s["kind"], s["label"]) for s in suggestions("jardin")}
    assert ("Titre", "Jardins partagés en quartier prioritaire") in kinds
    labels = [s["label"] for s in suggestions("atelier s")]
    assert any("Atelier santé ville" in label for label in labels)
    assert ("Commune", "Lorient (56)") in {(s["kind"], s["label"]) for s in suggestions("Lorien")}


def test_page_json_and_bad_input(client, french_corpus):
    page = client.get(reverse("search:results"), {"q": "jardins", "region": "53"})
    assert page.status_code == 200
    api = client.get(reverse("search:api"), {"q": "jardins"}).json()
    assert api["total"] == find("jardins").total
    assert [r["url"].split("/")[-2] for r in api["resultats"]] == titles(find("jardins"))
    assert {"type", "centre", "region"} <= set(api["facettes"])
    bad = client.get(reverse("search:results"), {"q": "x" * 500, "page": "abc", "territoire": "Nulle-Part-Sur-Mer"})
    text = bad.content.decode()
    assert bad.status_code == 200
    assert "limitée à 200 caractères" in text
    assert "numéro de page n&#x27;est pas valable" in text or "numéro de page n'est pas valable" in text
    assert "Aucun territoire ne correspond" in text
    assert client.get(reverse("search:suggestions"), {"q": "jard"}).json()["results"]


def test_results_page_keeps_state_in_the_url(client, french_corpus):
    response = client.get(reverse("search:results"), {"q": "jardins", "type": "experience"})
    html = response.content.decode()
    assert "q=jardins" in html and "type=experience" in html  # facet and page links keep the query
    assert "<mark>" in html


def test_rebuild_command_shows_progress_and_counts(capsys):
    published("Une fiche", slug="one")
    call_command("rebuild_search_index")
    captured = capsys.readouterr()
    assert "Index de recherche reconstruit" in captured.out
    assert "doc" in captured.err  # the progress bar
    assert find("fiche").total == 1
