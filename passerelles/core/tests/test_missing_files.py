"""A stored file gone from the disk (lost, or media left out of a restore): its download answers a
French 404 page and logs an error naming the file; the pages that list it still answer."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.editorial.workflow import Status
from passerelles.experiences.models import Attachment, ExperienceSheet
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.publications.models import Document, Publication
from passerelles.publications.tests.factories import PublicationFactory
from passerelles.testing.pdfs import text_pdf

pytestmark = pytest.mark.django_db


def lose(field):
    path = field.storage.path(field.name)
    field.storage.delete(field.name)
    return path


def assert_missing_page(response, caplog, stored_name):
    assert response.status_code == 404
    page = response.content.decode()
    assert "Fichier indisponible" in page
    assert "Ce fichier n'est plus disponible sur la plateforme." in page
    [record] = [r for r in caplog.records if r.name == "passerelles.core.uploads"]
    assert record.levelno == logging.ERROR
    assert stored_name in record.getMessage()
    return page


@pytest.fixture
def sheet_with_lost_attachment(client):
    sheet = ExperienceSheetFactory(centre=Centre.objects.get(slug="reso-villes"), title="Jardins partagés")
    editor = MembershipFactory(centre=sheet.centre, role=Role.CENTRE_ADMIN).user
    client.force_login(editor)
    client.post(
        f"/experiences/espace/{sheet.slug}/pieces-jointes/",
        {"title": "Bilan de l'atelier", "file": SimpleUploadedFile("bilan.pdf", text_pdf("Bilan."))},
    )
    ExperienceSheet.objects.filter(pk=sheet.pk).update(status=Status.PUBLISHED)
    attachment = Attachment.objects.get(sheet=sheet)
    lose(attachment.file)
    return sheet, attachment, editor


def test_a_lost_attachment_answers_a_french_404_and_is_logged(client, caplog, sheet_with_lost_attachment):
    sheet, attachment, _ = sheet_with_lost_attachment
    client.logout()
    url = f"/experiences/{sheet.slug}/pieces-jointes/{attachment.pk}/"
    with caplog.at_level(logging.ERROR):
        page = assert_missing_page(client.get(url), caplog, attachment.file.name)
    assert f'href="{sheet.get_absolute_url()}"' in page
    assert client.head(url).status_code == 404


def test_pages_listing_a_lost_attachment_still_answer(client, sheet_with_lost_attachment):
    sheet, attachment, editor = sheet_with_lost_attachment
    workspace = client.get(f"/experiences/espace/{sheet.slug}/")
    assert workspace.status_code == 200 and "Bilan de l&#x27;atelier" in workspace.content.decode()
    client.logout()
    detail = client.get(sheet.get_absolute_url())
    assert detail.status_code == 200 and "Bilan de l&#x27;atelier" in detail.content.decode()
    assert client.get(f"/experiences/{sheet.slug}/imprimer/").status_code == 200
    # The centre can still remove it.
    client.force_login(editor)
    response = client.post(f"/experiences/espace/{sheet.slug}/pieces-jointes/{attachment.pk}/retirer/")
    assert response.status_code == 302
    assert not Attachment.objects.exists()


@pytest.fixture
def publication_with_lost_document(client):
    publication = PublicationFactory(centre=Centre.objects.get(slug="pqn-a"), title="Horizons 21")
    editor = MembershipFactory(centre=publication.centre, role=Role.CENTRE_ADMIN).user
    client.force_login(editor)
    client.post(
        f"/publications/espace/{publication.slug}/documents/",
        {"title": "Dossier", "file": SimpleUploadedFile("horizons.pdf", text_pdf("Dossier."), "application/pdf")},
    )
    Publication.objects.filter(pk=publication.pk).update(status=Status.PUBLISHED, published_at=timezone.now())
    document = Document.objects.get(publication=publication)
    lose(document.file)
    return publication, document, editor


def test_a_lost_publication_document_answers_a_french_404_and_is_logged(client, caplog, publication_with_lost_document):
    publication, document, _ = publication_with_lost_document
    client.logout()
    with caplog.at_level(logging.ERROR):
        page = assert_missing_page(client.get(document.get_absolute_url()), caplog, document.file.name)
    assert f'href="{publication.get_absolute_url()}"' in page


def test_pages_and_feeds_listing_a_lost_document_still_answer(client, publication_with_lost_document):
    publication, document, editor = publication_with_lost_document
    workspace = client.get(f"/publications/espace/{publication.slug}/")
    assert workspace.status_code == 200 and document.get_absolute_url() in workspace.content.decode()
    client.logout()
    for url in [publication.get_absolute_url(), "/publications/flux/rss/", "/publications/flux/atom/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert document.get_absolute_url() in response.content.decode(), url
    latest = client.get("/publications/")
    assert latest.status_code == 200 and "PDF, 1 page" in latest.content.decode()
    client.force_login(editor)
    response = client.post(f"/publications/espace/{publication.slug}/documents/{document.pk}/retirer/")
    assert response.status_code == 302
    assert not Document.objects.exists()


def test_a_row_without_a_file_name_is_missing_too(client, caplog, sheet_with_lost_attachment):
    sheet, attachment, _ = sheet_with_lost_attachment
    Attachment.objects.filter(pk=attachment.pk).update(file="")
    with caplog.at_level(logging.ERROR):
        response = client.get(f"/experiences/{sheet.slug}/pieces-jointes/{attachment.pk}/")
    assert response.status_code == 404 and "Fichier indisponible" in response.content.decode()
    assert f"experiences.Attachment {attachment.pk}" in caplog.text
