"""Pages that lead somewhere, in Chromium at 1280 px and at 390 px: the home shows the network
alive, a centre's page leads to its work, a paged list pages with the DSFR pagination, the site map
names every section; below the home, the breadcrumb, which a phone folds behind its button.
axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def breadcrumb_unfolds(page, current):
    """At 390 px the trail hides behind « Voir le fil d'Ariane »; the button shows it."""
    button = page.get_by_role("button", name="Voir le fil d'Ariane")
    trail = page.locator("#fil-d-ariane")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(trail.get_by_role("link", name="Accueil")).to_be_hidden()
    button.click()
    # Once unfolded, the DSFR hides the button (it has nothing left to do), its state kept.
    expect(page.locator("button.fr-breadcrumb__button")).to_have_attribute("aria-expanded", "true")
    expect(trail.get_by_role("link", name="Accueil")).to_be_visible()
    expect(trail.locator("[aria-current=page]")).to_have_text(current)


def test_from_the_home_to_a_centre_a_paged_list_and_the_site_map(page, site_url):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        journey(page, site_url, narrow=width < 992)


def journey(page, site_url, narrow):
    # The home: sessions with their places, the latest sheets and publications, the figures.
    page.goto(site_url + "/")
    expect(page.get_by_test_id("session-to-come").first).to_be_visible()
    expect(page.get_by_test_id("places").first).to_contain_text(re.compile("place|complet"))
    expect(page.get_by_test_id("latest-sheets").get_by_role("link").first).to_be_visible()
    expect(page.get_by_test_id("network-figures")).to_contain_text("communes couvertes")
    expect(page.get_by_label("Rechercher des fiches, des publications, des sessions, des centres…")).to_be_visible()
    expect(page.locator(".fr-breadcrumb")).to_have_count(0)
    assert_accessible(page)

    # A centre's page: its perimeter on the map, its sessions to come, its feeds.
    page.goto(site_url + "/centres/pb/")
    expect(page.get_by_test_id("perimeter-map")).to_be_visible()
    expect(page.get_by_test_id("centre-activity").get_by_test_id("session-to-come").first).to_be_visible()
    expect(page.get_by_test_id("centre-feeds").get_by_role("link", name="Son agenda, iCalendar (.ics)")).to_be_visible()
    if narrow:
        breadcrumb_unfolds(page, "PB")
    assert_accessible(page)

    # A paged list: the sheets, from the last page back to the first.
    page.goto(site_url + "/experiences/")
    pagination = page.get_by_role("navigation", name="Pagination")
    expect(pagination.locator("[aria-current=page]")).to_have_text(re.compile(r"^Page 1 sur \d+$"))
    pagination.get_by_role("button", name="Dernière page").click()
    expect(page).to_have_url(re.compile(r"page="))
    pagination = page.get_by_role("navigation", name="Pagination")
    expect(pagination.locator("[aria-current=page]")).to_have_text(re.compile(r"^Page (\d+) sur \1$"))
    expect(pagination.get_by_role("button", name="Page suivante")).to_have_count(0)
    if narrow:
        breadcrumb_unfolds(page, "Fiches expérience")
    assert_accessible(page)

    # The site map, from the footer.
    page.get_by_role("contentinfo").get_by_role("link", name="Plan du site").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan du site")
    expect(page.get_by_test_id("site-map").get_by_role("link", name="Agenda des sessions")).to_be_visible()
    if narrow:
        breadcrumb_unfolds(page, "Plan du site")
    assert_accessible(page)
