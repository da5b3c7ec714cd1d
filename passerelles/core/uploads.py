"""Uploaded files are judged by what they contain, never by their name or declared type.

Refusals raise `FileRefused` with a message for the person, in French; callers then store nothing."""

import io
import logging

from pypdf import PdfReader
from pypdf.errors import DependencyError

logger = logging.getLogger(__name__)
MEGABYTE = 1024 * 1024
# Text kept from one PDF for the search: enough for a long report, bounded for the index.
MAX_TEXT_CHARS = 1_000_000


class FileRefused(Exception):
    pass


def check_size(size, limit_mb):
    if not size:
        raise FileRefused("Le fichier est vide.")
    if size > limit_mb * MEGABYTE:
        raise FileRefused(f"Le fichier dépasse la taille maximale de {limit_mb} Mo.")


def open_pdf(data):
    """A pypdf reader of a readable PDF (one protected only against changes is readable), or FileRefused."""
    if not data.lstrip()[:5] == b"%PDF-":
        raise FileRefused("Ce fichier n'est pas un PDF, quel que soit son nom.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileRefused("Ce PDF est protégé par un mot de passe : déposez une version non chiffrée.")
        len(reader.pages)
    except FileRefused:
        raise
    except DependencyError as error:  # AES needs a library we do not ship: the file stays encrypted
        raise FileRefused("Ce PDF est chiffré : déposez une version non chiffrée.") from error
    except Exception as error:
        raise FileRefused("Ce PDF est endommagé ou illisible.") from error
    return reader


def pdf_text(reader):
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
