"""A published sheet's page describes it in schema.org terms (JSON-LD): a CreativeWork by its centre,
about concepts of the thesaurus, covering its territories; nothing of the person to contact."""

import json
from datetime import date

import pytest
from django.utils import timezone
from rdflib import URIRef

from passerelles.centres.models import Centre
from passerelles.editorial.workflow import Status
from passerelles.territories.models import Territory
from passerelles.testing.jsonld import SCHEMA, description, graph
from passerelles.thesaurus.models import Concept

from .factories import ExperienceSheetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet():
    sheet = ExperienceSheetFactory(
        centre=Centre.objects.get(slug="pb"),
        title="Une cité éducative à Brest",
        summary="Des familles, des écoles et des associations autour d'un projet commun.",
        status=Status.PUBLISHED,
        published_at=timezone.now(),
        start_date=date(2021, 9, 1),
        contact_organisation="Ville de Brest",
        contact_email="marie.durand@brest.example",
        contact_person="Marie Durand",
        contact_person_consent=True,
        territories=[
            Territory.objects.get(kind="commune", code="29019"),
            Territory.objects.filter(kind="epci").order_by("code").first(),
        ],
    )
    sheet.themes.set(Concept.objects.filter(scheme="themes")[:2])
    sheet.publics.set(Concept.objects.filter(scheme="publics")[:1])
    return sheet


def test_a_sheet_is_a_creative_work_of_its_centre_about_thesaurus_concepts(client, sheet):
    data = description(client.get(sheet.get_absolute_url()))

    url = f"http://testserver{sheet.get_absolute_url()}"
    assert (data["@type"], data["@id"], data["url"], data["name"]) == (
        "CreativeWork",
        url,
        url,
        "Une cité éducative à Brest",
    )
    assert data["abstract"] == sheet.summary
    assert data["inLanguage"] == "fr"
    assert data["datePublished"] == timezone.localtime(sheet.published_at).isoformat()
    assert data["dateModified"] == timezone.localtime(sheet.updated_at).isoformat()
    assert data["dateCreated"] == timezone.localtime(sheet.created_at).isoformat()
    assert data["temporalCoverage"] == "2021-09-01/.."
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    centre = {"@type": "Organization", "@id": "http://testserver/centres/pb/#centre"}
    assert {key: data["author"][key] for key in centre} == centre
    assert data["publisher"] == data["author"]
    themes = {concept.notation: concept for concept in sheet.themes.all()}
    assert {term["termCode"] for term in data["about"]} == set(themes)
    for term in data["about"]:
        concept = themes[term["termCode"]]
        assert (term["@type"], term["@id"], term["name"]) == ("DefinedTerm", concept.uri, concept.pref_label)
        assert term["url"] == f"http://testserver{concept.get_absolute_url()}"
        assert client.get(term["url"].removeprefix("http://testserver")).status_code == 200
    assert data["audience"]["audienceType"] == sheet.publics.get().pref_label
    codes = {area["identifier"]["value"] for area in data["spatialCoverage"]}
    assert codes == {territory.code for territory in sheet.territories.all()}
    statements = graph(data)
    assert (URIRef(url), URIRef(SCHEMA + "publisher"), URIRef("http://testserver/centres/pb/#centre")) in statements


def test_the_person_to_contact_stays_out_of_the_description(client, sheet):
    response = client.get(sheet.get_absolute_url())

    text = json.dumps(description(response), ensure_ascii=False)
    assert "Marie Durand" in response.content.decode()  # on the page, with her consent
    assert "Durand" not in text
    assert "brest.example" not in text
    assert "Ville de Brest" not in text


def test_a_hostile_title_cannot_leave_its_script(client, sheet):
    sheet.title = "</script><script>alert(1)</script>"
    sheet.save()

    response = client.get(sheet.get_absolute_url())

    assert "<script>alert(1)" not in response.content.decode()
    assert description(response)["name"] == sheet.title


def test_the_description_comes_with_the_cached_page_without_a_query_per_tag(
    client, sheet, django_assert_max_num_queries
):
    client.get(sheet.get_absolute_url())  # kept for the next visitor
    with django_assert_max_num_queries(3):  # the versions of the data only
        cached = client.get(sheet.get_absolute_url())

    assert description(cached)["name"] == sheet.title
