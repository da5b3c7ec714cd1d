"""The framework's pages in Chromium, on the demo site: axe-core finds no serious or critical
violation on the documents and commitments, nor on the accreditations."""

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_the_framework_and_accreditations_pages_are_accessible(page, site_url):
    page.goto(f"{site_url}/reseau/cadre/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Le cadre de référence du réseau")
    expect(page.get_by_test_id("signatories").first).to_contain_text("Patrick Kanner")
    expect(page.get_by_test_id("commitment").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="les agréments des centres").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les agréments des centres")
    assert_accessible(page)
