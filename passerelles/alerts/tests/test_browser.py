"""The practitioner's journey in Chromium against the demo site, its mail delivered to a real SMTP
server: a search, « Créer une alerte », an account opened and confirmed by the e-mailed link, back
to the alert; a centre publishes a matching sheet; the digest runs; the e-mail holds the sheet; one
click unsubscribes. axe-core: no serious or critical violation on any new page."""

import re
import time
from email.header import decode_header, make_header
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser
EMAIL = "annaig.legoff@ville-brest.example"
PASSWORD = "un-secret-assez-long"
SHEET = "Réussite éducative : des parcours pour les enfants de Kérourien"


def received(mailbox, subject_start, timeout=20):
    """The first message to EMAIL whose subject starts so, waited for."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(mailbox.messages):
            subject = str(make_header(decode_header(message["Subject"])))
            if message["To"] == EMAIL and subject.startswith(subject_start):
                return message
        time.sleep(0.2)
    raise AssertionError(f"Aucun message « {subject_start} » reçu pour {EMAIL}.")


def part(message, kind):
    if not message.is_multipart():
        return message.get_payload(decode=True).decode()
    return next(p for p in message.get_payload() if p.get_content_type() == kind).get_payload(decode=True).decode()


def on_site(site_url, link):
    """A link of a mail built with the configured SITE_URL, on the test's site server."""
    parts = urlsplit(link)
    return site_url + parts.path + (f"?{parts.query}" if parts.query else "")


def test_a_practitioner_gets_the_new_sheet_of_their_alert_then_unsubscribes(page, site_url, site_mailbox, site_manage):
    # A search, in the Finistère.
    page.goto(site_url + "/recherche/?q=r%C3%A9ussite+%C3%A9ducative")
    page.get_by_label("Territoire").fill("Finistère")
    page.get_by_role("button", name="Filtrer par territoire").click()
    expect(page.get_by_test_id("active-filters")).to_contain_text("Finistère")
    assert_accessible(page)
    page.get_by_test_id("create-alert").click()

    # Not signed in: open an account, and come back.
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer une alerte")
    expect(page.get_by_text("« réussite éducative » — Territoire : Finistère (29)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Créer un compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte de praticien")
    assert_accessible(page)
    page.locator("#id_first_name").fill("Annaïg")
    page.locator("#id_last_name").fill("Le Goff")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_organisation").fill("Ville de Brest")
    page.locator("#id_territory").fill("Brest (29)")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_test_id("sign-up-sent")).to_be_visible()
    assert_accessible(page)

    message = received(site_mailbox, "Passerelles : confirmez")
    link = re.search(re.escape(site_url) + r"/reseau/inscription/confirmer/\S+/", part(message, "text/plain"))[0]
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer et ouvrir mon compte").click()

    # Back on the alert, signed in: a weekly alert.
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer une alerte")
    expect(page.get_by_test_id("alert-title")).to_have_text("« réussite éducative » — Territoire : Finistère (29)")
    assert_accessible(page)
    page.get_by_text("Chaque semaine").click()
    page.get_by_role("button", name="Créer l'alerte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes alertes")
    expect(page.get_by_test_id("alerts")).to_contain_text("Chaque semaine")
    assert_accessible(page)

    # A centre publishes a matching sheet (the editorial workflow), then the digest runs.
    site_manage(
        "shell",
        "-c",
        "from passerelles.accounts.models import User; from passerelles.centres.models import Centre; "
        "from passerelles.editorial.workflow import apply_transition; "
        "from passerelles.experiences.models import ExperienceSheet; "
        "from passerelles.territories.models import Territory; "
        "sheet = ExperienceSheet.objects.create(centre=Centre.objects.get(slug='reso-villes'), "
        f"title={SHEET!r}, slug='parcours-kerourien', summary='Un programme de réussite éducative à Brest.'); "
        "sheet.territories.set([Territory.objects.get(kind='commune', code='29019')]); "
        "reviewer = User.objects.get(email='relecture@demo.passerelles.fr'); "
        "apply_transition(sheet, 'submit', reviewer); apply_transition(sheet, 'publish', reviewer)",
    )
    site_manage("send_alert_digests", "weekly")
    digest = None
    deadline = time.monotonic() + 30
    while digest is None and time.monotonic() < deadline:
        digest = next((m for m in list(site_mailbox.messages) if m["To"] == EMAIL and m["List-Unsubscribe"]), None)
        time.sleep(0.2)
    assert digest is not None, "Aucune lettre d'alertes reçue."
    assert digest.get_content_type() == "multipart/alternative"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" and digest["Message-ID"]
    html, text = part(digest, "text/html"), part(digest, "text/plain")
    assert SHEET in text and SHEET in html
    assert text.count(SHEET) == 1

    # The manage page, without signing in (another browser context).
    manage = re.search(r"https?://\S+/alertes/gerer/\S+/", text)[0]
    visitor = page.context.browser.new_context().new_page()
    visitor.goto(on_site(site_url, manage))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Gérer mes alertes")
    expect(visitor.get_by_role("heading", name="« réussite éducative » — Territoire : Finistère (29)")).to_be_visible()
    assert_accessible(visitor)

    # One click in the mail client: a bare POST to the List-Unsubscribe link.
    unsubscribe = "".join(digest["List-Unsubscribe"].split()).strip("<>")
    response = visitor.request.post(on_site(site_url, unsubscribe))
    assert response.status == 200
    visitor.reload()
    expect(visitor.get_by_test_id("unsubscribed")).to_be_visible()
    assert_accessible(visitor)

    # A tampered manage link says so and shows nothing.
    visitor.goto(on_site(site_url, manage[:-4] + "xyz/"))
    expect(visitor.get_by_test_id("invalid-link")).to_be_visible()
    expect(visitor.get_by_text("réussite éducative")).to_have_count(0)
    assert_accessible(visitor)
    visitor.context.close()


def test_profile_directory_and_digest_runs_pages_are_accessible(page, site_url, site_manage):
    site_manage(
        "shell",
        "-c",
        "from django.utils import timezone; from passerelles.accounts.models import User; "
        "from passerelles.practitioners.models import Profile; "
        "from passerelles.territories.models import Territory; "
        "user = User.objects.create_user('annuaire@ville.example', 'demo-passerelles', "
        "first_name='Loïc', last_name='Annuaire'); "
        "Profile.objects.create(user=user, confirmed_at=timezone.now(), in_directory=True, "
        "organisation='Ville de Quimper', "
        "territory=Territory.objects.get(kind='commune', code='29232')); "
        "from passerelles.alerts.models import Alert; "
        "Alert.objects.create(user=user, title='« emploi »', params={'q': 'emploi'}, types=['session'])",
    )
    sign_in(page, site_url, "annuaire@ville.example")
    page.goto(site_url + "/reseau/mon-profil/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil")
    assert_accessible(page)
    page.get_by_role("link", name="Annuaire du réseau").click()
    page.get_by_label("Territoire").fill("Finistère")
    page.get_by_role("button", name="Chercher", exact=True).click()
    expect(page.get_by_test_id("directory")).to_contain_text("Ville de Quimper")
    assert_accessible(page)
    page.goto(site_url + "/alertes/")
    page.get_by_role("link", name="Modifier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier l'alerte")
    assert_accessible(page)
    page.get_by_text("Chaque mois").click()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_test_id("alerts")).to_contain_text("Chaque mois — sessions")
    page.once("dialog", lambda dialog: dialog.accept())  # « Supprimer cette alerte ? »
    page.get_by_role("button", name="Supprimer").click()
    expect(page.get_by_test_id("no-alerts")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()
    page.goto(site_url + "/reseau/inscription/confirmer/pas-un-jeton/")
    expect(page.get_by_test_id("invalid-link")).to_be_visible()
    assert_accessible(page)
    page.goto(site_url + "/reseau/annuaire/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter à Passerelles")
    sign_in(page, site_url, "animation@demo.passerelles.fr")
    page.goto(site_url + "/alertes/lettres/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lettres des alertes")
    assert_accessible(page)
