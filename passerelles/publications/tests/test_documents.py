"""Uploads are judged by their content: refused files leave nothing stored, in the database or on disk."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.testing.pdfs import active_pdfs, damaged_pdf, locked_pdf, text_pdf

from ..models import Document
from .factories import PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication(client):
    publication = PublicationFactory(centre=Centre.objects.get(slug="pqn-a"), slug="horizons-21")
    client.force_login(MembershipFactory(centre=publication.centre, role=Role.EDITOR).user)
    return publication


def upload(client, name, content, title=""):
    page = client.post(
        "/publications/espace/horizons-21/documents/",
        {"title": title, "file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        follow=True,
    )
    return page.content.decode()


def stored_files():
    root = settings.PASSERELLES["PRIVATE_MEDIA_ROOT"]
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_readable_pdf_is_stored_with_its_pages_size_and_text(client, publication):
    page = upload(client, "horizons 21.pdf", text_pdf("Dossier thématique.", "Les ateliers santé ville."), "N° 21")
    assert "Document ajouté." in page
    document = Document.objects.get()
    assert (document.title, document.pages, document.unreadable_pages) == ("N° 21", 2, 0)
    assert "ateliers santé ville" in document.text
    assert stored_files() == ["horizons_21.pdf"]
    assert "2 pages" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rapport.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 200, "n&#x27;est pas un PDF, quel que soit son nom"),
        ("rapport.pdf", b"", "est vide"),
        ("rapport.pdf", damaged_pdf(), "endommagé ou illisible"),
        ("rapport.pdf", locked_pdf("secret"), "protégé par un mot de passe"),
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n", "n&#x27;est pas un PDF"),
    ],
)
def test_refused_uploads_store_nothing(client, publication, name, content, message):
    page = upload(client, name, content)
    assert message in page
    assert Document.objects.count() == 0 and stored_files() == []


def test_an_oversized_file_is_refused(client, publication, settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "PUBLICATION_MAX_MB": 1}
    big = text_pdf("Gros document.") + b"%" + b"0" * (1024 * 1024)
    page = upload(client, "gros.pdf", big)
    assert "dépasse la taille maximale de 1 Mo" in page
    assert Document.objects.count() == 0 and stored_files() == []


def test_a_pdf_locked_only_against_changes_is_readable_and_accepted(client, publication):
    page = upload(client, "verrouille.pdf", locked_pdf(""), "Version verrouillée")
    assert "Document ajouté." in page
    assert "modifications interdites" in Document.objects.get().text


def test_an_invalid_upload_form_says_what_is_wrong(client, publication):
    page = upload(client, "a.pdf", text_pdf("Un."), title="T" * 201)
    assert "200 caractères" in page
    assert Document.objects.count() == 0 and stored_files() == []


def test_removing_a_document_deletes_its_file(client, publication, django_capture_on_commit_callbacks):
    upload(client, "a.pdf", text_pdf("Un."))
    document = Document.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/publications/espace/horizons-21/documents/{document.pk}/retirer/")
    assert Document.objects.count() == 0 and stored_files() == []


ACTIVE_MESSAGES = {
    "javascript": "contient du JavaScript",
    "launch": "action qui lance un programme",
    "embedded": "contient des fichiers joints",
}


@pytest.mark.parametrize(("kind", "content"), active_pdfs())
def test_a_pdf_with_active_content_is_refused_and_nothing_is_stored(client, publication, kind, content):
    page = upload(client, f"{kind}.pdf", content)
    assert ACTIVE_MESSAGES[kind.split("-")[0]] in page
    assert Document.objects.count() == 0 and stored_files() == []


def test_checked_pdfs_are_shown_in_the_browser_older_ones_downloaded(client, publication):
    upload(client, "rapport.pdf", text_pdf("Rapport."), "Rapport")
    document = Document.objects.get()
    publication.status = "published"
    publication.save()
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="rapport.pdf"'
    assert b"".join(response.streaming_content)  # read whole, which closes the file
    Document.objects.filter(pk=document.pk).update(checked_pdf=False)  # stored before the check existed
    response = client.get(document.get_absolute_url())
    assert response["Content-Disposition"] == 'attachment; filename="rapport.pdf"'
    assert b"".join(response.streaming_content)  # read whole, which closes the file
