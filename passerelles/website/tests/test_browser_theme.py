"""The neutral theme (PASSERELLES_THEME=neutre), in Chromium, on a second server of the same site:
the main public pages, a refused sign-in, a staff page and a staff form with errors, at 1280 px and
390 px wide. No State brand, no DSFR font downloaded, and axe-core (colour contrast included) finds
nothing on any page. The DSFR theme's pages are the other journeys'."""

import re

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)
REFUSED = re.compile(r"^Erreur")
PUBLIC_PAGES = [
    "/",
    "/centres/",
    "/centres/pb/",
    "/centres/quel-centre-couvre-ma-commune/?q=Brest",
    "/experiences/",
    "/agenda/",
    "/publications/",
    "/recherche/?q=ville",
]


def assert_neutral(page):
    """No State brand block, no DSFR font used nor downloaded, and the neutral stylesheet applied."""
    expect(page.locator(".fr-logo, .fr-header__logo")).to_have_count(0)
    assert "Marianne" not in page.evaluate("() => getComputedStyle(document.body).fontFamily")
    fonts = page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name).filter(n => /Marianne|Spectral/.test(n))"
    )
    assert fonts == []
    action = page.evaluate(
        "() => getComputedStyle(document.documentElement).getPropertyValue('--background-action-high-blue-france')"
    )
    assert action.strip() == "#1b4f5c"


def test_the_neutral_theme_passes_the_journeys_and_axe(page, neutral_site_url):
    url = neutral_site_url
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in PUBLIC_PAGES:
            page.goto(url + path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            assert_neutral(page)
            assert_accessible(page)
        page.goto(url + "/comptes/connexion/")
        page.get_by_label("Adresse électronique").fill("personne@example.org")
        page.get_by_label("Mot de passe").fill("pas-le-bon")
        page.get_by_role("button", name="Se connecter").click()
        expect(page).to_have_title(REFUSED)
        assert_accessible(page)

    page.set_viewport_size({"width": 1280, "height": 900})  # the header's tools, out of the menu
    sign_in(page, url, "admin-centre@demo.passerelles.fr")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url + "/experiences/espace/")
        assert_neutral(page)
        assert_accessible(page)
        page.goto(url + "/experiences/espace/nouvelle/")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page).to_have_title(REFUSED)
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_out(page)
