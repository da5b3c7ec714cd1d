"""Journeys in a real headless Chromium against the site served by gunicorn."""

import json

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import serious_violations

pytestmark = pytest.mark.browser


def test_from_the_home_page_to_the_centre_covering_a_commune(page, site_url):
    page.goto(site_url + "/")
    expect(page.get_by_role("heading", name="Quel centre couvre ma commune ?")).to_be_visible()
    field = page.get_by_label("Votre commune")
    field.fill("saint denis")
    # The autocomplete offers both Saint-Denis, told apart by their département.
    expect(page.locator("#communes-suggestions option[value='Saint-Denis (93)']")).to_have_count(1)
    expect(page.locator("#communes-suggestions option[value='Saint-Denis (974)']")).to_have_count(1)
    field.fill("Saint-Denis (93)")
    page.get_by_role("button", name="Trouver le centre").click()
    expect(page.get_by_role("heading", name="Saint-Denis (93)")).to_be_visible()
    page.get_by_role("link", name="Profession Banlieue (PB)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Profession Banlieue")
    expect(page.get_by_text("Site de démonstration.")).to_be_visible()


def test_brest_journey(page, site_url):
    page.goto(site_url + "/")
    page.get_by_label("Votre commune").fill("Brest")
    page.get_by_label("Votre commune").press("Enter")
    page.get_by_role("link", name="RésO Villes").click()
    expect(page).to_have_url(site_url + "/centres/reso-villes/")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/centres/",
        "/centres/reso-villes/",
        "/centres/couverture/",
        "/centres/quel-centre-couvre-ma-commune/?q=Brest",
    ],
)
def test_no_serious_accessibility_violation(page, site_url, path):
    page.goto(site_url + path)
    serious = serious_violations(page)
    assert serious == [], json.dumps(serious, indent=2, ensure_ascii=False)


def test_the_accessibility_check_finds_a_serious_violation(page, site_url):
    """The check the journeys rely on can fail: an image without a text alternative is reported."""
    page.goto(site_url + "/")
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert "image-alt" in [violation["id"] for violation in serious_violations(page)]
