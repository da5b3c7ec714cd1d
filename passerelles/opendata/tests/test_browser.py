"""The page « Données ouvertes » in Chromium, on the site `make run` builds (its dumps built by
`setup_site`): each dataset listed, an archive downloaded; axe-core at 1280 px and at 390 px."""

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_a_visitor_finds_and_downloads_the_open_data(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "/")
    page.locator("#footer").get_by_role("link", name="Données ouvertes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Données ouvertes")
    expect(page.get_by_test_id("no-dump")).to_have_count(0)
    expect(page.get_by_test_id("datasets").locator("> li")).to_have_count(7)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_test_id("download-fiches-experience").click()
    assert download.value.suggested_filename.startswith("passerelles-fiches-experience-")
    assert download.value.suggested_filename.endswith(".zip")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_test_id("download-centres")).to_be_visible()
    assert_accessible(page)
