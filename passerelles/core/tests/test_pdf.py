"""Every PDF of the platform is made by core.pdf, tagged PDF/UA-1; the checker the tests run on each of
them (testing.pdfua) refuses what a screen reader's user could not read."""

import io

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject
from weasyprint import HTML

from passerelles.core.pdf import html_to_pdf
from passerelles.testing.pdfua import assert_pdf_ua, pdf_ua_problems

PAGE = '<html lang="fr"><head><title>Bilan 2024</title></head><body><h1>Bilan</h1>{}</body></html>'
SQUARE = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='20' height='20'/>"


def test_the_platform_s_pdfs_are_tagged_pdf_ua():
    body = '<p>Un <a href="https://exemple.fr/">lien</a>.</p><ul><li>Un point</li></ul><h2>Suite</h2>'
    body += "<table><tr><th scope='col'>Année</th></tr><tr><td>2024</td></tr></table>"
    assert_pdf_ua(html_to_pdf(PAGE.format(body)), title="Bilan 2024")


def test_the_checker_refuses_an_untagged_pdf():
    untagged = HTML(string=PAGE.format("<p>Un paragraphe.</p>")).write_pdf()
    assert pdf_ua_problems(untagged) == [
        "the catalog's /MarkInfo /Marked is not true (not a tagged PDF)",
        "/ViewerPreferences /DisplayDocTitle is not true (the window shows the file name)",
        "no XMP /Metadata (title and PDF/UA identification)",
        "no /StructTreeRoot: the document has no structure tree",
    ]
    with pytest.raises(AssertionError, match="Not PDF/UA-1"):
        assert_pdf_ua(untagged)


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        (PAGE.format(f'<img src="{SQUARE}">'), "a /Figure has no alternative text (/Alt)"),
        (PAGE.format("<h3>Détail</h3>"), "a heading /H3 follows /H1: levels skipped"),
        (PAGE.replace('lang="fr"', 'lang="en"'), "the document's language /Lang is 'en', not French"),
        (PAGE.replace("<title>Bilan 2024</title>", ""), "the XMP metadata have no dc:title"),
    ],
)
def test_the_checker_refuses_what_a_screen_reader_could_not_use(html, problem):
    assert problem in pdf_ua_problems(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))


def test_the_checker_finds_untagged_text_and_a_wrong_title():
    tagged = HTML(string=PAGE.format(f'<img alt="Un carré" src="{SQUARE}">')).write_pdf(pdf_variant="pdf/ua-1")
    assert pdf_ua_problems(tagged, title="Bilan 2024") == []
    assert pdf_ua_problems(tagged, title="Rapport") == ["the document's title ['Bilan 2024'] does not hold 'Rapport'"]
    writer = PdfWriter(clone_from=io.BytesIO(tagged))
    stray = DecodedStreamObject()
    stray.set_data(writer.pages[0].get_contents().get_data() + b"\nBT /F1 9 Tf (hors balisage) Tj ET")
    writer.pages[0].replace_contents(stray)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert pdf_ua_problems(buffer.getvalue()) == [
        "page 1: 1 piece(s) of text or drawing neither tagged nor an artifact"
    ]
