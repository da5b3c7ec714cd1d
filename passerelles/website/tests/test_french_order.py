"""Lists of labels in French alphabetical order (core.collation), whatever the database's own order:
« Éducation » between « Économie » and « Emploi » in the search facets, the filter selects, the
thesaurus and the directory."""

import re

import pytest

from passerelles.centres.tests.factories import CentreFactory
from passerelles.experiences.enums import Status
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.search_index.services.indexing import rebuild
from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept

pytestmark = pytest.mark.django_db

EXPECTED = ["Économie", "Éducation", "Emploi"]


@pytest.fixture
def themes():
    """Three themes, created in the order the database would list them (binary: E < É)."""
    return {
        label: Concept.objects.create(
            uri=f"https://test.passerelles.example/concept/{notation}",
            scheme=Scheme.THEMES,
            notation=notation,
            pref_label=label,
        )
        for label, notation in (
            ("Emploi", "ordre-emploi"),
            ("Économie", "ordre-economie"),
            ("Éducation", "ordre-education"),
        )
    }


def in_page_order(html, labels):
    """The labels in the order they first appear in `html` (each must appear)."""
    positions = {label: html.index(label) for label in labels}
    return sorted(labels, key=positions.get)


def options(html, name):
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))]


def test_search_facets_list_labels_in_french_order(client, themes):
    # Different counts: the most frequent values are those shown, listed alphabetically all the same.
    for label, n in (("Emploi", 3), ("Économie", 1), ("Éducation", 2)):
        for _ in range(n):
            sheet = ExperienceSheetFactory(status=Status.PUBLISHED)
            sheet.themes.set([themes[label]])
    rebuild()

    facets = client.get("/recherche/api/").json()["facettes"]
    assert [item["libelle"] for item in facets["theme"]] == EXPECTED

    html = client.get("/recherche/").content.decode()
    facet = re.search(r'data-facet="theme".*?</fieldset>', html, re.S)
    assert facet
    assert re.findall(r"search-facet__link[^>]*>([^<(]*) \(\d+\)", facet.group(0)) == EXPECTED


def test_filter_selects_list_labels_in_french_order(client, themes):
    for label in ("Emploi", "Éducation", "Économie"):
        ExperienceSheetFactory(status=Status.PUBLISHED, centre=CentreFactory(name=f"{label} Ville", short_name=""))

    html = client.get("/experiences/").content.decode()
    assert [label for label in options(html, "theme") if label in EXPECTED] == EXPECTED
    assert [label for label in options(html, "centre") if label.endswith(" Ville")] == [f"{e} Ville" for e in EXPECTED]

    regions = options(client.get("/centres/").content.decode(), "region")
    assert regions.index("Hauts-de-France") + 1 == regions.index("Île-de-France") == regions.index("La Réunion") - 1

    agenda = options(client.get("/agenda/").content.decode(), "theme")
    assert [label for label in agenda if label in EXPECTED] == EXPECTED


def test_thesaurus_page_lists_labels_in_french_order(client, themes):
    html = client.get("/thesaurus/").content.decode()
    assert in_page_order(html, [f">{label}</a>" for label in EXPECTED[::-1]]) == [f">{label}</a>" for label in EXPECTED]


def test_directory_lists_centres_in_french_order(client):
    for name in ("Emploi et quartiers", "Écoute des quartiers", "Éducation et quartiers"):
        CentreFactory(name=name, short_name="")
    html = client.get("/centres/").content.decode()
    names = ["Écoute des quartiers", "Éducation et quartiers", "Emploi et quartiers"]
    assert in_page_order(html, names[::-1]) == names


def test_a_sheet_lists_its_themes_in_french_order(client, themes):
    sheet = ExperienceSheetFactory(status=Status.PUBLISHED)
    sheet.themes.set(themes.values())
    html = client.get(sheet.get_absolute_url()).content.decode()
    assert "<dt>Thèmes</dt><dd>Économie, Éducation, Emploi</dd>" in html
