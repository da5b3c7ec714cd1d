"""Every schema.org description (JSON-LD) the public pages carry is JSON that reads as linked data,
and none of them carries a person's data: no registrant, no connection link, no contact of a person."""

import json

import pytest

from passerelles.events.enums import Format
from passerelles.events.tests.factories import RegistrationFactory
from passerelles.testing.jsonld import descriptions, graph
from passerelles.testing.public_pages import public_urls, published_content

pytestmark = pytest.mark.django_db

PERSONAL = ["inscrite@example.org", "Inscrite", "visio.example.org", "Marie Durand", "marie.durand@"]


def test_the_descriptions_of_the_public_pages_are_linked_data_without_personal_data(client):
    content = published_content()
    session, sheet = content["session"], content["sheet"]
    session.format, session.online_url = Format.MIXED, "https://visio.example.org/salle-secrete"
    session.save()
    RegistrationFactory(session=session, first_name="Inès", last_name="Inscrite", email="inscrite@example.org")
    sheet.contact_person, sheet.contact_person_consent = "Marie Durand", True
    sheet.contact_email = "marie.durand@ville.example"
    sheet.save()

    types = set()
    for url in public_urls(content):
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        for data in descriptions(response):
            assert len(graph(data)) > 0, url
            text = json.dumps(data, ensure_ascii=False)
            assert [word for word in PERSONAL if word in text] == [], url
            types.add(data["@type"])

    assert types >= {"Organization", "CreativeWork", "ScholarlyArticle", "EducationEvent", "EventSeries"}
