"""The national animation's own views of a centre's work, in Chromium: the report a centre admin has
just submitted, with the forms that validate it or return it with a comment (returned here, the
comment then shown), and the centre's funding of that year with the button that locks it (locked
here, the amounts then shown as a table and the button unlocking). axe-core finds no moderate,
serious or critical violation on each of these pages."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser
ADMIN, ANIMATION = "admin-centre@demo.passerelles.fr", "animation@demo.passerelles.fr"
# A year no other journey nor the demo writes for the centre « pb »: its report and funding start empty.
YEAR = timezone.localdate().year - 6


def test_the_animation_returns_a_submitted_report_and_locks_the_funding(page, site_url):
    report_url, funding_url = f"{site_url}/reseau/rapports/pb/{YEAR}/", f"{site_url}/reseau/financements/pb/{YEAR}/"
    sign_in(page, site_url, ADMIN)
    page.goto(funding_url)
    page.get_by_label("État – ANCT (politique de la ville) (€)").fill("75000")
    page.get_by_label("Région (€)").fill("25000")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_test_id("funding-summary")).to_contain_text("En saisie.")
    expect(page.get_by_role("button", name="Vérifié : verrouiller")).to_have_count(0)  # not the centre's to lock
    page.goto(report_url)
    page.get_by_role("textbox", name="Faits marquants").fill("Une année d'appui aux conseils citoyens.")
    page.get_by_role("button", name="Enregistrer les faits marquants").click()
    page.get_by_role("button", name="Soumettre à l'animation nationale").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("soumis à l'animation nationale")
    sign_out(page)

    sign_in(page, site_url, ANIMATION)
    page.goto(report_url)
    expect(page.get_by_test_id("report-status")).to_contain_text("soumis à l'animation nationale")
    expect(page.get_by_role("button", name="Valider")).to_be_visible()
    comment = page.get_by_role("textbox", name="Commentaire pour le centre (obligatoire)")
    expect(comment).to_be_visible()
    expect(page.get_by_role("textbox", name="Faits marquants")).to_have_count(0)  # submitted: closed
    assert_accessible(page)
    comment.fill("Précisez le nombre de conseils citoyens accompagnés.")
    page.get_by_role("button", name="Renvoyer au centre").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("en préparation")
    expect(page.get_by_role("main")).to_contain_text("Précisez le nombre de conseils citoyens accompagnés.")
    assert_accessible(page)

    page.goto(funding_url)
    expect(page.get_by_test_id("funding-summary")).to_contain_text("dont État : 75")
    expect(page.get_by_role("button", name="Vérifié : verrouiller")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Vérifié : verrouiller").click()
    expect(page.get_by_test_id("funding-summary")).to_contain_text("Vérifié et verrouillé par l'animation nationale")
    expect(page.get_by_role("table", name=f"Financements {YEAR} par financeur")).to_contain_text("Région")
    expect(page.get_by_role("button", name="Déverrouiller pour correction")).to_be_visible()
    assert_accessible(page)
