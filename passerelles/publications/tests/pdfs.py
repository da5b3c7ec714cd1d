"""Real PDFs for the tests, written by WeasyPrint (one page per paragraph) and pypdf."""

import io
from functools import cache

from pypdf import PdfWriter


@cache
def text_pdf(*paragraphs):
    from weasyprint import HTML

    body = "".join(f'<p style="page-break-before: always">{p}</p>' for p in paragraphs)
    return HTML(string=f'<html lang="fr"><body>{body}</body></html>').write_pdf()


def locked_pdf(user_password):
    """Encrypted (RC4, built into pypdf): with an empty user password anyone may read it, nobody may change it."""
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf("Lecture libre, modifications interdites.")))
    writer.encrypt(user_password=user_password, owner_password="proprietaire", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def damaged_pdf():
    """A PDF cut in the middle, as an interrupted download leaves it."""
    data = text_pdf("Un document qui sera tronqué.", "Deuxième page.")
    return data[: len(data) // 2]
