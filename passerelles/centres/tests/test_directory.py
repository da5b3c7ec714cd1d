import re

import pytest
from django.db import transaction

from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory

from ..enums import Fact, Status
from ..models import Centre
from ..services.coverage import national_coverage

pytestmark = pytest.mark.django_db
LOOKUP = "/centres/quel-centre-couvre-ma-commune/"


def centre_names(response):
    return re.findall(r'class="fr-card__title">\s*<a href="[^"]+"><bdi>([^<]+)</bdi></a>', response.content.decode())


def commune(code):
    return Territory.objects.get(kind=Kind.COMMUNE, code=code)


def test_the_directory_holds_the_reference_file():
    assert Centre.objects.count() == 20
    reso = Centre.objects.get(short_name="RésO Villes")
    assert set(reso.perimeter.values_list("code", flat=True)) == {"52", "53"}
    assert reso.seat.code == "44109"
    rt = Centre.objects.get(short_name="R&T")
    assert rt.status == Status.HISTORICAL
    assert sorted(rt.perimeter.values_list("code", flat=True)) == ["09", "12", "31", "32", "46", "65", "81", "82"]


ENGLISH = re.compile(r"\b(unverified|unknown|possibly|likely|publisher|formerly|inferred|report)\b", re.I)


def test_no_research_note_in_english_reaches_the_public(client):
    for centre in Centre.objects.all():
        main = client.get(centre.get_absolute_url()).content.decode().split('id="content"')[1].split("<footer")[0]
        # Source addresses may hold any word: look at the text around them.
        text = re.sub(r'<a href="http[^"]*"[^>]*>[^<]*</a>', "", main)
        assert not ENGLISH.search(text), (centre.slug, ENGLISH.search(text).group(0))


def test_a_centre_source_that_is_not_a_web_address_is_not_a_link(client):
    centre = Centre.objects.get(slug="pb")
    centre.sources = "javascript:alert(1)\nhttps://professionbanlieue.org/"
    centre.save()
    page = client.get(centre.get_absolute_url()).content.decode()
    assert "javascript:" not in page
    assert 'href="https://professionbanlieue.org/"' in page


def test_unverified_facts_are_recorded_and_shown_as_a_confirmer(client):
    labo = Centre.objects.get(short_name="Labo Cités")
    assert {Fact.SEAT, Fact.PERIMETER, Fact.LEGAL_STATUS, Fact.WEBSITE} <= labo.unverified_facts
    assert Fact.NAME not in labo.unverified_facts
    page = client.get(labo.get_absolute_url()).content.decode()
    assert page.count("à confirmer") >= 4
    # The English research notes never reach the public.
    assert "unverified" not in page and labo.internal_notes and labo.internal_notes[:30] not in page
    pb = Centre.objects.get(short_name="PB")
    assert Fact.SEAT not in pb.unverified_facts


def test_brest_is_covered_by_reso_villes(client):
    response = client.get(LOOKUP, {"q": "Brest"})
    assert response.status_code == 200
    assert centre_names(response) == ["RésO Villes"]
    assert "https://resovilles.com" in response.content.decode()


def test_saint_denis_93_is_not_saint_denis_974(client):
    ambiguous = client.get(LOOKUP, {"q": "saint denis"}).content.decode()
    assert "Plusieurs communes correspondent" in ambiguous
    assert "Saint-Denis (93)" in ambiguous and "Saint-Denis (974)" in ambiguous
    assert centre_names(client.get(LOOKUP, {"q": "Saint-Denis (93)"})) == ["Profession Banlieue (PB)"]
    assert centre_names(client.get(LOOKUP, {"commune": "93066"})) == ["Profession Banlieue (PB)"]
    reunion = client.get(LOOKUP, {"q": "Saint-Denis (974)"})
    assert "Profession Banlieue" not in reunion.content.decode()
    assert centre_names(reunion) == ["Centre de ressources politique de la ville de La Réunion"]
    assert "activité à confirmer" in reunion.content.decode()


def test_lookup_with_a_typographic_apostrophe_or_stray_wildcards(client):
    assert (
        centre_names(client.get(LOOKUP, {"q": "Villeneuve-d’Ascq"}))
        == centre_names(client.get(LOOKUP, {"q": "Villeneuve-d'Ascq"}))
        != []
    )
    assert centre_names(client.get(LOOKUP, {"q": "Brest%"})) == ["RésO Villes"]
    page = client.get(LOOKUP, {"q": "%"}).content.decode()
    assert "Plusieurs communes correspondent" not in page and centre_names(client.get(LOOKUP, {"q": "_"})) == []


def test_postcode_lookup(client):
    assert centre_names(client.get(LOOKUP, {"q": "93200"})) == ["Profession Banlieue (PB)"]


def test_a_commune_no_centre_covers_gets_a_clear_answer(client):
    response = client.get(LOOKUP, {"q": "Ajaccio"})
    page = response.content.decode()
    assert "Aucun centre de ressources ne couvre cette commune" in page
    assert centre_names(response) == []


def test_a_planned_centre_is_mentioned_not_counted(client):
    page = client.get(LOOKUP, {"commune": "97105"}).content.decode()
    assert "Aucun centre de ressources ne couvre cette commune" in page
    assert "Un centre est en projet" in page


def test_an_unknown_commune_gets_a_french_message(client):
    page = client.get(LOOKUP, {"q": "Zzyzx-sur-Rien"}).content.decode()
    assert "Aucune commune ne correspond à « Zzyzx-sur-Rien »" in page
    unknown_code = client.get(LOOKUP, {"commune": "<script>"})
    assert unknown_code.status_code == 200
    assert "Aucune commune ne correspond à « &lt;SCRIPT&gt; »" in unknown_code.content.decode()
    too_long = client.get(LOOKUP, {"q": "x" * 300}).content.decode()
    assert "au plus 100 caractères" in too_long
    # Two queries that differ past the 100th character are two different answers.
    assert "au plus 100 caractères" in client.get(LOOKUP, {"q": "b" * 101}).content.decode()
    assert "au plus 100 caractères" not in client.get(LOOKUP, {"q": "b" * 100}).content.decode()


def test_an_unknown_code_falls_back_to_the_typed_name(client):
    assert centre_names(client.get(LOOKUP, {"commune": "zzz", "q": "Brest"})) == ["RésO Villes"]


def test_a_perimeter_is_made_of_regions_and_departements():
    centre = Centre.objects.get(slug="reso-villes")
    with pytest.raises(ValueError, match="régions et de départements"), transaction.atomic():
        centre.perimeter.add(commune("29019"))
    assert not centre.perimeter.filter(kind=Kind.COMMUNE).exists()


def test_home_counts(client):
    page = client.get("/").content.decode()
    assert "<strong>13</strong> centres de ressources en activité, dont 3 en outre-mer" in page


def test_covering_works_for_any_territory_inside_a_perimeter():
    qpv_epci = Territory.objects.get(kind=Kind.EPCI, code="242900314")
    assert [c.short_name for c in Centre.objects.covering(qpv_epci)] == ["RésO Villes"]


def test_coverage_page_lists_uncovered_departements(client):
    page = client.get("/centres/couverture/").content.decode()
    uncovered = re.search(r'data-testid="uncovered-departements">(.*?)</ul>', page, re.S).group(1)
    for label in ["Corse-du-Sud (2A)", "Haute-Corse (2B)", "Seine-et-Marne (77)", "Guadeloupe (971)"]:
        assert label in uncovered
    assert "Finistère" not in uncovered
    assert "Corse" in re.search(r'data-testid="uncovered-regions">(.*?)</ul>', page, re.S).group(1)
    assert page.count('data-code="') == 101  # 96 metropolitan shapes and 5 overseas insets


def test_national_coverage_counts():
    national = national_coverage()
    assert len(national.departements) == 101
    counts = national.counts()
    assert sum(counts.values()) == 101
    assert {d.departement.code for d in national.uncovered_departements} == {"2A", "2B", "77", "78", "92", "94", "971"}


def test_directory_filters(client):
    bretagne = centre_names(client.get("/centres/", {"region": "53"}))
    assert bretagne == ["RésO Villes"]
    idf = centre_names(client.get("/centres/", {"region": "11"}))
    assert "Profession Banlieue (PB)" in idf and len(idf) == 4
    overseas = set(centre_names(client.get("/centres/", {"overseas": "oui"})))
    assert "Ville Caraïbe" in overseas and "RésO Villes" not in overseas
    # A bad filter value is reported in French, not crashed on.
    response = client.get("/centres/", {"region": "nope"})
    assert response.status_code == 200
    assert "Ce filtre n'est pas reconnu" in response.content.decode()


def test_centre_page(client):
    response = client.get("/centres/reso-villes/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1><bdi>RésO Villes</bdi></h1>" in page
    assert "Bretagne" in page and "Pays de la Loire" in page
    assert client.get("/centres/nexiste-pas/").status_code == 404
