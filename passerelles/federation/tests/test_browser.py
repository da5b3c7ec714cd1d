"""A centre administrator's journey in Chromium: from « Mes sessions » to the page of their website's
feeds, a feed refused in French (an address of the machine: the production guard), then a feed
registered and listed with its harvest to come — at 1280 px and at 390 px, axe-core finding no
violation on any page. (The site server has no Internet: what a harvest shows is proven by the
tests against a local feed server.)"""

import re
import uuid

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser
CENTRE_ADMIN = "admin-centre@demo.passerelles.fr"


def test_a_centre_admin_registers_the_feeds_of_their_website(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, site_url, CENTRE_ADMIN)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(site_url + "/agenda/espace/")
        page.get_by_role("link", name="Agendas et actualités de vos sites").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Agendas et actualités de vos sites")
        assert_accessible(page)

        page.get_by_role("link", name="Ajouter un flux").click()
        page.get_by_label("Type de flux").select_option(label="agenda iCalendar")
        page.get_by_label("Nom du flux").fill("Agenda du site")
        page.get_by_label("Adresse du flux").fill("http://127.0.0.1:8000/agenda.ics")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page).to_have_title(re.compile("^Erreur"))
        expect(page.get_by_text("mène à un réseau privé ou local")).to_be_visible()
        assert_accessible(page)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width

        label = f"Actualités {uuid.uuid4().hex[:6]}"
        page.get_by_label("Type de flux").select_option(label="actualités RSS ou Atom")
        page.get_by_label("Nom du flux").fill(label)
        page.get_by_label("Adresse du flux").fill(f"https://{uuid.uuid4().hex[:8]}.example/feed")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text(f"Flux « {label} » enregistré.")).to_be_visible()
        row = page.get_by_role("row").filter(has_text=label)
        expect(row).to_contain_text("pas encore moissonné")
        expect(row.get_by_role("button", name=re.compile("Actualiser maintenant"))).to_be_visible()
        assert_accessible(page)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
