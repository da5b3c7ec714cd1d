"""The commune lookup in Chromium, as people type: « St-Denis (Réunion) », a typographic apostrophe,
an arrondissement suggested while typing, a postcode several communes share, an overseas
collectivity outside urban policy. axe-core on every answer, at 1280 px and at 390 px."""

import re

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible

pytestmark = pytest.mark.browser
LOOKUP = "/centres/quel-centre-couvre-ma-commune/"


def ask(page, typed):
    page.get_by_label("Votre commune").fill(typed)
    page.get_by_role("button", name="Trouver le centre").click()


def test_the_lookup_answers_honestly_however_the_commune_is_typed(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + LOOKUP)
    results = page.locator("#resultats")

    # Saint-Denis of La Réunion: its centre, whose activity is still to confirm.
    ask(page, "St-Denis (Réunion)")
    expect(results.get_by_role("heading", level=2)).to_have_text("Saint-Denis (974)")
    expect(page.get_by_test_id("covering-lead")).to_contain_text("reste à confirmer")
    expect(page.get_by_test_id("activity-to-confirm")).to_be_visible()
    expect(results).not_to_contain_text("Profession Banlieue")
    assert_accessible(page)

    # A typographic apostrophe, and an arrondissement suggested while typing.
    ask(page, "L’Haÿ-les-Roses")
    expect(results.get_by_role("heading", level=2)).to_have_text("L'Haÿ-les-Roses (94)")
    page.get_by_label("Votre commune").fill("")
    page.get_by_label("Votre commune").press_sequentially("Paris 13e", delay=20)
    suggestion = page.locator("#communes-suggestions option").first
    expect(suggestion).to_have_attribute("value", "Paris 13e Arrondissement")
    page.get_by_role("button", name="Trouver le centre").click()
    expect(page.get_by_test_id("arrondissement")).to_contain_text("commune de Paris (75)")

    # A postcode shared by two communes: why, and the choice.
    ask(page, "01000")
    expect(page.get_by_test_id("shared-postcode")).to_contain_text("partagé par plusieurs communes")
    assert_accessible(page)
    results.get_by_role("link", name="Saint-Denis-lès-Bourg (01)").click()
    expect(results.get_by_role("heading", level=2)).to_have_text("Saint-Denis-lès-Bourg (01)")

    # On a phone: an overseas collectivity outside urban policy, then a commune no centre covers.
    page.set_viewport_size({"width": 390, "height": 844})
    ask(page, "Nouvelle-Calédonie")
    expect(page.get_by_test_id("outside-urban-policy")).to_contain_text("la politique de la ville ne s'y applique pas")
    assert_accessible(page)
    ask(page, "ajaccio 2a")
    expect(page.get_by_test_id("no-centre")).to_contain_text("Aucun centre de ressources ne couvre cette commune")
    expect(page.get_by_test_id("network-contact").get_by_role("link")).to_have_attribute("href", re.compile("^mailto:"))
    assert_accessible(page)
    ask(page, "St-Denis (Réunion)")
    expect(page.get_by_test_id("activity-to-confirm")).to_be_visible()
    assert_accessible(page)
