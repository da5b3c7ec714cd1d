"""The dashboards in Chromium: the State's chart components draw under the site's content security
policy, each chart has its table, the filters work, and axe-core finds no serious or critical
violation, charts included. The animation publishes a year, which then shows on the public page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser
ANIMATION = "animation@demo.passerelles.fr"


def watch_errors(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_the_animation_reads_filters_and_publishes_the_network_dashboard(page, site_url, site_manage):
    closed = str(timezone.localdate().year - 1)
    site_manage("refresh_indicators", "--year", closed)  # a closed year with figures, demo or not
    errors = watch_errors(page)
    sign_in(page, site_url, ANIMATION)
    page.goto(f"{site_url}/reseau/tableau-de-bord/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord du réseau")
    themes = page.get_by_test_id("table-theme")
    expect(themes.locator("bar-chart canvas")).to_be_visible()  # drawn by the component
    expect(themes.get_by_role("table")).to_be_visible()
    expect(page.get_by_test_id("table-trend").locator("line-chart canvas")).to_be_visible()
    assert_accessible(page)
    year = page.locator("#id_year").input_value()

    page.get_by_label("Activité", exact=True).select_option(label="rencontre de réseau")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_test_id("table-activity").locator("tbody tr").first).to_contain_text("0")
    assert_accessible(page)

    # The year under way is not offered (its figures still move); a closed year is.
    expect(page.get_by_role("button", name=f"Publier les chiffres de {year}")).to_have_count(0)
    expect(page.get_by_test_id("not-closed")).to_be_visible()
    page.goto(f"{site_url}/reseau/tableau-de-bord/?year={closed}")
    withdraw = page.get_by_role("button", name=f"Retirer les chiffres de {closed} de la page publique")
    if withdraw.count():  # the demo publishes its last closed year
        withdraw.click()
    page.get_by_role("button", name=f"Publier les chiffres de {closed}").click()
    expect(page.get_by_role("alert").or_(page.locator(".fr-alert"))).to_contain_text("sont publiés")
    sign_out(page)
    page.goto(f"{site_url}/reseau/chiffres/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Le réseau en chiffres")
    expect(page.get_by_test_id("table-centre").locator("bar-chart canvas")).to_be_visible()
    assert_accessible(page)
    assert not errors, errors


def test_a_centre_reads_its_own_dashboard(page, site_url):
    errors = watch_errors(page)
    sign_in(page, site_url, "admin-centre@demo.passerelles.fr")
    page.goto(f"{site_url}/comptes/mon-compte/")
    page.get_by_role("link", name="tableau de bord de Profession Banlieue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tableau de bord du centre")
    expect(page.get_by_test_id("table-trend").locator("line-chart canvas")).to_be_visible()
    expect(page.get_by_test_id("table-centre")).to_have_count(0)
    assert_accessible(page)
    assert not errors, errors
