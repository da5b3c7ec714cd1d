"""A centre's administrator finds « Mes sessions » in the menu: its tables fit a 1280 px screen and are
reached by the keyboard, and scroll inside their region on a phone; a visitor reads that a past
session took place, with no seat nor form offered (Chromium against the demo site)."""

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser
PAST = "/agenda/sessions/atelier-participation-habitants-passe/"  # the demo's session of 30 days ago


def focused_region(page):
    return page.evaluate("document.activeElement.getAttribute('aria-labelledby')")


def test_staff_tables_fit_and_a_past_session_says_it_took_place(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, site_url, "admin-centre@demo.passerelles.fr")
    page.get_by_role("link", name="Mes sessions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes sessions")
    past_region = page.get_by_role("region", name="Sessions passées")
    expect(past_region).to_contain_text("a eu lieu le")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 1280
    page.get_by_role("link", name="Agendas et actualités de vos sites").focus()  # the last link above
    page.keyboard.press("Tab")  # the first table's region comes next in the keyboard's order
    assert focused_region(page) == "sessions-upcoming-caption"
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    past_region.focus()
    assert focused_region(page) == "sessions-past-caption"
    page.keyboard.press("ArrowRight")  # too wide for a phone: the focused region scrolls, not the page
    expect(past_region).not_to_have_js_property("scrollLeft", 0)
    assert_accessible(page)

    page.context.clear_cookies()  # a visitor now
    page.goto(site_url + PAST)
    expect(page.get_by_test_id("took-place")).to_contain_text("Cette session a eu lieu le")
    expect(page.get_by_test_id("registration-form")).to_have_count(0)
    expect(page.get_by_text("places restantes")).to_have_count(0)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.get_by_test_id("took-place")).to_be_visible()
    assert_accessible(page)
