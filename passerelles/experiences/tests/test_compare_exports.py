import csv
import io
import json

import pytest
from pypdf import PdfReader

from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre
from passerelles.territories.models import Territory
from passerelles.testing.pdfua import assert_pdf_ua

from ..enums import Status
from .factories import ExperienceSheetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pre_sheets():
    reso = Centre.objects.get(slug="reso-villes")
    sheets = []
    for city, code, amount in [("Brest", "29019", 588000), ("Nantes", "44109", 1100000), ("Rennes", "35238", 880000)]:
        sheet = ExperienceSheetFactory(
            title=f"Programme de réussite éducative de {city}",
            slug=f"pre-{city.lower()}",
            centre=reso,
            status=Status.PUBLISHED,
            territories=[Territory.objects.get(kind="commune", code=code)],
            carrying_structure=f"CCAS de {city}",
            budget_amount=amount,
            budget_year=2024,
        )
        sheet.budget_lines.create(funder="État", amount=amount // 2)
        sheet.budget_lines.create(funder=f"Ville de {city}", amount=amount - amount // 2)
        sheet.team.create(role="Référents de parcours", fte=4.5)
        sheets.append(sheet)
    return sheets


def test_three_sheets_side_by_side(client, pre_sheets):
    response = client.get("/experiences/comparer/", {"fiches": [s.slug for s in pre_sheets]})
    assert response.status_code == 200
    page = response.content.decode()
    for city in ("Brest", "Nantes", "Rennes"):
        assert f"Programme de réussite éducative de {city}" in page and f"CCAS de {city}" in page
    assert "Structure juridique porteuse" in page and "Financeurs" in page
    assert page.index("de Brest") < page.index("de Nantes") < page.index("de Rennes")  # in the order chosen


def test_the_comparison_pdf_is_a_valid_pdf_with_the_titles(client, pre_sheets):
    response = client.get("/experiences/comparer/pdf/", {"fiches": [s.slug for s in pre_sheets]})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert_pdf_ua(response.content, title="Comparaison de fiches expérience")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for city in ("Brest", "Nantes", "Rennes"):
        assert f"Programme de réussite éducative de {city}" in text


def test_the_print_stylesheet_shapes_the_pdfs(client, pre_sheets):
    """The stylesheet (a static file, as the Content-Security-Policy wants for the print page) reaches
    WeasyPrint: a comparison is printed across the page, a sheet along it, with the page numbers."""
    fiches = {"fiches": [s.slug for s in pre_sheets]}
    comparison = PdfReader(io.BytesIO(client.get("/experiences/comparer/pdf/", fiches).content)).pages[0]
    sheet = PdfReader(io.BytesIO(client.get(f"/experiences/{pre_sheets[0].slug}/pdf/").content)).pages[0]
    assert comparison.mediabox.width > comparison.mediabox.height
    assert sheet.mediabox.width < sheet.mediabox.height
    assert "Passerelles — 1 / 1" in sheet.extract_text()


def test_a_sheet_prints_and_exports_to_pdf(client, pre_sheets):
    sheet = pre_sheets[0]
    assert "CCAS de Brest" in client.get(f"/experiences/{sheet.slug}/imprimer/").content.decode()
    response = client.get(f"/experiences/{sheet.slug}/pdf/")
    assert_pdf_ua(response.content, title=sheet.title)
    reader = PdfReader(io.BytesIO(response.content))
    assert "Programme de réussite éducative de Brest" in " ".join(reader.pages[0].extract_text().split())


@pytest.mark.parametrize(
    ("slugs", "message"),
    [
        (["pre-brest"], "Choisissez de 2 à 8 fiches"),
        ([f"x{n}" for n in range(9)], "Choisissez de 2 à 8 fiches"),
        (["pre-brest", "nexiste-pas"], "introuvable(s) ou non publiée(s) : nexiste-pas"),
    ],
)
def test_a_bad_selection_is_explained_in_french(client, pre_sheets, slugs, message):
    response = client.get("/experiences/comparer/", {"fiches": slugs})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_draft_cannot_be_compared_or_printed_by_the_public(client, pre_sheets):
    draft = ExperienceSheetFactory(slug="brouillon")
    assert client.get("/experiences/comparer/", {"fiches": ["pre-brest", "brouillon"]}).status_code == 400
    assert client.get(f"/experiences/{draft.slug}/pdf/").status_code == 404


def test_json_and_csv_exports_hold_published_sheets_only(client, pre_sheets):
    ExperienceSheetFactory(title="Brouillon secret", slug="brouillon-secret")
    pre_sheets[0].contact_person = "Personne Sans Accord"
    pre_sheets[0].save()
    data = json.loads(client.get("/experiences/fiches.json").content)
    titles = [s["titre"] for s in data["fiches"]]
    assert sorted(titles) == sorted(s.title for s in pre_sheets)
    brest = next(s for s in data["fiches"] if s["titre"].endswith("Brest"))
    assert {"financeur": "État", "montant": 294000.0} in brest["budget"]["financeurs"]
    assert brest["territoires"] == [{"type": "commune", "code": "29019", "nom": "Brest"}]
    assert brest["contact"]["personne"] == ""  # no consent, no name
    response = client.get("/experiences/fiches.csv")
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 3 and "Brouillon secret" not in content and "Personne Sans Accord" not in content
    assert rows[0]["titre"].endswith("de Brest") and "État : 294000" in rows[0]["financeurs"]


def test_csv_never_carries_a_formula(client, pre_sheets):
    pre_sheets[0].summary = '=HYPERLINK("http://exemple.invalid","cliquez")'
    pre_sheets[0].save()
    content = client.get("/experiences/fiches.csv").content.decode("utf-8")
    assert "'=HYPERLINK" in content and ';"=HYPERLINK' not in content


def test_visitors_get_a_limited_number_of_pdfs_then_a_french_429(client, pre_sheets, settings):
    settings.PASSERELLES = {
        **settings.PASSERELLES,
        "TRUSTED_PROXIES": 1,
        "THROTTLES": {**settings.PASSERELLES["THROTTLES"], "PDF_CLIENT": "2/15m"},
    }
    fiches = {"fiches": [s.slug for s in pre_sheets[:2]]}
    visitor = {"HTTP_X_FORWARDED_FOR": "203.0.113.4"}
    assert client.get(f"/experiences/{pre_sheets[0].slug}/pdf/", **visitor).status_code == 200
    assert client.get("/experiences/comparer/pdf/", fiches, **visitor).status_code == 200

    for refused in (
        client.get(f"/experiences/{pre_sheets[1].slug}/pdf/", **visitor),
        client.get("/experiences/comparer/pdf/", fiches, **visitor),
    ):
        assert refused.status_code == 429
        assert refused["Content-Type"].startswith("text/html") and refused["Retry-After"] == "900"
        page = refused.content.decode()
        assert "Trop de PDF ont été demandés depuis votre connexion : réessayez dans 15 minutes." in page
    assert (
        f'href="/experiences/{pre_sheets[1].slug}/imprimer/"'
        in client.get(f"/experiences/{pre_sheets[1].slug}/pdf/", **visitor).content.decode()
    )
    # The pages themselves are not limited, nor another visitor, nor the centres' signed-in staff.
    assert client.get("/experiences/comparer/", fiches, **visitor).status_code == 200
    assert client.get(f"/experiences/{pre_sheets[1].slug}/imprimer/", **visitor).status_code == 200
    assert client.get(f"/experiences/{pre_sheets[1].slug}/pdf/", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200
    client.force_login(UserFactory())  # an account of no centre is a visitor
    assert client.get("/experiences/comparer/pdf/", fiches, **visitor).status_code == 429
    client.force_login(MembershipFactory(centre=pre_sheets[0].centre).user)
    assert client.get("/experiences/comparer/pdf/", fiches, **visitor).status_code == 200
