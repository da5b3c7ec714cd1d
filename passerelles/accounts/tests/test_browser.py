"""A second factor journey in Chromium: a new superuser enrols an authenticator from the QR page's
secret, reaches the workspace, signs in again with a code, then with a recovery code, which then no
longer works."""

import re

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible, sign_out
from passerelles.testing.second_factor import Authenticator

pytestmark = pytest.mark.browser
EMAIL = "parcours-second-facteur@centre.example"
PASSWORD = "un-mot-de-passe-de-parcours"


def type_password(page, site_url):
    page.goto(site_url + "/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_enrol_then_sign_in_with_a_code_then_with_a_recovery_code(page, site_url, site_manage, tmp_path):
    site_manage("createsuperuser", "--noinput", "--email", EMAIL, env={"DJANGO_SUPERUSER_PASSWORD": PASSWORD})
    heading = page.get_by_role("heading", level=1)

    type_password(page, site_url)
    expect(heading).to_have_text("Activer le second facteur")
    page.goto(site_url + "/experiences/espace/")  # nothing else before the second factor
    expect(heading).to_have_text("Activer le second facteur")
    expect(page.get_by_role("img", name=re.compile("QR code à scanner"))).to_be_visible()
    expect(page.get_by_role("link", name="Mes fiches")).to_have_count(0)
    assert_accessible(page)
    authenticator = Authenticator.from_secret(page.get_by_test_id("totp-secret").inner_text())
    page.get_by_label("Code à 6 chiffres").fill(authenticator.code())
    page.get_by_role("button", name="Activer le second facteur").click()

    expect(heading).to_have_text("Vos codes de secours")
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les codes (fichier texte)").click()
    saved = tmp_path / "codes.txt"
    download.value.save_as(saved)
    assert all(code in saved.read_text() for code in codes)
    page.get_by_role("button", name="J'ai conservé mes codes, continuer").click()
    expect(heading).to_have_text("Mes fiches expérience")  # where the person was going
    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_test_id("second-factor-devices")).to_contain_text("Codes de secours : 10 restants sur 10.")
    sign_out(page)

    type_password(page, site_url)
    expect(heading).to_have_text("Confirmer votre connexion")
    assert_accessible(page)
    page.get_by_label("Code à 6 chiffres").fill(authenticator.code())
    page.get_by_role("button", name="Valider le code", exact=True).click()
    expect(heading).to_have_text("Mon compte")
    page.get_by_role("link", name="Mes fiches").click()
    expect(heading).to_have_text("Mes fiches expérience")
    sign_out(page)

    type_password(page, site_url)
    page.get_by_label("Code de secours").fill(codes[0])
    page.get_by_role("button", name="Valider le code de secours").click()
    expect(heading).to_have_text("Mon compte")
    expect(page.get_by_text("il vous en reste 9")).to_be_visible()
    expect(page.get_by_test_id("second-factor-devices")).to_contain_text("Codes de secours : 9 restants sur 10.")
    sign_out(page)

    type_password(page, site_url)
    page.get_by_label("Code de secours").fill(codes[0])
    page.get_by_role("button", name="Valider le code de secours").click()
    expect(page.get_by_text("Ce code de secours n'est pas valable ou a déjà servi.")).to_be_visible()
    page.goto(site_url + "/experiences/espace/")
    expect(heading).to_have_text("Confirmer votre connexion")
