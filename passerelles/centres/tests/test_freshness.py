"""Cached directory pages change as soon as the data they show changes."""

import pytest

from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory

from ..enums import Fact
from ..models import Centre, CentreFact

pytestmark = pytest.mark.django_db


def test_a_renamed_centre_shows_everywhere_at_once(client):
    pages = [
        "/centres/",
        "/centres/reso-villes/",
        "/centres/couverture/",
        "/centres/quel-centre-couvre-ma-commune/?q=Brest",
    ]
    for url in pages:
        assert "RésO Villes" in client.get(url).content.decode()  # now cached
    centre = Centre.objects.get(slug="reso-villes")
    centre.short_name = "RésO Villes Ouest"
    centre.save()
    for url in pages:
        assert "RésO Villes Ouest" in client.get(url).content.decode(), url


def test_a_perimeter_change_reaches_the_lookup_and_the_coverage(client):
    lookup = "/centres/quel-centre-couvre-ma-commune/?q=Ajaccio"
    assert "Aucun centre de ressources ne couvre cette commune" in client.get(lookup).content.decode()
    assert "Corse-du-Sud (2A)" in client.get("/centres/couverture/").content.decode()
    corse = Territory.objects.get(kind=Kind.REGION, code="94")
    Centre.objects.get(slug="cite-ressources").perimeter.add(corse)
    assert "Cité Ressources" in client.get(lookup).content.decode()
    coverage = client.get("/centres/couverture/").content.decode()
    assert "Corse-du-Sud (2A)</li>" not in coverage.split('data-testid="uncovered-departements"')[1].split("</ul>")[0]
    # And from the territory's side of the relation.
    corse.centres.clear()
    assert "Aucun centre de ressources ne couvre" in client.get(lookup).content.decode()


def test_a_confirmed_fact_loses_its_badge(client):
    centre = Centre.objects.get(slug="labo-cites")
    before = client.get(centre.get_absolute_url()).content.decode().count("à confirmer")
    fact = CentreFact.objects.get(centre=centre, fact=Fact.WEBSITE)
    fact.verified = True
    fact.save()
    assert client.get(centre.get_absolute_url()).content.decode().count("à confirmer") == before - 1


def test_a_deleted_centre_disappears(client):
    assert "Villes au Carré" in client.get("/centres/").content.decode()
    Centre.objects.get(slug="villes-au-carre").delete()
    assert "Villes au Carré" not in client.get("/centres/").content.decode()


def test_a_process_keeps_the_version_briefly_and_forgets_it_on_its_own_changes(settings):
    from django.utils import timezone

    from ..services.freshness import directory_version, forget_directory_version

    settings.PASSERELLES = {**settings.PASSERELLES, "VERSION_TTL_SECONDS": 60}
    forget_directory_version()
    kept = directory_version()
    # Another process's change (no signal here) is seen only once the kept value expires…
    Centre.objects.filter(slug="pb").update(updated_at=timezone.now())
    assert directory_version() == kept
    # …while a change made in this process is seen at once.
    centre = Centre.objects.get(slug="reso-villes")
    centre.save()
    assert directory_version() != kept
    forget_directory_version()
