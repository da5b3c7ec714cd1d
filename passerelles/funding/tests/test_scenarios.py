"""Scenarios: saved from the simulator, opened again, compared side by side, exported as CSV; the
national animation only; a formula that does not allocate is not kept."""

import csv
import io
import re

import pytest
from pypdf import PdfReader

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.testing.pdfua import assert_pdf_ua

from ..models import Scenario
from .funded import enter_current_allocation, expected_measures
from .helpers import FORMULA, text
from .test_simulator import current_note, fairness_cells

pytestmark = pytest.mark.django_db


def save(client, name, **change):
    return client.post("/reseau/repartition/enregistrer/", {**FORMULA, **change, "name": name})


def test_save_open_compare_and_export(animator):
    assert "Enregistrer ce scénario" in text(animator.get("/reseau/repartition/", FORMULA))
    by_population = save(animator, "Population")
    save(animator, "Départements", weight_population="0", weight_departements="5")
    first, second = Scenario.objects.order_by("pk")
    assert by_population["Location"] == f"/reseau/repartition/scenarios/{first.pk}/"
    assert first.values["weight_population"] == "1" and second.values["weight_departements"] == "5"
    opened = animator.get(by_population["Location"])
    assert opened.status_code == 200 and sum(share.amount for share in opened.context["shares"]) == 5_000_000
    assert "Modifier dans le simulateur" in text(opened)

    compared = animator.get("/reseau/repartition/comparer/", {"scenario": [first.pk, second.pk]})
    assert compared.status_code == 200
    rows = compared.context["rows"]
    assert all(row["gap"] == row["other"] - row["share"].amount for row in rows)
    assert sum(row["gap"] for row in rows) == 0  # both share the same envelope
    assert "Coefficient de Gini" in text(compared)

    exported = animator.get(f"/reseau/repartition/scenarios/{first.pk}/scenario.csv")
    assert exported["Content-Disposition"] == f'attachment; filename="scenario-{first.pk}.csv"'
    lines = exported.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("centre;population couverte;") and len(lines) == 1 + len(rows)

    printed = animator.get(f"/reseau/repartition/scenarios/{first.pk}/scenario.pdf")
    assert printed["Content-Type"] == "application/pdf"
    assert printed["Content-Disposition"] == f'attachment; filename="scenario-{first.pk}.pdf"'
    assert_pdf_ua(printed.content, title=f"Scénario de répartition « {first.name} »")
    pdf_text = pdf_words(printed)
    assert "Population" in pdf_text and "Montant de chaque centre" in pdf_text and "Coefficient de Gini" in pdf_text


def pdf_words(response):
    """The PDF's text, lines joined (a table cell wraps its words)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_current_allocation_is_beside_the_scenarios_everywhere(animator):
    entered = enter_current_allocation()
    expected = expected_measures(entered)
    save(animator, "Population")
    save(animator, "=Départements", weight_population="0", weight_departements="5")  # a name a spreadsheet runs
    first, second = Scenario.objects.order_by("pk")

    opened = text(animator.get(f"/reseau/repartition/scenarios/{first.pk}/"))
    assert [now for _, now in fairness_cells(opened)] == expected
    assert "calculées sans ces centres" in current_note(opened)

    url = "/reseau/repartition/comparer/"
    compared = animator.get(url, {"scenario": [first.pk, second.pk]})
    page = text(compared)
    assert "<caption>Équité des deux scénarios et de l'allocation actuelle</caption>" in page
    cells = fairness_cells(page, "compared-fairness")
    assert [row[2] for row in cells] == expected
    first_measures = [value for _, value in animator.get(first.get_absolute_url()).context["measures"]]
    assert [row[0] for row in cells] == first_measures
    assert "Allocation actuelle : 450\xa0000 € de l'État – ANCT saisis pour 2025, pour 3 centres." in current_note(page)
    shares = re.search(r'<table data-testid="compared-shares">.*?</table>', page, re.S).group(0)
    assert "150\xa0000 €" in shares and "12,00" in shares and "non saisie" in shares

    measures = csv_rows(animator.get(url, {"scenario": [first.pk, second.pk], "tableau": "equite"}))
    assert measures[0] == ["mesure", "Population", "'=Départements", "allocation actuelle 2025 (État – ANCT)"]
    assert [row[3] for row in measures[1:]] == expected
    assert [row[1] for row in measures[1:]] == first_measures
    exported = animator.get(url, {"scenario": [first.pk, second.pk], "tableau": "centres"})
    assert exported["Content-Disposition"] == f'attachment; filename="comparaison-{first.pk}-{second.pk}-centres.csv"'
    header, *rows = csv_rows(exported)
    assert header == [
        "centre",
        "outre-mer",
        "allocation actuelle 2025 (État – ANCT, €)",
        "allocation actuelle 2025 : euros par habitant des QPV",
        "Population (€)",
        "Population : euros par habitant des QPV",
        "'=Départements (€)",
        "'=Départements : euros par habitant des QPV",
        "écart entre les deux scénarios (€)",
    ]
    context_rows = compared.context["rows"]
    assert len(rows) == len(context_rows)
    by_name = {row[0]: row for row in rows}
    for row in context_rows:
        line = by_name[row["share"].centre.name]
        assert line[4:] == [
            str(row["share"].amount),
            row["per_inhabitant"][0],
            str(row["other"]),
            row["per_inhabitant"][1],
            str(row["gap"]),  # a negative gap stays a number
        ]
    pb = next(line for line in rows if line[0] == Centre.objects.get(slug="pb").display_name)
    assert pb[1:4] == ["non", "150000", "12,00"]
    assert sum(line[2] == "" for line in rows) == len(rows) - 3
    assert animator.get(url, {"scenario": [first.pk, second.pk], "tableau": "autre"}).status_code == 404

    scenario_csv = csv_rows(animator.get(f"/reseau/repartition/scenarios/{first.pk}/scenario.csv"))
    assert scenario_csv[0][-2:] == ["euros par habitant des QPV", "euros par habitant des QPV (allocation actuelle)"]
    assert next(line for line in scenario_csv if line[0] == pb[0])[-1] == "12,00"

    printed = pdf_words(animator.get(f"/reseau/repartition/scenarios/{first.pk}/scenario.pdf"))
    assert "Allocation actuelle (État – ANCT 2025)" in printed
    for (label, value), now in zip(animator.get(first.get_absolute_url()).context["measures"], expected, strict=True):
        assert f"{label} {value} {now}" in printed
    assert "les mesures de l'allocation actuelle sont calculées sans ces centres" in printed


def test_two_scenarios_of_different_years_are_each_beside_the_allocation_of_their_year(animator):
    expected = expected_measures(enter_current_allocation(2025))
    save(animator, "Activité 2025")
    save(animator, "Activité 2024", year="2024")
    first, second = Scenario.objects.order_by("pk")
    compared = animator.get("/reseau/repartition/comparer/", {"scenario": [first.pk, second.pk]})
    page = text(compared)
    assert [[row[2], row[3]] for row in fairness_cells(page, "compared-fairness")] == [
        [now, "non saisie"] for now in expected
    ]
    assert '<th scope="col">Allocation actuelle (État – ANCT 2024)</th>' in page
    assert "aucun financement de l'État – ANCT n'est saisi pour 2024" in page
    header, *rows = csv_rows(
        animator.get("/reseau/repartition/comparer/", {"scenario": [first.pk, second.pk], "tableau": "centres"})
    )
    assert header[2:6] == [
        "allocation actuelle 2025 (État – ANCT, €)",
        "allocation actuelle 2025 : euros par habitant des QPV",
        "allocation actuelle 2024 (État – ANCT, €)",
        "allocation actuelle 2024 : euros par habitant des QPV",
    ]
    assert all(row[4:6] == ["", "non saisie"] for row in rows)


def test_a_scenario_the_day_s_figures_no_longer_allow_is_not_printed(animator):
    refused = Scenario.objects.create(name="Ancien", values={**FORMULA, "weight_qpv": "3"})  # no QPV list loaded
    response = animator.get(f"/reseau/repartition/scenarios/{refused.pk}/scenario.pdf")
    assert response["Location"] == f"/reseau/repartition/scenarios/{refused.pk}/"
    assert "vaut zéro pour tous les centres" in text(animator.get(response["Location"]))


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("", {}, "donnez-lui un nom"),
        ("Sans poids", {"weight_population": "0", "weight_departements": "0"}, "ne répartit pas l'enveloppe"),
        ("Mauvais", {"envelope": "beaucoup"}, "donnez-lui un nom et une formule valable"),
    ],
    ids=["no-name", "refused", "invalid"],
)
def test_a_scenario_that_cannot_be_kept_is_not(animator, name, change, message):
    response = save(animator, name, **change)
    assert response["Location"].startswith("/reseau/repartition/?")
    assert message in text(animator.get(response["Location"]))
    assert not Scenario.objects.exists()


def test_comparing_needs_two_scenarios(animator):
    save(animator, "Seul")
    only = Scenario.objects.get()
    response = animator.get("/reseau/repartition/comparer/", {"scenario": [only.pk]})
    assert response["Location"] == "/reseau/repartition/scenarios/"
    assert animator.get("/reseau/repartition/comparer/", {"scenario": [only.pk, 99999]}).status_code == 404


def test_the_scenarios_are_the_national_animation_s_only(client):
    scenario = Scenario.objects.create(name="Interne", values=FORMULA)
    client.force_login(MembershipFactory(centre=Centre.objects.get(slug="pb"), role=Role.CENTRE_ADMIN).user)
    for url in (
        "/reseau/repartition/scenarios/",
        f"/reseau/repartition/scenarios/{scenario.pk}/",
        f"/reseau/repartition/scenarios/{scenario.pk}/scenario.csv",
        f"/reseau/repartition/scenarios/{scenario.pk}/scenario.pdf",
        f"/reseau/repartition/comparer/?scenario={scenario.pk}&scenario={scenario.pk}",
    ):
        assert client.get(url).status_code == 403, url
    assert save(client, "Intrus").status_code == 403
    assert Scenario.objects.count() == 1
