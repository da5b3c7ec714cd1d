"""The national animation's simulation page: who may open it, what it shows, bad formulas."""

import csv
import io
import re

import pytest
from django.utils.http import urlencode

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.enums import COVERING_STATUSES
from passerelles.centres.models import Centre

from ..services import cofinancing
from .funded import enter_current_allocation, expected_measures
from .helpers import FORMULA, text

pytestmark = pytest.mark.django_db
URL = "/reseau/repartition/"


def test_only_the_national_animation_opens_it(client):
    assert client.get(URL)["Location"].startswith("/comptes/")
    centre = Centre.objects.get(slug="pb")
    client.force_login(MembershipFactory(centre=centre, role=Role.CENTRE_ADMIN).user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, FORMULA).status_code == 405


def test_every_covering_centre_gets_its_explained_share_and_they_sum_to_the_envelope(animator):
    funded = Centre.objects.get(slug="pb")
    cofinancing.save_amounts(funded, 2025, {"state_anct": 200_000, "region": 50_000}, None)
    response = animator.get(URL, FORMULA)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == Centre.objects.filter(status__in=COVERING_STATUSES).count()
    assert sum(row["share"].amount for row in rows) == 5_000_000
    assert all(row["share"].amount >= 100_000 for row in rows)
    page = text(response)
    first = rows[0]["share"]
    assert first.explanation in page and first.explanation.startswith("base 40\u202f000 €")
    assert "Coefficient de Gini" in page and "Aucune liste de quartiers prioritaires" in page
    compared = next(row["share"] for row in rows if row["share"].centre.key == "pb")
    assert compared.centre.current == 200_000 and compared.difference == compared.amount - 200_000
    assert f"{compared.difference:+,} €".replace(",", "\xa0") in page  # intcomma, in French


def test_the_amounts_before_saving_as_csv(client, animator):
    response = animator.get(f"{URL}simulation.csv", FORMULA)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    page_rows = animator.get(URL, FORMULA).context["rows"]
    assert [row[0] for row in rows[1:]] == [row["share"].centre.name for row in page_rows]
    amounts = [int(row[rows[0].index("montant (€)")]) for row in rows[1:]]
    assert sum(amounts) == 5_000_000
    assert f"simulation.csv?{urlencode(FORMULA)}" in text(animator.get(URL, FORMULA)).replace("&amp;", "&")
    refused = {**FORMULA, **{name: "0" for name in FORMULA if name.startswith("weight")}}
    assert animator.get(f"{URL}simulation.csv", refused).status_code == 404


def test_the_results_alone_follow_the_values_as_the_page_asks_for_them(animator):
    response = animator.get(f"{URL}resultats/", FORMULA)
    assert response.status_code == 200
    fragment = text(response)
    assert fragment.lstrip().startswith("<") and "<html" not in fragment and "Poids : " not in fragment
    rows = response.context["rows"]
    assert [row["share"].amount for row in rows] == [
        row["share"].amount for row in animator.get(URL, FORMULA).context["rows"]
    ]
    assert rows[0]["share"].explanation in fragment and 'name="weight_departements" value="2"' in fragment
    wrong = text(animator.get(f"{URL}resultats/", {**FORMULA, "envelope": "-5"}))
    assert "data-form-errors" in wrong and "Montant de chaque centre" not in wrong
    assert 'data-source="/reseau/repartition/resultats/"' in text(animator.get(URL, FORMULA))


def fairness_cells(page, testid="fairness"):
    """The cells of the row of each measure in the fairness table."""
    table = re.search(rf'<table data-testid="{testid}">.*?</table>', page, re.S).group(0)
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table)]


def current_note(page):
    return re.sub(r"[ \n]+", " ", re.search(r'data-testid="current-allocation">(.*?)</p>', page, re.S).group(1)).strip()


def test_the_current_allocation_s_fairness_is_shown_beside_the_scenario_s(animator):
    entered = enter_current_allocation()
    response = animator.get(URL, FORMULA)
    page = text(response)
    assert "<caption>Équité de ce scénario et de l'allocation actuelle</caption>" in page
    assert '<th scope="col">Allocation actuelle (État – ANCT 2025)</th>' in page
    cells = fairness_cells(page)
    assert [now for _, now in cells] == expected_measures(entered)
    assert [scenario for scenario, _ in cells] == [value for _, value in response.context["measures"]]
    missing = len(response.context["rows"]) - 3
    note = current_note(page)
    assert "Allocation actuelle : 450\xa0000 € de l'État – ANCT saisis pour 2025, pour 3 centres." in note
    assert f"Non saisie pour {missing} centres" in note and "calculées sans ces centres" in note
    assert all(name not in note for name in response.context["current_allocation"].counted)
    per_inhabitant = {row["share"].centre.key: row["current_per_inhabitant"] for row in response.context["rows"]}
    assert per_inhabitant["pb"] == "12,00"  # 150 000 € for 12 500 inhabitants of its QPV
    assert sum(value == "non saisie" for value in per_inhabitant.values()) == missing
    assert "Euros par habitant des QPV (allocation actuelle)" in page


def test_without_any_amount_entered_the_current_allocation_is_said_not_entered(animator):
    page = text(animator.get(URL, FORMULA))
    assert [now for _, now in fairness_cells(page)] == ["non saisie"] * 3
    assert current_note(page).startswith("Allocation actuelle non saisie : aucun financement de l'État – ANCT")


def test_criteria_without_data_are_named_not_shown_as_zeros(animator):
    page = text(animator.get(URL, FORMULA))  # no contrats de ville list loaded in the tests
    note = re.search(r'data-testid="unloaded-criteria">(.*?)</p>', page, re.S).group(1)
    assert "EPCI avec un contrat de ville, communes avec un contrat de ville" in note
    header = re.search(r'<table data-testid="shares">.*?</thead>', page, re.S).group(0)
    assert "contrat de ville" not in header and "Population couverte" in header


def test_the_page_opens_on_starting_values(animator):
    response = animator.get(URL)
    assert response.status_code == 200 and response.context["form"].is_bound
    assert "Montant de chaque centre" in text(response)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weight_population": "0", "weight_departements": "0"}, "La somme des poids est nulle"),
        ({"weight_qpv": "3"}, "vaut zéro pour tous les centres"),
        ({"floor": "900000"}, "inférieure à la somme des planchers"),
        ({"envelope": "-3"}, "supérieure ou égale à 1"),
        ({"envelope": "beaucoup"}, "Saisissez un nombre entier"),
        ({"floor": "50000", "ceiling": "1000"}, "au moins égal au plancher"),
    ],
    ids=["zero-weights", "no-data", "floors", "negative", "not-a-number", "ceiling"],
)
def test_a_bad_formula_is_explained_in_french(animator, change, message):
    response = animator.get(URL, {**FORMULA, **change})
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert "rows" not in response.context
    if response.context["form"].errors:
        assert re.search(r"<title>\s*Erreur", page)
