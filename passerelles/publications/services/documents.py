"""PDF documents of a publication. Accepted by their content, never their name: a readable PDF
under the configured size (PUBLICATION_MAX_MB, 50 MB by default). Its text is extracted once, here,
for the network search; a page whose text cannot be read is counted and skipped. Anything refused
leaves nothing stored — no row, no file."""

import os

from django.conf import settings
from django.db import transaction
from django.utils.text import get_valid_filename

from passerelles.core.storage import delete_on_commit, discarded_on_error, save_file
from passerelles.core.uploads import FileRefused, check_size, open_pdf, pdf_text
from passerelles.editorial.workflow import check_can_edit

from ..models import Document

__all__ = ["FileRefused", "add_document", "remove_document", "max_size_mb"]


def max_size_mb():
    return settings.PASSERELLES["PUBLICATION_MAX_MB"]


def _touch(publication):
    """A change of documents is a change of the publication (its OAI datestamp, its search entry)."""
    publication.save(update_fields=["updated_at"])


def store_pdf(publication, title, data, filename):
    """The Document of a readable PDF (FileRefused otherwise), its text extracted; if the row
    cannot be saved, the file goes too."""
    reader = open_pdf(data)
    text, unreadable = pdf_text(reader)
    stem = get_valid_filename(os.path.splitext(filename)[0])[:80] or "document"
    document = Document(
        publication=publication,
        title=title.strip()[:200] or stem,
        size=len(data),
        pages=len(reader.pages),
        text=text,
        unreadable_pages=unreadable,
        checked_pdf=True,  # open_pdf checked its active content
    )
    with discarded_on_error(save_file(document.file, f"{stem}.pdf", data)):
        document.save()
    return document


@transaction.atomic
def add_document(user, publication, title, uploaded):
    check_can_edit(user, publication)
    check_size(uploaded.size, max_size_mb())
    data = uploaded.read()
    check_size(len(data), max_size_mb())
    document = store_pdf(publication, title, data, uploaded.name)
    with discarded_on_error(document.file):
        _touch(publication)
    return document


@transaction.atomic
def remove_document(user, document):
    publication = document.publication
    check_can_edit(user, publication)
    document.delete()
    _touch(publication)
    delete_on_commit([document.file])
