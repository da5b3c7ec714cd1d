"""A centre's page describes the centre in schema.org terms (JSON-LD): an Organization with its public
contact details, its seat and the territories of its perimeter, each named by its official code."""

import pytest
from rdflib import URIRef

from passerelles.territories.models import Territory
from passerelles.testing.jsonld import SCHEMA, description, graph

from .factories import CentreFactory

pytestmark = pytest.mark.django_db

HOSTILE = "</script><script>alert(1)</script>"


def test_the_page_of_a_centre_describes_an_organization_serving_its_perimeter(client):
    bretagne = Territory.objects.get(kind="region", code="53")
    mayenne = Territory.objects.get(kind="departement", code="53")
    centre = CentreFactory(
        name="Centre de ressources de l'Ouest",
        short_name="CRO",
        perimeter=[bretagne, mayenne],
        seat=Territory.objects.get(kind="commune", code="29019"),
        address="12 rue de Siam\n3e étage",
        email="contact@cro.example",
        phone="02 98 00 00 00",
        website="https://cro.example",
        creation_year=2001,
    )

    data = description(client.get(centre.get_absolute_url()))

    url = f"http://testserver{centre.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert (data["@type"], data["@id"], data["url"], data["name"]) == (
        "Organization",
        f"{url}#centre",
        url,
        "Centre de ressources de l'Ouest",
    )
    assert data["alternateName"] == ["CRO"]
    assert (data["email"], data["telephone"], data["sameAs"]) == (
        "contact@cro.example",
        "02 98 00 00 00",
        ["https://cro.example"],
    )
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "12 rue de Siam, 3e étage",
        "addressCountry": "FR",
        "addressLocality": "Brest",
        "addressRegion": "Finistère",
    }
    assert data["foundingDate"] == "2001"
    served = {(area["@type"], area["name"], area["identifier"]["value"]) for area in data["areaServed"]}
    assert served == {("AdministrativeArea", "Bretagne", "53"), ("AdministrativeArea", "Mayenne", "53")}
    # Région 53 and département 53: the code says which list it comes from.
    assert len({area["identifier"]["propertyID"] for area in data["areaServed"]}) == 2
    statements = graph(data)
    assert len(list(statements.objects(URIRef(f"{url}#centre"), URIRef(SCHEMA + "areaServed")))) == 2


def test_a_centre_with_few_details_says_only_what_is_known(client):
    centre = CentreFactory(website="", perimeter=[])

    data = description(client.get(centre.get_absolute_url()))

    assert data["@type"] == "Organization"
    assert not {"email", "telephone", "address", "areaServed", "sameAs", "foundingDate"} & set(data)


def test_a_hostile_name_cannot_leave_its_script(client):
    centre = CentreFactory(name=HOSTILE, short_name="")

    response = client.get(centre.get_absolute_url())

    assert "<script>alert(1)" not in response.content.decode()
    assert description(response)["name"] == HOSTILE
