import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.testing.pdfs import active_pdfs

from ..enums import Status
from ..models import Attachment
from .factories import ExperienceSheetFactory

pytestmark = pytest.mark.django_db


def pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def editor_and_sheet(client):
    sheet = ExperienceSheetFactory(centre=Centre.objects.get(slug="reso-villes"))
    client.force_login(MembershipFactory(centre=sheet.centre, role=Role.EDITOR).user)
    return sheet


def upload(client, sheet, name, content, title=""):
    return client.post(
        f"/experiences/espace/{sheet.slug}/pieces-jointes/",
        {"title": title, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def stored_files():
    root = settings.PASSERELLES["PRIVATE_MEDIA_ROOT"]
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_pdf_and_an_image_are_attached(client, editor_and_sheet):
    sheet = editor_and_sheet
    page = upload(client, sheet, "bilan 2024.pdf", pdf_bytes(), "Bilan 2024").content.decode()
    assert "Pièce jointe ajoutée." in page
    upload(client, sheet, "photo.bin", png_bytes(), "Atelier")  # named .bin, but an image
    items = {a.title: a for a in sheet.attachments.all()}
    assert items["Bilan 2024"].kind == Attachment.Kind.PDF and items["Bilan 2024"].pages == 1
    assert items["Atelier"].kind == Attachment.Kind.IMAGE and items["Atelier"].file.name.endswith(".png")
    assert sheet.revisions.filter(comment__startswith="pièce jointe ajoutée").count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("faux.pdf", b"Ceci est un texte, pas un PDF.", "ni un PDF lisible ni une image"),
        ("casse.pdf", b"%PDF-1.7\n garbage without objects", "endommagé ou illisible"),
        ("vide.pdf", b"", "Choisissez un fichier"),
    ],
)
def test_a_bad_file_is_refused_in_french_and_nothing_is_stored(client, editor_and_sheet, name, content, message):
    page = upload(client, editor_and_sheet, name, content).content.decode()
    assert message in page
    assert not Attachment.objects.exists() and stored_files() == []


def test_a_too_large_file_is_refused(client, editor_and_sheet, settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "ATTACHMENT_MAX_MB": 0}
    page = upload(client, editor_and_sheet, "bilan.pdf", pdf_bytes()).content.decode()
    assert "dépasse la taille maximale" in page
    assert not Attachment.objects.exists() and stored_files() == []


def test_only_the_centre_attaches_and_the_public_sees_published_sheets_files(client, editor_and_sheet):
    sheet = editor_and_sheet
    upload(client, sheet, "bilan.pdf", pdf_bytes(), "Bilan")
    item = sheet.attachments.get()
    url = f"/experiences/{sheet.slug}/pieces-jointes/{item.pk}/"
    client.force_login(MembershipFactory(centre=Centre.objects.get(slug="pb"), role=Role.CENTRE_ADMIN).user)
    assert upload(client, sheet, "autre.pdf", pdf_bytes()).status_code == 403
    assert client.post(f"/experiences/espace/{sheet.slug}/pieces-jointes/{item.pk}/retirer/").status_code == 403
    client.logout()
    assert client.get(url).status_code == 404  # draft: private
    sheet.status = Status.PUBLISHED
    sheet.save()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_removed_attachment_leaves_no_file(client, editor_and_sheet, django_capture_on_commit_callbacks):
    sheet = editor_and_sheet
    upload(client, sheet, "bilan.pdf", pdf_bytes(), "Bilan")
    item = sheet.attachments.get()
    assert len(stored_files()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/experiences/espace/{sheet.slug}/pieces-jointes/{item.pk}/retirer/")
    assert not Attachment.objects.exists() and stored_files() == []


def test_damaged_or_oversized_images_are_refused_without_error(client, editor_and_sheet):
    damaged = png_bytes()[:40]
    assert "endommagée ou illisible" in upload(client, editor_and_sheet, "a.png", damaged).content.decode()
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, format="PNG")  # a tiny file, a huge image
    page = upload(client, editor_and_sheet, "bombe.png", buffer.getvalue()).content.decode()
    assert "Pièce jointe refusée" in page
    assert not Attachment.objects.exists() and stored_files() == []


@pytest.mark.parametrize(("kind", "content"), active_pdfs())
def test_a_pdf_with_active_content_is_refused(client, editor_and_sheet, kind, content):
    page = upload(client, editor_and_sheet, f"{kind}.pdf", content).content.decode()
    assert "n&#x27;est pas accepté" in page or "ne sont pas acceptés" in page
    assert not Attachment.objects.exists() and stored_files() == []


def test_only_checked_pdfs_are_shown_in_the_browser(client, editor_and_sheet):
    sheet = editor_and_sheet
    upload(client, sheet, "bilan.pdf", pdf_bytes(), "Bilan")
    upload(client, sheet, "photo.png", png_bytes(), "Atelier")
    items = {a.title: a for a in sheet.attachments.all()}
    pdf = client.get(f"/experiences/{sheet.slug}/pieces-jointes/{items['Bilan'].pk}/")
    assert pdf["Content-Disposition"] == 'inline; filename="bilan.pdf"' and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content)  # read whole, which closes the file
    image = client.get(f"/experiences/{sheet.slug}/pieces-jointes/{items['Atelier'].pk}/")
    assert image["Content-Disposition"] == 'attachment; filename="photo.png"'
    assert image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content)  # read whole, which closes the file


def test_a_file_is_not_kept_when_its_row_cannot_be_written(editor_and_sheet, monkeypatch):
    from ..services import attachments

    def broken_revision(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(attachments, "record_revision", broken_revision)
    editor = editor_and_sheet.centre.memberships.get().user
    with pytest.raises(RuntimeError):
        attachments.attach(editor, editor_and_sheet, "Bilan", SimpleUploadedFile("bilan.pdf", pdf_bytes()))
    assert not Attachment.objects.exists() and stored_files() == []
