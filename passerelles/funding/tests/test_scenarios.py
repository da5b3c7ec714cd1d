"""Scenarios: saved from the simulator, opened again, compared side by side, exported as CSV; the
national animation only; a formula that does not allocate is not kept."""

import io

import pytest
from pypdf import PdfReader

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.testing.pdfua import assert_pdf_ua

from ..models import Scenario
from .helpers import FORMULA, text

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
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(printed.content)).pages)
    assert "Population" in pdf_text and "Montant de chaque centre" in pdf_text and "Coefficient de Gini" in pdf_text


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
