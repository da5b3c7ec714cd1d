"""A centre admin, in Chromium, enters the funding of last year, writes the highlights of the
centre's annual report and submits it; the national animation validates it and opens the network
report. axe-core finds no serious or critical violation on each page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_a_centre_admin_enters_its_funding_and_submits_its_report(page, site_url):
    last_year = timezone.localdate().year - 1
    year = last_year - 4  # the demo fills the last three years' funding and last year's report
    sign_in(page, site_url, "admin-centre@demo.passerelles.fr")
    page.goto(f"{site_url}/reseau/financements/pb/{year}/")
    page.get_by_label("État – ANCT (politique de la ville) (€)").fill("80000")
    page.get_by_label("Département (€)").fill("20000")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_test_id("funding-summary")).to_contain_text("dont État : 80")
    page.goto(f"{site_url}/reseau/financements/")
    expect(page.get_by_test_id("table-part-etat").locator("line-chart canvas")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{site_url}/comptes/mon-compte/")
    page.get_by_role("link", name="Rapports annuels d'activité").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Rapports annuels d'activité {last_year}")
    assert_accessible(page)
    page.goto(f"{site_url}/reseau/rapports/?year={year}")
    page.get_by_test_id("reports").get_by_role("link").first.click()
    expect(page.get_by_test_id("report-status")).to_contain_text("en préparation")
    assert_accessible(page)
    page.get_by_role("textbox", name="Faits marquants").fill("Une année de qualification des adultes-relais.")
    page.get_by_role("button", name="Enregistrer les faits marquants").click()
    expect(page.locator(".fr-alert--success, .fr-alert")).to_contain_text("enregistrés")
    page.get_by_role("button", name="Soumettre à l'animation nationale").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("soumis à l'animation nationale")
    expect(page.get_by_role("table", name="Synthèse")).to_contain_text("80")  # the State's funding, frozen
    assert_accessible(page)
    sign_out(page)

    sign_in(page, site_url, "animation@demo.passerelles.fr")
    page.goto(f"{site_url}/reseau/rapports/pb/{year}/")
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("validé")
    page.goto(f"{site_url}/reseau/rapport-du-reseau/{year}/")
    expect(page.get_by_role("main")).to_contain_text("Une année de qualification des adultes-relais.")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    assert download.value.suggested_filename == f"rapport-reseau-{year}.pdf"
