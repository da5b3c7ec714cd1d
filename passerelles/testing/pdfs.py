"""Real PDFs for the tests, written by WeasyPrint (one page per paragraph) and pypdf."""

import io
from functools import cache

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject


@cache
def text_pdf(*paragraphs):
    from passerelles.core.pdf import html_to_pdf

    body = "".join(f'<p style="page-break-before: always">{p}</p>' for p in paragraphs)
    return html_to_pdf(f'<html lang="fr"><head><title>Document</title></head><body>{body}</body></html>')


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


def _changed(change):
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf("Un rapport ordinaire.")))
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _action(kind, **entries):
    return DictionaryObject(
        {NameObject("/S"): NameObject(kind), **{NameObject(f"/{k}"): v for k, v in entries.items()}}
    )


def _script():
    return _action("/JavaScript", JS=TextStringObject("app.alert('bonjour')"))


def _open_with(action):
    def change(writer):
        writer._root_object[NameObject("/OpenAction")] = action

    return change


def _names_script(writer):
    scripts = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("s"), writer._add_object(_script())])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): scripts})


def _link_script(writer):
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/A"): _script(),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])


def active_pdfs():
    """PDFs with active content, written with pypdf: (what they carry, bytes)."""
    return [
        ("javascript-names", _changed(_names_script)),
        ("javascript-open", _changed(_open_with(_script()))),
        ("javascript-link", _changed(_link_script)),
        ("launch", _changed(_open_with(_action("/Launch", F=TextStringObject("calc.exe"))))),
        ("embedded", _changed(lambda writer: writer.add_attachment("notes.txt", b"un fichier joint"))),
    ]
