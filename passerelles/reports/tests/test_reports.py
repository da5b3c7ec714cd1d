"""The annual report: written and submitted by the centre's admins (figures frozen at submission),
validated or returned by the national animation, refused in French when the state or the person
does not allow it; exported as PDF, CSV and ODS; gathered in the network report once validated."""

import csv
import html
import io

import pytest
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from pypdf import PdfReader

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory, UserFactory
from passerelles.centres.models import Centre
from passerelles.events.tests.test_reporting import activity, at, session  # noqa: F401  (fixture)
from passerelles.funding.services.cofinancing import save_amounts
from passerelles.indicators.models import YearFigures
from passerelles.testing.pdfua import assert_pdf_ua

from ..enums import Status
from ..models import Report

pytestmark = pytest.mark.django_db
PB_2024 = "/reseau/rapports/pb/2024/"


@pytest.fixture
def admin(client, activity):  # noqa: F811
    """The test client signed in as an admin of Profession Banlieue, whose 2024 is the fixture's."""
    client.force_login(MembershipFactory(centre=activity, role=Role.CENTRE_ADMIN).user)
    return client


def animator_of(client):
    client.force_login(UserFactory(is_national_animator=True))
    return client


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_a_post_without_the_highlights_clears_nothing(admin, activity):  # noqa: F811
    admin.post(PB_2024, {"highlights": "Un cycle sur la participation."})
    response = admin.post(PB_2024, {"a": "b"})
    assert response.status_code == 200
    assert "Le formulaire envoyé ne contient aucun de ses champs" in html.unescape(response.content.decode())
    assert Report.objects.get(centre=activity, year=2024).highlights == "Un cycle sur la participation."
    admin.post(PB_2024, {"highlights": ""})  # emptied on purpose: the field is sent, empty
    assert Report.objects.get(centre=activity, year=2024).highlights == ""


def test_a_centre_admin_writes_and_submits_then_the_animation_validates(admin, activity):  # noqa: F811
    save_amounts(activity, 2024, {"state_anct": 90_000, "region": 30_000}, None)
    page = admin.get(PB_2024)
    assert page.status_code == 200 and "suivent les données" in page.content.decode()
    assert admin.post(PB_2024, {"highlights": "Un cycle sur la participation."}).status_code == 302
    assert admin.post(f"{PB_2024}submit/").status_code == 302
    report = Report.objects.get(centre=activity, year=2024)
    assert report.status == Status.SUBMITTED and report.submitted_at
    assert report.figures["totals"]["sessions"] == 5 and report.figures["totals"]["half_days"] == 8
    assert report.figures["funding"]["state_share"] == 75.0
    assert report.figures["coverage"]["departements"] == 1  # Seine-Saint-Denis

    # Frozen: a new session of 2024 does not move the submitted figures; the text is closed too.
    session(activity, at(2024, 12, 10))
    assert "ceux du jour de la soumission" in admin.get(PB_2024).content.decode()
    assert admin.post(PB_2024, {"highlights": "Changé"}).status_code == 403
    assert Report.objects.get(pk=report.pk).highlights == "Un cycle sur la participation."
    assert admin.post(f"{PB_2024}validate/").status_code == 403  # only the animation validates
    assert Report.objects.get(pk=report.pk).status == Status.SUBMITTED

    animator = animator_of(admin)
    refused = animator.post(f"{PB_2024}return/", {"comment": "  "}, follow=True)
    assert "Dites au centre pourquoi" in " ".join(messages_of(refused))
    assert animator.post(f"{PB_2024}validate/").status_code == 302
    report.refresh_from_db()
    assert report.status == Status.VALIDATED and report.figures["totals"]["sessions"] == 5


def test_a_returned_report_follows_the_data_again(admin, activity):  # noqa: F811
    admin.post(f"{PB_2024}submit/")
    animator = animator_of(admin)
    animator.post(f"{PB_2024}return/", {"comment": "Il manque les faits marquants."})
    report = Report.objects.get(centre=activity, year=2024)
    assert report.status == Status.DRAFT and report.figures == {} and report.review_comment
    session(activity, at(2024, 12, 10))
    assert "Il manque les faits marquants." in animator.get(PB_2024).content.decode()
    animator.post(f"{PB_2024}submit/")
    assert Report.objects.get(pk=report.pk).figures["totals"]["sessions"] == 6


def test_reading_a_draft_writes_nothing_its_submission_counts_afresh(admin, activity):  # noqa: F811
    assert "recalculés tous les quarts d'heure" in admin.get(PB_2024).content.decode()  # the year's first view
    computed = YearFigures.objects.get(centre=activity, year=2024).computed_at
    session(activity, at(2024, 12, 10))
    for url in (PB_2024, f"{PB_2024}rapport.csv"):
        assert admin.get(url).status_code == 200
    assert YearFigures.objects.get(centre=activity, year=2024).computed_at == computed  # as the clock keeps it
    admin.post(f"{PB_2024}submit/")
    assert Report.objects.get(centre=activity, year=2024).figures["totals"]["sessions"] == 6


def test_who_may_see_and_write_which_report(client, activity):  # noqa: F811
    reso = Centre.objects.get(slug="reso-villes")
    assert client.get(PB_2024).status_code == 302  # to sign in
    client.force_login(MembershipFactory(centre=activity, role=Role.EDITOR).user)
    assert client.get(PB_2024).status_code == 200  # staff read their centre's report
    assert client.post(PB_2024, {"highlights": "x"}).status_code == 403
    assert client.post(f"{PB_2024}submit/").status_code == 403
    assert client.get(f"/reseau/rapports/{reso.slug}/2024/").status_code == 403
    assert client.get(f"/reseau/rapports/{reso.slug}/2024/rapport.csv").status_code == 403
    assert client.get("/reseau/rapport-du-reseau/2024/").status_code == 403
    assert not Report.objects.exists()
    index = client.get("/reseau/rapports/?year=2024").content.decode()
    assert "Profession Banlieue" in index and "RésO Villes" not in index


def test_bad_years_and_actions_change_nothing(admin):
    for url in ("/reseau/rapports/pb/1999/", "/reseau/rapports/pb/2999/", "/reseau/rapports/?year=abc"):
        assert admin.get(url).status_code == 404
    assert admin.post("/reseau/rapports/pb/2024/publish/").status_code == 404
    assert admin.get(f"{PB_2024}rapport.exe").status_code == 404
    too_long = admin.post(PB_2024, {"highlights": "x" * 20_001})
    assert too_long.status_code == 200 and "20 000 caractères" in too_long.content.decode()
    assert "Erreur – " in too_long.content.decode()
    admin.post(f"{PB_2024}submit/")
    again = admin.post(f"{PB_2024}submit/", follow=True)
    assert "impossible de le soumettre" in " ".join(messages_of(again))


def ods_sheets(data):
    document = load(io.BytesIO(data))
    found = {}
    for table in document.spreadsheet.getElementsByType(Table):
        rows = []
        for row in table.getElementsByType(TableRow):
            rows.append([str(cell) for cell in row.getElementsByType(TableCell)])
        found[table.getAttribute("name")] = rows
    return found


def test_the_exports_hold_the_same_figures(admin, activity):  # noqa: F811
    admin.post(PB_2024, {"highlights": '=HYPERLINK("x")\nDeuxième paragraphe.'})
    rows = list(csv.reader(io.StringIO(admin.get(f"{PB_2024}rapport.csv").content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Rubrique", "Libellé", "Mesure", "Valeur"]
    assert ["Activité", "Demi-journées", "", "8"] in rows
    assert ["Par activité", "qualification", "Inscrits", "7"] in rows
    assert ["Faits marquants", "", "", '\'=HYPERLINK("x")'] in rows  # never a formula
    sheets = ods_sheets(admin.get(f"{PB_2024}rapport.ods").content)
    assert ["Activité", "Demi-journées", "8"] in sheets["Synthèse"]
    assert ["qualification", "3", "6", "7", "3"] in sheets["Par activité"]
    response = admin.get(f"{PB_2024}rapport.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert_pdf_ua(response.content, title="Rapport d'activité 2024 : Profession Banlieue")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Profession Banlieue" in text and "Deuxième paragraphe." in text


def test_the_network_report_gathers_the_validated_reports(admin, activity):  # noqa: F811
    reso = Centre.objects.get(slug="reso-villes")
    admin.post(PB_2024, {"highlights": "Faits de Profession Banlieue."})
    admin.post(f"{PB_2024}submit/")
    animator = animator_of(admin)
    animator.post(f"/reseau/rapports/{reso.slug}/2024/submit/")  # submitted, not validated
    page = animator.get("/reseau/rapport-du-reseau/2024/").content.decode()
    assert "Aucun rapport validé" in page and "soumis à l&#x27;animation nationale" in page
    animator.post(f"{PB_2024}validate/")
    page = animator.get("/reseau/rapport-du-reseau/2024/").content.decode()
    assert "Faits de Profession Banlieue." in page
    sheets = ods_sheets(animator.get("/reseau/rapport-du-reseau/2024/rapport.ods").content)
    assert [row[0] for row in sheets["Centres"][1:]] == ["Profession Banlieue"]  # RésO Villes' is not validated
    assert ["Activité", "Sessions", "5"] in sheets["Synthèse"]
    pdf = animator.get("/reseau/rapport-du-reseau/2024/rapport.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert_pdf_ua(pdf.content, title="Rapport d'activité 2024 du réseau")
    csv_text = animator.get("/reseau/rapport-du-reseau/2024/rapport.csv").content.decode("utf-8-sig")
    assert "Couverture;Départements;;" in csv_text


def test_the_network_report_csv_holds_its_centres_and_their_highlights(admin, activity):  # noqa: F811
    admin.post(PB_2024, {"highlights": "Faits de Profession Banlieue.\nUn second paragraphe."})
    admin.post(f"{PB_2024}submit/")
    csv_url = "/reseau/rapport-du-reseau/2024/rapport.csv"
    assert admin.get(csv_url).status_code == 403  # a centre's admin: not the network's report
    animator = animator_of(admin)
    animator.post(f"{PB_2024}validate/")
    response = animator.get(csv_url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Rubrique", "Libellé", "Mesure", "Valeur"]
    assert ["Centres", "Profession Banlieue", "Sessions", "5"] in rows
    assert ["Centres", "Profession Banlieue", "Demi-journées", "8"] in rows
    assert [
        "Faits marquants",
        "Profession Banlieue",
        "Faits marquants",
        "Faits de Profession Banlieue.\nUn second paragraphe.",
    ] in rows
    # The network's people add up its centres' (a person reached by two counts twice): said so.
    labels = {row[1] for row in rows if row[0] == "Activité"}
    assert "Personnes touchées (somme des personnes touchées par chaque centre)" in labels
    assert "Personnes touchées" not in labels
