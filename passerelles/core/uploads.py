"""Uploaded files are judged by what they contain, never by their name or declared type.

Refusals raise `FileRefused` with a message for the person, in French; callers then store nothing.
A PDF carrying active content (JavaScript, an action that launches a program, embedded files) is
refused rather than stripped: a person can save it again without them, and what is stored is what
they sent. The PDFs that passed this check may be shown in the browser; every other stored file is
served as a download (`content_disposition`)."""

import io
import logging
from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from pypdf import PdfReader
from pypdf.errors import DependencyError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

logger = logging.getLogger(__name__)
MEGABYTE = 1024 * 1024
# Text kept from one PDF for the search: enough for a long report, bounded for the index.
MAX_TEXT_CHARS = 1_000_000
# Objects of one PDF looked at for active content: far above a long report, bounded for a crafted file.
MAX_OBJECTS = 500_000
ACTIVE_CONTENT = {
    "javascript": "Ce PDF contient du JavaScript, qui n'est pas accepté : enregistrez-le à nouveau sans script "
    "(par exemple en l'imprimant en PDF).",
    "launch": "Ce PDF contient une action qui lance un programme ou ouvre un fichier (/Launch) : il n'est pas accepté.",
    "embedded": "Ce PDF contient des fichiers joints, qui ne sont pas acceptés : retirez-les du PDF et déposez-les "
    "à part s'il le faut.",
}


class FileRefused(Exception):
    pass


def check_size(size: int, limit_mb: float) -> None:
    if not size:
        raise FileRefused("Le fichier est vide.")
    if size > limit_mb * MEGABYTE:
        raise FileRefused(f"Le fichier dépasse la taille maximale de {limit_mb} Mo.")


def open_pdf(data: bytes) -> PdfReader:
    """A pypdf reader of a readable PDF (one protected only against changes is readable), or FileRefused."""
    if not data.lstrip()[:5] == b"%PDF-":
        raise FileRefused("Ce fichier n'est pas un PDF, quel que soit son nom.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileRefused("Ce PDF est protégé par un mot de passe : déposez une version non chiffrée.")
        len(reader.pages)
        check_active_content(reader)
    except FileRefused:
        raise
    except DependencyError as error:  # AES needs a library we do not ship: the file stays encrypted
        raise FileRefused("Ce PDF est chiffré : déposez une version non chiffrée.") from error
    except Exception as error:
        raise FileRefused("Ce PDF est endommagé ou illisible.") from error
    return reader


def _active_content(node: Any) -> str | None:
    """The kind of active content a PDF dictionary declares, or None."""
    if "/JS" in node or "/JavaScript" in node or node.get("/S") == "/JavaScript":
        return "javascript"
    if node.get("/S") == "/Launch":
        return "launch"
    if "/EmbeddedFiles" in node or "/EF" in node or node.get("/Type") == "/EmbeddedFile":
        return "embedded"
    return "embedded" if node.get("/Subtype") == "/FileAttachment" else None


def check_active_content(reader: PdfReader) -> None:
    """FileRefused if anything reachable from the document's catalogue (opening actions, names trees,
    pages, annotations, forms) holds JavaScript, a launch action or an embedded file. Content
    streams are not read: only the dictionaries that describe the document."""
    stack: list[Any] = [reader.trailer["/Root"]]
    seen, count = set(), 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        count += 1
        if count > MAX_OBJECTS:
            raise FileRefused("Ce PDF est trop complexe pour être vérifié : il n'est pas accepté.")
        if isinstance(item, DictionaryObject):
            if kind := _active_content(item):
                raise FileRefused(ACTIVE_CONTENT[kind])
            stack.extend(value for name, value in item.items() if name != "/Parent")
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def pdf_text(reader: PdfReader) -> tuple[str, int]:
    """The text of every page that yields some; a page that cannot be read is skipped, not fatal.
    Returns (text, number of unreadable pages)."""
    parts, failed, length = [], 0, 0
    for page in reader.pages:
        try:
            text = page.extract_text() or ""
        except Exception:  # pypdf raises many kinds on broken content streams
            failed += 1
            continue
        parts.append(text)
        length += len(text)
        if length >= MAX_TEXT_CHARS:
            break
    if failed:
        logger.info("PDF text: %s unreadable page(s) skipped", failed)
    return "\n".join(parts)[:MAX_TEXT_CHARS].replace("\x00", ""), failed


def serve_file(
    request: HttpRequest,
    field: FieldFile,
    checked_pdf: bool,
    content_type: str | None = None,
    back_url: str | None = None,
) -> HttpResponseBase:
    """A stored file, shown in the browser only if it is a PDF that passed `check_active_content`
    (`checked_pdf`); any other file, and PDFs stored before that check, are downloaded.
    A file gone from the disk (lost, or a restore without its media) answers a 404 page that says so,
    with a link back to `back_url`, and is logged as an error for the operator."""
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):  # ValueError: no file name stored at all
        owner = field.instance
        logger.error(
            "Stored file missing: %r of %s %s (%s)",
            field.name,
            owner._meta.label,
            owner.pk,
            getattr(field.storage, "location", "?"),
        )
        return render(request, "core/file_missing.html", {"back_url": back_url}, status=404)
    name = (field.name or "").rsplit("/", 1)[-1]
    content_type = "application/pdf" if checked_pdf else content_type
    return FileResponse(handle, as_attachment=not checked_pdf, filename=name, content_type=content_type)
