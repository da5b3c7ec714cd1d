"""Chromium under the site's Content-Security-Policy (the `page` fixture fails a test on any violation):
the legal pages reached from the footer, the confirmation dialogs and the print button run by a static
script instead of inline handlers, the map, the autocomplete and the admin."""

import re

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible, sign_in, sign_out
from passerelles.testing.pdfs import text_pdf

pytestmark = pytest.mark.browser
TITLE = "Fiche à garder puis à supprimer"


def test_the_legal_pages_from_every_footer(page, site_url):
    page.goto(site_url + "/")
    footer = page.locator("#footer")
    for link, heading in [
        ("Plan du site", "Plan du site"),
        ("Mentions légales", "Mentions légales"),
        ("Données personnelles", "Données personnelles"),
        ("Contact", "Contact"),
    ]:
        footer.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
    page.locator("#footer").get_by_role("link", name="Plan du site").click()
    page.get_by_role("navigation", name="Plan du site").get_by_role("link", name="Couverture du territoire").click()
    expect(page.locator("svg.pa-map")).to_be_visible()  # the map draws under the policy


def test_the_autocomplete_fetches_under_the_policy(page, site_url):
    page.goto(site_url + "/centres/quel-centre-couvre-ma-commune/")
    page.get_by_label("Votre commune").press_sequentially("Villeurb", delay=30)
    expect(page.locator("#communes-suggestions option[value='Villeurbanne (69)']")).to_have_count(1)


def test_a_confirmation_refused_keeps_the_item_and_one_accepted_removes_it(page, site_url, tmp_path):
    sign_in(page, site_url, "redaction@demo.passerelles.fr")
    page.get_by_role("link", name="Mes fiches").click()
    page.get_by_role("link", name="Nouvelle fiche").click()
    page.get_by_role("textbox", name=re.compile("Titre")).fill(TITLE)
    page.get_by_role("textbox", name=re.compile("Résumé")).fill("Une fiche pour éprouver les confirmations.")
    page.get_by_role("textbox", name=re.compile("Territoires")).fill("Brest (29)")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_test_id("status")).to_have_text("brouillon")
    pdf = tmp_path / "bilan.pdf"
    pdf.write_bytes(text_pdf("Bilan de l'action."))
    page.get_by_label("Titre de la pièce jointe").fill("Bilan")
    page.get_by_label("Fichier").set_input_files(str(pdf))
    page.get_by_role("button", name="Joindre le fichier").click()
    expect(page.get_by_text("Pièce jointe ajoutée.")).to_be_visible()

    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="Retirer « Bilan »").click()
    expect(page.get_by_role("link", name="Bilan", exact=True)).to_be_visible()
    page.reload()  # nothing was sent: the attachment is still there
    expect(page.get_by_role("link", name="Bilan", exact=True)).to_be_visible()
    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_role("button", name="Retirer « Bilan »").click()
    expect(page.get_by_text("Pièce jointe retirée.")).to_be_visible()
    expect(page.get_by_text("Aucune pièce jointe.")).to_be_visible()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="Supprimer cette fiche non publiée").click()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_role("button", name="Supprimer cette fiche non publiée").click()
    expect(page.get_by_text("Fiche supprimée.")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    assert questions == ["Retirer cette pièce jointe ?"] * 2 + ["Supprimer définitivement cette fiche ?"] * 2
    sign_out(page)


def test_the_print_button_prints_the_comparison(page, site_url):
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page.goto(site_url + "/experiences/")
    page.locator("input[name=fiches]").nth(0).check(force=True)  # the DSFR box is drawn by its label
    page.locator("input[name=fiches]").nth(1).check(force=True)
    page.get_by_role("button", name="Comparer la sélection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comparaison de 2 fiches expérience")
    page.get_by_role("button", name="Imprimer").click()
    page.wait_for_function("() => window.printed === 1")


def test_the_printable_sheet_and_the_admin_under_the_policy(page, site_url):
    page.goto(site_url + "/experiences/")
    page.locator(".fr-card__title a").first.click()
    page.goto(page.url + "imprimer/")
    expect(page.locator("h1")).to_be_visible()
    assert page.evaluate("() => getComputedStyle(document.querySelector('h1')).color") == "rgb(0, 0, 145)"

    sign_in(page, site_url, "animation@demo.passerelles.fr")
    page.goto(site_url + "/admin/centres/centre/")
    page.get_by_role("link", name=re.compile("RésO Villes")).first.click()
    expect(page.locator("#content h1")).to_contain_text("centre de ressources")
