"""The « annuaire du réseau »: signed-in people only, never indexed, opted-in practitioners with only
the fields each chose to show; a criterion never matches a hidden field."""

import pytest
from django.utils import timezone

from passerelles.accounts.tests.factories import UserFactory
from passerelles.territories.models import Territory
from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept

from ..models import Profile

DIRECTORY = "/reseau/annuaire/"
pytestmark = pytest.mark.django_db


def practitioner(email, territory=None, themes=(), in_directory=True, **shown):
    user = UserFactory(email=email, first_name=email.split("@")[0].capitalize(), last_name="Praticien")
    profile = Profile.objects.create(
        user=user,
        confirmed_at=timezone.now(),
        organisation=f"Structure de {email}",
        territory=territory,
        in_directory=in_directory,
        function=Concept.objects.filter(scheme=Scheme.FUNCTIONS).order_by("pk").first(),
        **shown,
    )
    profile.themes.set(themes)
    return profile


def territory(kind, code):
    return Territory.objects.get(kind=kind, code=code)


@pytest.fixture
def education():
    return Concept.objects.filter(scheme=Scheme.THEMES).order_by("pk")[0]


def test_nobody_signed_out_sees_it_and_it_is_never_indexed(client):
    practitioner("brest@ville.example", territory("commune", "29019"))
    response = client.get(DIRECTORY)
    assert response.status_code == 302 and response["Location"].startswith("/comptes/connexion/")
    assert "brest@ville.example" not in response.content.decode()
    assert "Disallow: /reseau/" in client.get("/robots.txt").content.decode()
    client.force_login(UserFactory())
    page = client.get(DIRECTORY)
    assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in page.content.decode()


def test_who_works_on_a_theme_in_a_territory(client, education):
    other_theme = Concept.objects.filter(scheme=Scheme.THEMES).order_by("pk")[1]
    practitioner("brest@ville.example", territory("commune", "29019"), [education])
    practitioner("bretagne@region.example", territory("region", "53"), [education])  # contains the Finistère
    practitioner("lille@ville.example", territory("commune", "59350"), [education])
    practitioner("quimper@ville.example", territory("commune", "29232"), [other_theme])
    practitioner("absent@ville.example", territory("commune", "29019"), [education], in_directory=False)
    practitioner("cache@ville.example", territory("commune", "29019"), [education], show_territory=False)
    client.force_login(UserFactory())
    page = client.get(DIRECTORY, {"theme": education.pk, "territory": "Finistère"}).content.decode()
    assert "Brest" in page and "Bretagne" in page
    for absent in ("Lille", "Quimper", "Absent", "Cache"):
        assert absent not in page
    assert "2 praticiens" in page


def test_only_the_fields_each_person_chose_are_shown(client, education):
    practitioner(
        "discrete@ville.example",
        territory("commune", "29019"),
        [education],
        show_name=False,
        show_email=False,
        show_organisation=False,
    )
    practitioner("ouverte@ville.example", territory("commune", "29019"), [education], show_email=True)
    client.force_login(UserFactory())
    page = client.get(DIRECTORY).content.decode()
    assert "Nom non communiqué" in page
    assert "discrete@ville.example" not in page and "Discrete" not in page
    assert "Structure de discrete" not in page
    assert "ouverte@ville.example" in page and "Structure de ouverte" in page and "Brest (29)" in page


def test_a_bad_territory_is_answered_in_french(client):
    client.force_login(UserFactory())
    response = client.get(DIRECTORY, {"territory": "Nulle-Part-sur-Mer"})
    assert response.status_code == 400 and "territoire introuvable" in response.content.decode()
