"""The national animation enters the State's funding of a centre, tries a formula in Chromium:
changes a weight and a centre's floor, sees the amounts and the fairness figures move beside the
current allocation's, saves, compares with the current allocation (and downloads the comparison's
CSV), publishes a scenario with its method, which a visitor then reads. axe-core finds no serious or
critical violation, on the results, on a refused formula and on the public pages."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser
ANIMATION = "animation@demo.passerelles.fr"


def test_the_animation_changes_a_weight_and_sees_the_fairness_move(page, site_url):
    year = timezone.localdate().year - 1  # the activity the simulator counts first
    sign_in(page, site_url, ANIMATION)
    for slug, amount in (
        ("reso-villes", "210000"),
        ("centre-de-ressources-politique-de-la-ville-de-la-reunion", "95000"),
    ):
        page.goto(f"{site_url}/reseau/financements/{slug}/{year}/")
        page.get_by_label("État – ANCT (politique de la ville) (€)").fill(amount)
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_test_id("funding-summary")).to_contain_text("dont État : ")
    page.goto(f"{site_url}/reseau/repartition/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Répartition de l'enveloppe de l'État : simulation")
    shares, fairness = page.get_by_test_id("shares"), page.get_by_test_id("fairness")
    expect(shares).to_be_visible()
    current_column = fairness.get_by_role("columnheader", name=f"Allocation actuelle (État – ANCT {year})")
    expect(current_column).to_be_visible()
    expect(page.get_by_test_id("current-allocation")).to_contain_text(f"de l'État – ANCT saisis pour {year}")
    assert_accessible(page)
    before = fairness.inner_text()
    page.get_by_role("button", name="Planchers et plafonds par centre").click()
    own_floor = page.get_by_test_id("centre-bounds").get_by_label("Plancher : ", exact=False).first
    expect(own_floor).to_be_visible()
    assert_accessible(page)
    own_floor.fill("150000")
    page.get_by_label("Poids : nombre de départements").fill("40")
    current_before = fairness.locator("tbody tr td:nth-child(3)").all_inner_texts()
    # No « Calculer »: the results follow the values typed, and say so to assistive technologies.
    expect(page.get_by_role("status")).to_have_text("Résultats recalculés.")
    assert "=40" in page.url
    fairness = page.get_by_test_id("fairness")  # the results were replaced
    shares = page.get_by_test_id("shares")
    expect(fairness).not_to_have_text(before)
    expect(fairness.locator("tbody tr td:nth-child(3)")).to_have_text(current_before)  # the current one stays
    expect(shares.locator("tbody tr").first).to_contain_text("nombre de départements")
    assert_accessible(page)

    page.get_by_label("Nom du scénario").fill("Départements d'abord")
    page.get_by_role("button", name="Enregistrer ce scénario").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scénario « Départements d'abord »")
    expect(page.get_by_test_id("own-bounds")).to_contain_text("plancher 150")  # the values recomputed were saved
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("link", name="Modifier dans le simulateur").click()
    page.get_by_label("Poids : nombre de départements").fill("1")
    page.get_by_role("button", name="Calculer").click()
    page.get_by_label("Nom du scénario").fill("Équilibré")
    page.get_by_role("button", name="Enregistrer ce scénario").click()
    page.goto(f"{site_url}/reseau/repartition/scenarios/")
    assert_accessible(page)
    page.get_by_label("Départements d'abord", exact=False).check(force=True)  # the DSFR label covers the box
    page.get_by_label("Équilibré", exact=False).check(force=True)
    page.get_by_role("button", name="Comparer").click()
    compared = page.get_by_test_id("compared-fairness")
    headers = compared.get_by_role("columnheader")  # the scenarios newest first, then the current allocation
    expect(headers).to_have_text(
        ["Mesure", "Équilibré", "Départements d'abord", f"Allocation actuelle (État – ANCT {year})"]
    )
    # The current allocation's measures, on the centres entered: no « non saisie »; the demo's QPV have
    # no population (Gini and ratio « — »), but La Réunion's funding gives an overseas share.
    now = compared.locator("tbody tr td:nth-child(4)")
    expect(now).to_have_text(
        [re.compile(r"^(\d+,\d{3}|—)$"), re.compile(r"^(\d+,\d{2}|—)$"), re.compile(r"^\d+,\d %$")]
    )
    expect(now.last).not_to_have_text("0,0 %")
    expect(page.get_by_test_id("current-allocation")).to_contain_text(f"saisis pour {year}")
    expect(page.get_by_test_id("compared-shares")).to_contain_text(re.compile(r"210\s000 €"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger ce tableau (CSV) : équité", exact=False).click()
    assert download.value.suggested_filename.endswith("-equite.csv")
    assert_accessible(page)
    page.goto(f"{site_url}/reseau/repartition/")

    for label in (
        "population couverte",
        "population des quartiers prioritaires",
        "nombre de quartiers prioritaires",
        "nombre de départements",
        "activité en demi-journées",
    ):
        page.get_by_label(f"Poids : {label}").fill("0")
    page.get_by_role("button", name="Calculer").click()
    expect(page.get_by_test_id("refusal")).to_contain_text("La somme des poids est nulle")
    assert_accessible(page)

    page.goto(f"{site_url}/reseau/repartition/scenarios/")
    page.get_by_test_id("scenarios").get_by_role("link", name="Départements d'abord").click()
    expect(page.get_by_test_id("own-bounds")).to_contain_text("plancher 150")
    page.get_by_label("Méthode").fill("Les départements d'abord : la concertation l'a préféré.")
    page.get_by_label("Remplacer la répartition déjà publiée", exact=False).check(force=True)  # the demo's, if any
    page.get_by_role("button", name="Publier la répartition").click()
    title = re.compile(r"Répartition \d{4} de l'enveloppe de l'État")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    sign_out(page)
    page.goto(f"{site_url}/reseau/repartition/publiee/")
    assert_accessible(page)
    page.get_by_test_id("published-years").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_test_id("method")).to_have_text("Les départements d'abord : la concertation l'a préféré.")
    expect(page.get_by_test_id("own-bounds")).to_contain_text("plancher 150")
    expect(page.get_by_test_id("shares").locator("tbody tr").first).to_contain_text("nombre de départements")
    assert_accessible(page)


def test_a_centre_admin_enters_the_funding_of_a_year(page, site_url):
    sign_in(page, site_url, "admin-centre@demo.passerelles.fr")
    page.goto(f"{site_url}/reseau/financements/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cofinancement des centres")
    assert_accessible(page)
    page.get_by_test_id("entry-links").get_by_role("link").first.click()
    page.get_by_label("État – ANCT (politique de la ville) (€)").fill("90000")
    page.get_by_label("Région (€)").fill("30000")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_test_id("funding-summary")).to_contain_text("dont État : 90")
    assert_accessible(page)
