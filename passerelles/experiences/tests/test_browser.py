"""An editor writes and submits a sheet, a reviewer publishes it, a visitor finds it (Chromium)."""

import json
import re

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import serious_violations, sign_in, sign_out

pytestmark = pytest.mark.browser
TITLE = "Ateliers numériques des familles de Kérourien"


def test_write_submit_publish_find(page, site_url):
    sign_in(page, site_url, "redaction@demo.passerelles.fr")
    page.get_by_role("link", name="Mes fiches").click()
    page.get_by_role("link", name="Nouvelle fiche").click()
    assert serious_violations(page) == [], json.dumps(serious_violations(page), ensure_ascii=False)
    page.get_by_role("textbox", name=re.compile("Titre")).fill(TITLE)
    page.get_by_role("textbox", name=re.compile("Résumé")).fill(
        "Des ateliers où parents et enfants apprennent ensemble le numérique."
    )
    page.get_by_role("textbox", name=re.compile("Territoires")).fill("Brest (29)")
    page.get_by_role("checkbox", name=re.compile("Numérique")).check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_test_id("status")).to_have_text("brouillon")
    page.get_by_role("button", name="Soumettre à relecture").click()
    expect(page.get_by_test_id("status")).to_have_text("soumise à relecture")
    sheet_url = page.url
    sign_out(page)

    sign_in(page, site_url, "relecture@demo.passerelles.fr")
    page.goto(sheet_url)
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_test_id("status")).to_have_text("publiée")
    sign_out(page)

    page.goto(site_url + "/experiences/")
    page.get_by_label("Mots du titre ou du résumé").fill("Kérourien")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
