"""Every paged list shows the same DSFR pagination: first, previous, the page (aria-current), next and
last, each link keeping the rest of the query (filters)."""

import pytest
from django.urls import reverse
from lxml import html

from passerelles.centres.models import Centre
from passerelles.events.tests.factories import SessionFactory
from passerelles.experiences.enums import Status as SheetStatus
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.publications.tests.factories import PublishedFactory

pytestmark = pytest.mark.django_db


def pagination(response):
    """{label: href or None (disabled)} of the page's pagination, and the current page's label."""
    nav = html.fromstring(response.content).xpath("//nav[contains(@class, 'fr-pagination')]")
    assert len(nav) == 1
    controls = {}
    current = None
    for control in nav[0].xpath(".//li/*"):
        label = control.text_content().strip()
        if control.get("aria-current") == "page":
            current = label
        elif control.tag == "button":
            controls[label] = ("button", control.get("value"), control.get("form"), control.get("formaction"))
        else:
            assert control.get("aria-disabled") == "true" or control.get("href"), label
            controls[label] = control.get("href")
    return controls, current


@pytest.fixture
def centre():
    return Centre.objects.get(slug="pb")


def test_a_middle_page_links_to_first_previous_next_and_last_keeping_the_filters(client, centre):
    PublishedFactory.create_batch(41, centre=centre)  # three pages of 20

    response = client.get("/publications/", {"centre": "pb", "page": 2})
    controls, current = pagination(response)

    assert current == "Page 2 sur 3"
    assert controls == {
        "Première page": "?centre=pb&page=1",
        "Page précédente": "?centre=pb&page=1",
        "Page suivante": "?centre=pb&page=3",
        "Dernière page": "?centre=pb&page=3",
    }
    assert client.get("/publications/" + controls["Dernière page"]).status_code == 200


def test_the_first_and_last_pages_disable_what_leads_nowhere(client, centre):
    PublishedFactory.create_batch(21, centre=centre)

    first, current = pagination(client.get("/publications/"))
    assert current == "Page 1 sur 2"
    assert first["Première page"] is None and first["Page précédente"] is None
    assert first["Page suivante"] == "?page=2" and first["Dernière page"] == "?page=2"

    last, current = pagination(client.get("/publications/?page=2"))
    assert current == "Page 2 sur 2"
    assert last["Page suivante"] is None and last["Dernière page"] is None


def test_one_page_shows_no_pagination(client, centre):
    PublishedFactory.create_batch(3, centre=centre)

    assert b"fr-pagination" not in client.get("/publications/").content


def test_the_agenda_keeps_its_filters_from_page_to_page(client, centre):
    SessionFactory.create_batch(21, centre=centre)

    controls, current = pagination(client.get("/agenda/", {"centre": "pb"}))

    assert current == "Page 1 sur 2"
    assert controls["Dernière page"] == "?centre=pb&page=2"


def test_the_sheets_list_pages_keep_the_ticked_sheets(client, centre):
    ExperienceSheetFactory.create_batch(41, centre=centre, status=SheetStatus.PUBLISHED)

    controls, current = pagination(client.get("/experiences/?page=2"))

    assert current == "Page 2 sur 3"
    action = reverse("experiences:list")
    assert controls == {
        "Première page": ("button", "1", "compare-form", action),
        "Page précédente": ("button", "1", "compare-form", action),
        "Page suivante": ("button", "3", "compare-form", action),
        "Dernière page": ("button", "3", "compare-form", action),
    }
