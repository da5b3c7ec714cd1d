"""The « Quel centre couvre ma commune ? » page: honest answers, whatever is typed."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory

from ..enums import Fact, Status
from ..models import Centre, CentreFact
from .factories import CentreFactory

pytestmark = pytest.mark.django_db
LOOKUP = "/centres/quel-centre-couvre-ma-commune/"
NETWORK = settings.PASSERELLES["CONTACT_EMAIL"]


def answer(client, **query):
    response = client.get(LOOKUP, query)
    assert response.status_code == 200
    return response.content.decode()


def centre_names(page):
    return re.findall(r'class="fr-card__title">\s*<a href="[^"]+"><bdi>([^<]+)</bdi></a>', page)


def title(page):
    return re.search(r"<title>([^<]*)</title>", page)[1].strip()


@pytest.mark.parametrize("query", ["St-Denis (Réunion)", "Saint Denis 974", "saint denis la réunion", "97400"])
def test_saint_denis_of_reunion_however_typed(client, query):
    page = answer(client, q=query)
    assert "<h2>Saint-Denis (974)</h2>" in page
    assert centre_names(page) == ["Centre de ressources politique de la ville de La Réunion"]
    assert "Profession Banlieue" not in page


def test_a_centre_whose_activity_is_to_confirm_is_told_so(client):
    page = answer(client, q="St-Denis (Réunion)")
    assert "mais son activité ou son périmètre reste à confirmer" in page
    assert 'data-testid="activity-to-confirm"' in page and "activité à confirmer" in page
    assert NETWORK in page  # whom to ask in case of doubt


def test_a_centre_whose_perimeter_is_to_confirm_is_told_so(client):
    page = answer(client, q="Lyon")
    assert centre_names(page) == ["Labo Cités"]
    assert "périmètre à confirmer" in page and 'data-testid="perimeter-to-confirm"' in page
    labo = Centre.objects.get(short_name="Labo Cités")
    CentreFact.objects.filter(centre=labo, fact=Fact.PERIMETER).update(verified=True)
    labo.save()  # a new directory version: the cached answer is not served again
    confirmed = answer(client, q="Lyon")
    assert "périmètre à confirmer" not in confirmed
    assert "Un centre de ressources couvre cette commune :" in confirmed


def test_a_confirmed_centre_is_a_plain_answer(client):
    page = answer(client, q="Saint-Denis 93")
    assert centre_names(page) == ["Profession Banlieue (PB)"]
    assert "Un centre de ressources couvre cette commune :" in page and "à confirmer" not in page


def test_a_historical_centre_is_shown_as_such_not_as_the_answer(client):
    page = answer(client, q="Toulouse")
    assert centre_names(page) == ["Villes et Territoires Occitanie (V&amp;T Occitanie)"]
    historical = page.split('data-testid="historical"')[1]
    assert "Ressources &amp; Territoires" in historical and "ancien centre" in historical
    assert "n'est plus en activité" in historical


def test_no_centre_names_whom_to_contact(client):
    page = answer(client, q="Ajaccio")
    assert "Aucun centre de ressources ne couvre cette commune à ce jour." in page
    assert f'href="mailto:{NETWORK}"' in page
    assert 'data-testid="nearby"' not in page  # no centre in Corsica's région
    guadeloupe = answer(client, q="Pointe-à-Pitre")
    assert "Un centre est en projet" in guadeloupe
    nearby = guadeloupe.split('data-testid="nearby"')[1].split("</li>")[0]
    assert "des outre-mer" in nearby and "Ville Caraïbe" in nearby and "Profession Banlieue" not in nearby


def test_no_centre_in_the_departement_points_to_the_region(client):
    for centre in Centre.objects.filter(perimeter__code="77"):
        centre.perimeter.remove(*centre.perimeter.filter(code="77"))
    Centre.objects.first().save()  # a new directory version
    page = answer(client, q="Meaux")
    nearby = page.split('data-testid="nearby"')[1].split("</li>")[0]
    assert "de la même région" in nearby and "Profession Banlieue" in nearby
    assert f"mailto:{NETWORK}" in page


@pytest.mark.parametrize("query", ["Nouvelle-Calédonie", "Saint-Pierre-et-Miquelon", "Wallis-et-Futuna", "Nouméa"])
def test_collectivities_outside_urban_policy_are_explained(client, query):
    page = answer(client, q=query)
    assert "Aucune commune ne correspond" not in page
    assert 'data-testid="outside-urban-policy"' in page
    assert "la politique de la ville ne s'y applique pas" in page and f"mailto:{NETWORK}" in page


@pytest.mark.parametrize("query", ["Saint-Martin 978", "Polynésie française", "Papeete"])
def test_saint_martin_and_french_polynesia_are_within_urban_policy_without_a_centre(client, query):
    page = answer(client, q=query)
    assert 'data-testid="outside-urban-policy"' not in page
    assert "Aucun centre de ressources ne couvre" in page and 'data-testid="nearby"' in page


def test_a_departement_typed_by_name_gets_its_centres(client):
    page = answer(client, q="Mayotte")
    assert "<h2>Mayotte (976)</h2>" in page
    assert "couvre ce territoire" in page and len(centre_names(page)) == 1


def test_an_arrondissement_gets_the_answer_of_its_city(client):
    page = answer(client, q="Paris 13e Arrondissement")
    assert "est un arrondissement de la commune de <strong>Paris (75)</strong>" in page
    assert centre_names(page) == ["Pôle ressources Paris"]
    assert "arrondissement de la commune de <strong>Marseille (13)</strong>" in answer(client, q="Marseille 3e")


def test_a_shared_postcode_lists_its_communes_and_says_why(client):
    page = answer(client, q="01000")
    assert "Ce code postal est partagé par plusieurs communes" in page
    assert "Bourg-en-Bresse (01)" in page and "Saint-Denis-lès-Bourg (01)" in page
    both = answer(client, q="13003")
    assert "13003 est à la fois un code postal et le code INSEE (code officiel géographique) d'une commune" in both
    assert "Alleins (13)" in both and "Marseille 3e Arrondissement" in both
    assert "partagé par plusieurs communes" not in both  # Alleins has another postcode


def test_an_island_that_is_also_a_commune_offers_both(client):
    page = answer(client, q="La Réunion")
    assert "Plusieurs territoires correspondent" in page
    assert "La Réunion (47)" in page
    choice = page.split('data-testid="area-choice"')[1].split("</li>")[0]
    link = re.search(r'href="\?commune=974&amp;q=([^"]+)"', choice)
    assert link
    reunion = answer(client, commune="974", q="La Réunion")
    assert centre_names(reunion) == ["Centre de ressources politique de la ville de La Réunion"]


def test_a_region_typed_by_name_points_to_its_centres(client):
    page = answer(client, q="Provence-Alpes-Côte d'Azur")
    assert 'data-testid="region"' in page and "/centres/?region=93" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Indiquez le nom de votre commune, son code postal ou son code INSEE."),
        ("x" * 500, "au plus 100 caractères"),
    ],
)
def test_bad_input_is_an_error_in_french(client, query, message):
    page = answer(client, q=query)
    assert message in page
    assert title(page).startswith("Erreur – ")


@pytest.mark.parametrize("query", ["' OR 1=1; DROP TABLE centres_centre; --", "Zzyzx-sur-Rien", "%%%", "<script>"])
def test_unknown_or_hostile_input_gets_a_french_message(client, query):
    page = answer(client, q=query)
    assert "Aucune commune ne correspond à « " in page
    assert "<script>" not in page.split('id="resultats"')[1]
    assert Centre.objects.filter(status=Status.ACTIVE).exists()


def test_the_page_without_a_question_shows_only_the_form(client):
    page = answer(client)
    assert "Aucune commune" not in page and "Erreur" not in title(page)


def queries(client, **query):
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        answer(client, **query)
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "query",
    [{"q": "Pointe-à-Pitre"}, {"q": "St-Denis (Réunion)"}, {"q": "Toulouse"}, {"q": "01000"}, {"q": "Polynésie"}],
)
def test_the_answer_costs_as_many_queries_however_many_centres_it_names(client, query):
    before = queries(client, **query)
    martinique = Territory.objects.get(kind=Kind.REGION, code="02")
    reunion = Territory.objects.get(kind=Kind.REGION, code="04")
    occitanie = Territory.objects.get(kind=Kind.REGION, code="76")
    for status in (Status.ACTIVE, Status.UNVERIFIED, Status.HISTORICAL, Status.PLANNED):
        for _ in range(3):
            CentreFactory(status=status, overseas=True, perimeter=[martinique, reunion])
            CentreFactory(status=status, perimeter=[occitanie])
    assert queries(client, **query) == before
