"""Publishing the chosen scenario with its method: the results are frozen on that day and everyone
reads them, with their CSV, whatever the data become; one per year, replaced only when asked,
withdrawn on request; the national animation only; bad input changes nothing."""

import re

import pytest
from django.test import Client

from passerelles.accounts.enums import Role
from passerelles.accounts.tests.factories import MembershipFactory
from passerelles.centres.models import Centre
from passerelles.testing.second_factor import SecondFactorClient

from ..models import PublishedAllocation, Scenario
from ..services import cofinancing
from .funded import enter_current_allocation, expected_measures
from .helpers import FORMULA, text
from .test_simulator import current_note, fairness_cells

pytestmark = pytest.mark.django_db
METHOD = "Formule retenue après la concertation de juin : la population d'abord.\nLes départements ensuite."
PUBLIC = "/reseau/repartition/publiee/"


def saved(name="Population", **change):
    return Scenario.objects.create(name=name, values={**FORMULA, **change})


def publish(client, scenario, **change):
    return client.post(
        f"/reseau/repartition/scenarios/{scenario.pk}/publier/", {"year": "2026", "method": METHOD, **change}
    )


def shares_table(page):
    return re.search(r'<table data-testid="shares">.*?</table>', page, re.S).group(0)


def test_publishing_freezes_the_results_and_everyone_reads_them(animator):
    centre = Centre.objects.get(slug="pb")
    centre.name, centre.short_name = "=Centre piégé", ""  # a name a spreadsheet would run
    centre.save()
    cofinancing.save_amounts(centre, 2025, {"state_anct": 200_000}, None)
    scenario = saved()
    response = publish(animator, scenario)
    assert response["Location"] == f"{PUBLIC}2026/"
    published = PublishedAllocation.objects.get()
    assert (published.year, published.scenario, published.method) == (2026, scenario, METHOD)
    frozen = {row["key"]: row for row in published.snapshot["centres"]}
    assert sum(row["amount"] for row in frozen.values()) == 5_000_000
    assert frozen["pb"]["current"] == 200_000 and frozen["pb"]["difference"] == frozen["pb"]["amount"] - 200_000
    assert "publié pour 2026" in text(animator.get("/reseau/repartition/scenarios/"))

    visitor = Client()
    page = text(visitor.get(f"{PUBLIC}2026/"))
    assert "Formule retenue après la concertation de juin" in page and "<br>Les départements ensuite." in page
    assert frozen["pb"]["explanation"] in page and "Coefficient de Gini" in page
    assert "Population couverte : poids 1, soit 33,3 % du reste" in page
    assert "Nombre de départements : poids 2, soit 66,7 % du reste" in page  # rounded, not cut
    assert published.published_by.email not in page
    exported = visitor.get(f"{PUBLIC}2026/repartition.csv")
    assert exported["Content-Disposition"] == 'attachment; filename="repartition-2026.csv"'
    csv = exported.content.decode("utf-8-sig")
    assert csv.startswith("centre;outre-mer;population couverte;") and csv.count("\n") == 1 + len(frozen)
    assert "'=Centre piégé;non;" in csv and published.published_by.email not in csv

    # The data change afterwards: the scenario moves, the published allocation does not.
    centre.name = "Centre renommé"
    centre.save()
    centre.perimeter.clear()
    cofinancing.save_amounts(centre, 2025, {"state_anct": 999_999}, None)
    today = animator.get(scenario.get_absolute_url()).context["shares"]
    assert next(share.amount for share in today if share.centre.key == "pb") != frozen["pb"]["amount"]
    again = text(visitor.get(f"{PUBLIC}2026/"))
    assert shares_table(again) == shares_table(page) and "Centre renommé" not in again
    assert visitor.get(f"{PUBLIC}2026/repartition.csv").content.decode("utf-8-sig") == csv


def test_the_current_allocation_s_fairness_is_frozen_with_the_publication(animator):
    entered = enter_current_allocation()
    expected = expected_measures(entered)
    publish(animator, saved())
    published = PublishedAllocation.objects.get()
    assert [value for _, value in published.snapshot["current"]["measures"]] == expected
    visitor = Client()
    page = text(visitor.get(f"{PUBLIC}2026/"))
    assert '<th scope="col">Allocation actuelle (État – ANCT 2025)</th>' in page
    cells = fairness_cells(page)
    assert [now for _, now in cells] == expected
    assert [value for value, _ in cells] == [value for _, value in published.snapshot["measures"]]
    assert "Allocation actuelle : 450\xa0000 € de l'État – ANCT saisis pour 2025, pour 3 centres." in current_note(page)
    assert "12,00" in shares_table(page)  # pb: 150 000 € for 12 500 QPV inhabitants
    csv = visitor.get(f"{PUBLIC}2026/repartition.csv").content.decode("utf-8-sig")
    assert "euros par habitant des QPV (allocation 2025)" in csv.splitlines()[0]

    # The amounts entered change afterwards: the published measures do not.
    for key in entered:
        cofinancing.save_amounts(Centre.objects.get(slug=key), 2025, {"state_anct": 1_000}, None)
    assert [now for _, now in fairness_cells(text(visitor.get(f"{PUBLIC}2026/")))] == expected


def test_an_allocation_published_before_the_current_measures_were_kept_still_reads(animator):
    publish(animator, saved())
    published = PublishedAllocation.objects.get()
    del published.snapshot["current"]
    for centre in published.snapshot["centres"]:
        del centre["current_per_qpv_inhabitant"]
    published.save()
    visitor = Client()
    response = visitor.get(f"{PUBLIC}2026/")
    page = text(response)
    assert response.status_code == 200 and "Coefficient de Gini" in page
    assert "Allocation actuelle (État" not in page and 'data-testid="current-allocation"' not in page
    assert [len(row) for row in fairness_cells(page)] == [1, 1, 1]
    exported = visitor.get(f"{PUBLIC}2026/repartition.csv")
    assert exported.status_code == 200 and exported.content.decode("utf-8-sig").count("\n") == 1 + len(
        published.snapshot["centres"]
    )


def test_the_public_list_shows_the_years_newest_first_and_an_unknown_year_is_not_found(animator):
    first, second = saved("Premier"), saved("Second", weight_departements="5")
    publish(animator, first, year="2025")
    publish(animator, second, year="2026")
    visitor = Client()
    listed = text(visitor.get(PUBLIC))
    assert listed.index("Répartition 2026") < listed.index("Répartition 2025")
    assert "5\xa0000\xa0000 € entre" in listed
    for url in (f"{PUBLIC}2024/", f"{PUBLIC}2024/repartition.csv", f"{PUBLIC}99999999999/"):
        response = visitor.get(url)
        assert response.status_code == 404 and "Page introuvable" in text(response), url
    assert "Allow: /reseau/repartition/publiee/" in visitor.get("/robots.txt").content.decode()


def test_nothing_published_yet(client):
    assert "Aucune répartition n'est encore publiée" in text(client.get(PUBLIC))


def test_a_year_is_replaced_only_when_asked_and_can_be_withdrawn(animator):
    first, second = saved("Premier"), saved("Second", weight_departements="5")
    publish(animator, first)
    refused = publish(animator, second)
    assert refused.status_code == 200
    assert "Une répartition est déjà publiée pour 2026" in text(refused)
    assert re.search(r"<title>\s*Erreur", text(refused))
    assert PublishedAllocation.objects.get().scenario == first
    replaced = publish(animator, second, replace="on", method="Autre méthode.")
    assert replaced["Location"] == f"{PUBLIC}2026/"
    published = PublishedAllocation.objects.get()
    assert (published.scenario, published.method) == (second, "Autre méthode.")
    assert "remplacée par ce scénario" in text(animator.get(replaced["Location"]))

    withdrawn = animator.post("/reseau/repartition/retirer/2026/")
    assert withdrawn["Location"] == "/reseau/repartition/scenarios/"
    assert not PublishedAllocation.objects.exists()
    assert Client().get(f"{PUBLIC}2026/").status_code == 404
    assert animator.post("/reseau/repartition/retirer/2026/").status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"method": ""}, "Ce champ est obligatoire"),
        ({"method": "   \n  "}, "Ce champ est obligatoire"),
        ({"year": "1999"}, "Choisissez une année de 2000 à l'an prochain"),
        ({"year": "2999"}, "Choisissez une année de 2000 à l'an prochain"),
        ({"year": "deux mille"}, "Saisissez un nombre entier"),
    ],
    ids=["no-method", "blank-method", "too-early", "too-late", "not-a-year"],
)
def test_bad_input_is_refused_in_french_and_nothing_is_published(animator, change, message):
    response = publish(animator, saved(), **change)
    assert response.status_code == 200
    page = text(response)
    assert message in page and re.search(r"<title>\s*Erreur", page)
    assert not PublishedAllocation.objects.exists()


def test_an_unknown_scenario_or_one_that_no_longer_allocates_is_not_published(animator):
    unknown = animator.post("/reseau/repartition/scenarios/99999/publier/", {"year": "2026", "method": METHOD})
    assert unknown.status_code == 404
    refused = saved("Ancien", weight_qpv="3")  # no QPV list loaded: it no longer allocates
    response = publish(animator, refused)
    assert response["Location"] == refused.get_absolute_url()
    assert "il ne peut pas être publié" in text(animator.get(response["Location"]))
    assert not PublishedAllocation.objects.exists()


def test_only_the_national_animation_publishes_or_withdraws(animator):
    scenario = saved()
    publish(animator, scenario, year="2025")
    before = PublishedAllocation.objects.get()
    anonymous = Client()
    assert publish(anonymous, scenario)["Location"].startswith("/comptes/")
    assert anonymous.post("/reseau/repartition/retirer/2025/")["Location"].startswith("/comptes/")
    admin = SecondFactorClient()
    admin.force_login(MembershipFactory(centre=Centre.objects.get(slug="pb"), role=Role.CENTRE_ADMIN).user)
    assert publish(admin, scenario).status_code == 403
    assert publish(admin, scenario, year="2025", replace="on", method="Intrus").status_code == 403
    assert admin.post("/reseau/repartition/retirer/2025/").status_code == 403
    assert admin.get("/reseau/repartition/scenarios/").status_code == 403
    assert list(PublishedAllocation.objects.values_list("year", "method", "published_at")) == [
        (2025, METHOD, before.published_at)
    ]
    assert animator.get(f"/reseau/repartition/scenarios/{scenario.pk}/publier/").status_code == 405
    assert admin.get(f"{PUBLIC}2025/").status_code == 200  # public: everyone reads it
