"""Real PDFs for the tests, written by WeasyPrint (one page per paragraph) and pypdf."""

import io
from functools import cache

from pypdf import PdfWriter


@cache
def text_pdf(*paragraphs):
    from weasyprint import HTML

    body = "".join(f'<p style="page-break-before: always">{p}</p>' for p in paragraphs)
    return HTML(string=f'<html lang="fr"><body>{body}</body></html>').write_pdf()


def encrypted_pdf():
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf("Document confidentiel.")))
    writer.encrypt(user_password="secret", owner_password="proprietaire", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def damaged_pdf():
    """A PDF cut in the middle, as an interrupted download leaves it."""
    data = text_pdf("Un document qui sera tronqué.", "Deuxième page.")
    return data[: len(data) // 2]
