"""A visitor searches the network, narrows with two facets, opens a result and comes back (Chromium)."""

import re

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import serious_violations

pytestmark = pytest.mark.browser


def test_search_narrow_open_and_come_back(page, site_url):
    page.goto(site_url + "/")
    page.get_by_label("Rechercher dans le réseau").fill("jeunes")
    page.get_by_label("Rechercher dans le réseau").press("Enter")
    expect(page.get_by_role("heading", name=re.compile(r"\d+ résultats? pour « jeunes »"))).to_be_visible()
    total = int(page.locator("#results-title").inner_text().split()[0])
    assert serious_violations(page) == []

    page.locator('[data-facet="type"]').get_by_role("link", name=re.compile("Fiches expérience")).click()
    theme = page.locator('[data-facet="theme"] a').first
    expected = int(re.search(r"\((\d+)\)", theme.inner_text()).group(1))
    theme.click()
    expect(page).to_have_url(re.compile(r"type=experience.*theme=|theme=.*type=experience"))
    narrowed = int(page.locator("#results-title").inner_text().split()[0])
    assert narrowed == expected <= total  # the facet's count is what it leads to
    expect(page.get_by_test_id("active-filters").get_by_role("link")).to_have_count(2)
    assert page.locator(".search-results mark").count() > 0  # highlighted extracts
    assert serious_violations(page) == []

    filtered_url = page.url
    first = page.locator(".search-results .fr-card__title a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.go_back()
    assert page.url == filtered_url
    expect(page.get_by_test_id("active-filters").get_by_role("link")).to_have_count(2)
    expect(page.locator("#results-title")).to_contain_text(f"{narrowed} résultat")


def test_autocomplete_corrections_and_did_you_mean(page, site_url):
    page.goto(site_url + "/recherche/")
    field = page.get_by_role("combobox", name=re.compile("Rechercher des fiches"))
    field.press_sequentially("réussite édu", delay=30)
    expect(page.locator("#search-q-suggestions option").first).to_be_attached(timeout=5000)
    labels = page.locator("#search-q-suggestions option").evaluate_all("options => options.map(o => o.value)")
    assert any("réussite éducative" in label.lower() for label in labels)
    # A typo is matched at once, said, and the query as typed is one click away.
    page.goto(site_url + "/recherche/?q=mediaton")
    corrections = page.get_by_test_id("corrections")
    expect(corrections).to_contain_text("résultats avec « médiation »")
    assert serious_violations(page) == []
    corrections.get_by_role("link", name="Chercher plutôt « mediaton » tel que saisi").click()
    # As typed, nothing: « Vouliez-vous dire » offers the word with its accents.
    suggestion = page.get_by_test_id("did-you-mean").get_by_role("link")
    expect(suggestion).to_have_text("médiation")
    suggestion.click()
    expect(page.locator("#results-title")).to_contain_text("pour « médiation »")
