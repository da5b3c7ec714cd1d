"""An editor's journey in Chromium: from « Mon compte » to their API tokens, a refused form, a token
created and shown once, used against the API, then revoked — at 1280 px and at 390 px, axe-core
finding no violation on any page."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser
EDITOR = "redaction@demo.passerelles.fr"


def api_answer(page, site_url, secret):
    """The status of an authenticated API call with the token (a sheet that does not exist: 404)."""
    response = page.request.get(
        site_url + "/api/v1/espace/fiches/fiche-inexistante", headers={"Authorization": f"Bearer {secret}"}
    )
    return response.status


def test_an_editor_creates_then_revokes_an_api_token(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, site_url, EDITOR)  # at 1280 px, where « Mon compte » is in the header
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        create_then_revoke(page, site_url, width)


def create_then_revoke(page, site_url, width):
    name = f"Site du centre {uuid.uuid4().hex[:6]}"
    page.goto(site_url + "/comptes/mon-compte/")
    page.get_by_role("link", name="Mes jetons d'accès à l'API").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes jetons d'accès à l'API")
    assert_accessible(page)

    page.get_by_role("link", name="Créer un jeton").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un jeton d'accès à l'API")
    assert_accessible(page)
    page.get_by_role("button", name="Créer le jeton").click()
    expect(page).to_have_title(re.compile("^Erreur – Créer un jeton"))
    expect(page.get_by_text("Donnez un nom au jeton.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Nom du jeton").fill(name)
    page.get_by_label("Centre et rôle").select_option(index=0)
    page.get_by_role("button", name="Créer le jeton").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeton créé")
    secret = page.get_by_test_id("token-secret").inner_text()
    assert secret.startswith("psl_")
    assert_accessible(page)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    assert api_answer(page, site_url, secret) == 404  # known: the API looked for the sheet

    page.get_by_role("link", name="J'ai copié le jeton, revenir à mes jetons").click()
    row = page.get_by_test_id("tokens").get_by_role("row").filter(has_text=name)
    expect(row).to_contain_text("actif, sans expiration")
    assert secret not in page.content()
    assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name=re.compile("Révoquer")).click()
    expect(page.get_by_text(f"Le jeton « {name} » est révoqué")).to_be_visible()
    expect(row).to_contain_text("révoqué le")
    assert_accessible(page)
    assert api_answer(page, site_url, secret) == 401
