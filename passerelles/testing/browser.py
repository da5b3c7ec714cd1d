"""Helpers of the journeys in Chromium."""

import json

from django.conf import settings
from playwright.sync_api import expect

from passerelles.testing.second_factor import Authenticator
from passerelles.website.demo import DEMO_PASSWORD

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"


# The impacts that fail a journey: moderate too, for the site's own markup answers for every finding.
FAILING_IMPACTS = ("moderate", "serious", "critical")


def serious_violations(page):
    """axe-core's moderate, serious and critical accessibility violations on the page, once it has
    loaded (none is waived: the DSFR markup the site uses raises none either).
    axe is evaluated through the browser's debugging protocol, which the page's
    Content-Security-Policy does not govern, so no request (that a navigation could cancel) and no
    inline script is involved."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert result["passes"], "axe-core did not run"
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in FAILING_IMPACTS
    ]


# The authenticator of each account enrolled by `sign_in` on the site server (one per test session).
AUTHENTICATORS = {}
ENROLMENT, VERIFICATION = "Activer le second facteur", "Confirmer votre connexion"


def assert_accessible(page):
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)


def sign_in(page, site_url, email, password=DEMO_PASSWORD):
    """Signs in through the pages, second factor included for the roles that need it: the first time
    the account enrols (the secret read on the page, the recovery codes kept), then it types the
    code its authenticator gives. Ends on a signed-in page."""
    page.goto(site_url + "/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).not_to_have_text("Se connecter à Passerelles")
    if heading.inner_text() == ENROLMENT:
        AUTHENTICATORS[email] = Authenticator.from_secret(page.get_by_test_id("totp-secret").inner_text())
        page.get_by_label("Code à 6 chiffres").fill(AUTHENTICATORS[email].code())
        page.get_by_role("button", name="Activer le second facteur").click()
        expect(page.get_by_test_id("recovery-codes").locator("code")).to_have_count(10)
        page.get_by_role("button", name="J'ai conservé mes codes, continuer").click()
    elif heading.inner_text() == VERIFICATION:
        page.get_by_label("Code à 6 chiffres").fill(AUTHENTICATORS[email].code())
        page.get_by_role("button", name="Valider le code", exact=True).click()
    expect(page.get_by_role("link", name="Mon compte")).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
