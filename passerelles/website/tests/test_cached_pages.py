"""Public pages cached whole under the version of their data (core.fragments.cached_page, ADR 0002):
a change shows at once, including one made by another process (no signal here: `update()`), and
signed-in people always get a fresh page."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from passerelles.accounts.tests.factories import UserFactory
from passerelles.centres.models import Centre
from passerelles.core.fragments import CSRF_PLACEHOLDER
from passerelles.editorial.workflow import Status
from passerelles.events.models import Session
from passerelles.events.tests.factories import RegistrationFactory, SessionFactory
from passerelles.experiences.enums import Status as SheetStatus
from passerelles.experiences.models import ExperienceSheet
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.publications.models import Publication
from passerelles.publications.tests.factories import PublishedFactory, SeriesFactory
from passerelles.thesaurus.models import Concept

pytestmark = pytest.mark.django_db


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def elsewhere(model, row, **values):
    """A change written as another process would: no signal reaches this one."""
    model.objects.filter(pk=row.pk).update(updated_at=timezone.now() + datetime.timedelta(seconds=1), **values)


def test_sheet_pages_show_a_new_sheet_and_an_edit_at_once(client):
    centre = Centre.objects.get(slug="pb")
    sheet = ExperienceSheetFactory(centre=centre, status=SheetStatus.PUBLISHED, title="Jardins partagés")
    pages = ["/experiences/", "/experiences/?q=jardins", sheet.get_absolute_url()]
    for url in pages:
        assert "Jardins partagés" in text(client, url)  # now cached
    elsewhere(ExperienceSheet, sheet, title="Jardins ouvriers")
    for url in pages[::2]:
        assert "Jardins ouvriers" in text(client, url), url
    ExperienceSheetFactory(centre=centre, status=SheetStatus.PUBLISHED, title="Repair café")
    assert "Repair café" in text(client, "/experiences/")
    elsewhere(ExperienceSheet, sheet, status=SheetStatus.DRAFT)
    assert client.get(sheet.get_absolute_url()).status_code == 404
    assert "Jardins ouvriers" not in text(client, "/experiences/")


def test_the_sheet_list_keeps_its_error_title_and_its_selection_per_query(client):
    assert text(client, "/experiences/?theme=inconnu").count("Erreur – ") == 1
    assert text(client, "/experiences/?theme=inconnu").count("Erreur – ") == 1  # from the cache
    assert "Erreur – " not in text(client, "/experiences/")


def test_publication_pages_show_a_change_at_once(client):
    centre = Centre.objects.get(slug="pb")
    series = SeriesFactory(centre=centre, title="Les Cahiers du DSU")
    publication = PublishedFactory(centre=centre, series=series, title="Habiter la ville")
    pages = ["/publications/", "/publications/?kind=study", series.get_absolute_url(), publication.get_absolute_url()]
    for url in pages:
        assert "Habiter la ville" in text(client, url)
    assert "Les Cahiers du DSU" in text(client, "/publications/series/")
    elsewhere(Publication, publication, title="Habiter le quartier")
    for url in pages:
        assert "Habiter le quartier" in text(client, url), url
    Publication.objects.filter(pk=publication.pk).update(status=Status.DRAFT, updated_at=timezone.now())
    assert "Les Cahiers du DSU" not in text(client, "/publications/series/")
    assert client.get(publication.get_absolute_url()).status_code == 404


def test_the_agenda_shows_new_sessions_and_places_taken(client):
    centre = Centre.objects.get(slug="pb")
    session = SessionFactory(centre=centre, title="Atelier mobilité", capacity=1)
    assert "Atelier mobilité" in text(client, "/agenda/")
    assert "complète" not in text(client, "/agenda/")
    RegistrationFactory(session=session)
    assert "complète" in text(client, "/agenda/")
    elsewhere(Session, session, title="Atelier transports")
    page = text(client, "/agenda/?format=in_person")
    assert "Atelier transports" in page
    assert "Atelier transports" in text(client, "/agenda/")


def test_the_thesaurus_shows_a_renamed_concept(client):
    concept = Concept.objects.get(notation="culture")
    assert concept.pref_label in text(client, "/thesaurus/")
    concept.pref_label = "Culture et patrimoine"
    concept.save()
    assert "Culture et patrimoine" in text(client, "/thesaurus/")


def test_signed_in_people_get_a_fresh_page_not_the_cached_one(client):
    centre = Centre.objects.get(slug="pb")
    sheet = ExperienceSheetFactory(centre=centre, status=SheetStatus.PUBLISHED, title="Jardins partagés")
    assert "Jardins partagés" in text(client, "/experiences/")
    client.force_login(UserFactory())
    # Changed without moving the version: only a fresh render shows it.
    ExperienceSheet.objects.filter(pk=sheet.pk).update(title="Vergers partagés")
    assert "Vergers partagés" in text(client, "/experiences/")
    client.logout()
    assert "Jardins partagés" in text(client, "/experiences/")  # the cached page, for the public


def test_a_cached_session_page_gives_each_visitor_their_own_working_csrf_token():
    session = SessionFactory(centre=Centre.objects.get(slug="pb"), title="Atelier mobilité")
    tokens = []
    for _ in range(2):  # the second page comes from the cache
        visitor = Client(enforce_csrf_checks=True)
        page = text(visitor, session.get_absolute_url())
        assert "Atelier mobilité" in page
        assert CSRF_PLACEHOLDER not in page
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1])
    person = {"first_name": "Camille", "last_name": "Martin", "email": "camille@example.org"}
    data = {**person, "organisation": "Ville de Brest", "consent": "on", "csrfmiddlewaretoken": tokens[1]}
    response = visitor.post(reverse("events:register", args=[session.slug]), data)
    assert response.status_code == 200
    assert session.registrations.filter(email="camille@example.org").exists()
    assert tokens[0] != tokens[1]


def test_a_site_answering_to_two_hosts_never_serves_one_hosts_links_to_the_other(client, settings):
    settings.ALLOWED_HOSTS = ["passerelles.example", "miroir.example"]
    sheet = ExperienceSheetFactory(centre=Centre.objects.get(slug="pb"), status=SheetStatus.PUBLISHED)
    PublishedFactory()
    for url in (sheet.get_absolute_url(), "/publications/flux/rss/", "/sitemap.xml"):
        first = client.get(url, HTTP_HOST="passerelles.example").content.decode()
        second = client.get(url, HTTP_HOST="miroir.example").content.decode()
        assert "//passerelles.example/" in first, url
        assert "//miroir.example/" in second and "//passerelles.example/" not in second, url
