"""The API's documentation page in Chromium: Swagger UI from local static files draws every operation
under the site's Content-Security-Policy (the `page` fixture fails on any violation), at 1280 px and
at 390 px, axe-core finding no violation; an operation tried from the page answers."""

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_the_documentation_page_draws_every_operation(page, site_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(site_url + "/api/v1/docs/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("API Passerelles")
        expect(page.get_by_role("heading", name="Fiches expérience")).to_be_visible()
        expect(page.get_by_text("Lister les fiches expérience publiées")).to_be_visible()
        assert_accessible(page)
    # Nothing is fetched from elsewhere (no CDN): the page, its static files and the schema.
    assert all(url.startswith(site_url) for url in requested), [u for u in requested if not u.startswith(site_url)]
    page.get_by_text("Lister les centres de ressources").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_contain_text("200")
