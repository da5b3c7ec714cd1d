"""An editor publishes an issue of a periodical with its PDF; a visitor finds it by a word that
appears only inside the PDF (Chromium against the site as `make run` builds it)."""

import re

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible, sign_in, sign_out
from passerelles.testing.pdfs import text_pdf

pytestmark = pytest.mark.browser
TITLE = "Quartiers et biodiversité"
WORD_ONLY_IN_PDF = "zostérophiles"


def test_publish_an_issue_with_its_pdf_and_find_it_by_a_word_inside(page, site_url, tmp_path):
    pdf = tmp_path / "lettre-49.pdf"
    pdf.write_bytes(text_pdf("La lettre de l'hiver.", f"Au jardin partagé, les {WORD_ONLY_IN_PDF} sont revenus."))

    sign_in(page, site_url, "redaction@demo.passerelles.fr")
    page.get_by_role("link", name="Mes publications").click()
    page.get_by_role("link", name=re.compile("Nouveau numéro de « La lettre de RésO Villes »")).click()
    assert_accessible(page)
    page.get_by_role("textbox", name=re.compile("^Numéro")).fill("49")
    page.get_by_role("textbox", name=re.compile("^Titre")).fill(TITLE)
    page.get_by_label("Date de parution").fill("2025-01-15")
    page.get_by_role("textbox", name=re.compile("Résumé")).fill(
        "Les jardins des quartiers, refuges de la nature en ville."
    )
    page.get_by_role("textbox", name=re.compile("Territoires")).fill("region:53")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_test_id("status")).to_have_text("brouillon")
    assert_accessible(page)  # the upload page
    page.get_by_label("Fichier PDF").set_input_files(str(pdf))
    page.get_by_role("button", name="Déposer le PDF").click()
    expect(page.get_by_text("Document ajouté.")).to_be_visible()
    expect(page.get_by_text("2 pages")).to_be_visible()
    page.get_by_role("button", name="Soumettre à relecture").click()
    expect(page.get_by_test_id("status")).to_have_text("soumise à relecture")
    workspace_url = page.url
    sign_out(page)

    sign_in(page, site_url, "relecture@demo.passerelles.fr")
    page.goto(workspace_url)
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_test_id("status")).to_have_text("publiée")
    sign_out(page)

    page.goto(site_url + "/")
    page.get_by_label("Rechercher dans le réseau").fill(WORD_ONLY_IN_PDF)
    page.get_by_label("Rechercher dans le réseau").press("Enter")
    result = page.get_by_role("link", name=re.compile(TITLE))
    expect(result).to_be_visible()
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("PDF — 2 pages")).to_be_visible()
    assert_accessible(page)  # the publication page
    page.get_by_role("link", name="La lettre de RésO Villes").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("La lettre de RésO Villes")
    expect(page.get_by_role("link", name=re.compile(TITLE))).to_be_visible()
    assert_accessible(page)  # the series page


def test_latest_issues_and_series_pages_are_accessible(page, site_url):
    page.goto(site_url + "/publications/")
    expect(page.get_by_role("link", name=re.compile("Projet éducatif local"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Toutes les revues et collections").click()
    expect(page.get_by_role("link", name="Akoz, espace public")).to_be_visible()
    assert_accessible(page)
