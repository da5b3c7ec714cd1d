"""In Chromium, against the site as `make run` builds it: a centre writes a newsletter, picks and
orders its items, previews it, sends it to a group; the recipients get it and its archive page
shows it. The e-mail's HTML fits 600 px. Someone subscribes from a centre's page and confirms;
the centre's admin sees them. axe-core finds no serious or critical violation on any new page."""

import re

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible, serious_violations, sign_in, sign_out

pytestmark = pytest.mark.browser
REVIEWER = "relecture@demo.passerelles.fr"
ADMIN = "admin-centre@demo.passerelles.fr"
TITLE = "La lettre de l'hiver des quartiers"
GROUP = """
from passerelles.centres.models import Centre
from passerelles.contacts.models import Contact, ConsentRecord, Group
centre = Centre.objects.get(slug="reso-villes")
group, _ = Group.objects.get_or_create(centre=centre, name="Partenaires du navigateur")
for n in range(3):
    contact, _ = Contact.objects.get_or_create(
        centre=centre, email=f"partenaire{n}@navigateur.example", defaults={"last_name": f"Partenaire {n}"}
    )
    ConsentRecord.objects.create(contact=contact, purpose="newsletter", source="test")
    group.contacts.add(contact)
"""


def received_by(mailbox, domain):
    return sorted(message["To"] for message in mailbox.messages if message["To"].endswith(domain))


def test_a_centre_writes_and_sends_a_newsletter_to_a_group(page, site_url, site_manage, site_mailbox):
    site_manage("shell", "-c", GROUP)
    sign_in(page, site_url, REVIEWER)
    page.goto(site_url + "/lettres/")
    assert_accessible(page)
    page.get_by_role("link", name="Nouvelle lettre").click()
    assert_accessible(page)
    page.get_by_role("textbox", name=re.compile("^Titre")).fill(TITLE)
    page.get_by_role("textbox", name=re.compile("^Éditorial")).fill(
        "Bonjour à **toutes et tous**.\n\n<script>alert('x')</script>Les nouveautés du réseau."
    )
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(page)
    issue_id = re.search(r"/lettres/(\d+)/", page.url).group(1)

    choices = page.locator("input[name=choix]")
    first, second = choices.nth(0), choices.nth(1)
    titles = [page.locator(f"label[for={box.get_attribute('id')}] bdi").inner_text() for box in (first, second)]
    first.check(force=True)  # the DSFR box is drawn by its label
    second.check(force=True)
    page.get_by_role("button", name="Ajouter les contenus cochés").click()
    expect(page.get_by_text("2 contenus ajoutés.")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Descendre")).click()  # the first goes below the second
    items = page.locator("#contenus + ol > li strong bdi")
    expect(items).to_have_text([titles[1], titles[0]])
    assert_accessible(page)

    page.get_by_role("link", name="Aperçu web").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("toutes et tous")).to_be_visible()
    assert "alert(" not in page.content()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name="Envoyer la lettre…").click()
    assert_accessible(page)
    page.get_by_label("Partenaires du navigateur").check(force=True)
    page.get_by_label(re.compile("Les abonnés à la lettre")).uncheck(force=True)
    page.get_by_role("button", name="Envoyer maintenant").click()
    expect(page.get_by_text("L'envoi de la lettre a commencé")).to_be_visible()
    expect(page.get_by_test_id("send-progress")).to_contain_text("3 messages partis")
    assert received_by(site_mailbox, "@navigateur.example") == [f"partenaire{n}@navigateur.example" for n in range(3)]

    page.get_by_role("link", name="Voir la lettre dans les archives du centre").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("La lettre de RésO Villes")).first.click()
    expect(page.get_by_role("link", name=re.compile(TITLE))).to_be_visible()
    sign_out(page)

    page.goto(f"{site_url}/lettres/numero/{issue_id}/")  # the web version, for anyone
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("link", name=titles[0])).to_be_visible()
    assert_accessible(page)


def test_the_email_fits_600_pixels_in_chromium(page, site_url, site_manage):
    site_manage(
        "shell",
        "-c",
        "from passerelles.centres.models import Centre; from passerelles.newsletters.models import Issue; "
        "from passerelles.newsletters.services.compose import add_items, suggestions; "
        "issue = Issue.objects.create(centre=Centre.objects.get(slug='reso-villes'), title='Lettre 600', "
        "editorial='Un lien très long : https://www.example.org/' + 'a' * 150 + ' et **du gras**.'); "
        "add_items(issue, [s.key for rows in suggestions(issue).values() for s in rows][:6])",
    )
    sign_in(page, site_url, REVIEWER)
    page.goto(site_url + "/lettres/")
    page.get_by_role("link", name="Lettre 600").click()
    mail_url = page.get_by_role("link", name="Aperçu du courriel").get_attribute("href")
    page.set_viewport_size({"width": 600, "height": 900})
    page.goto(site_url + mail_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lettre 600")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= 600 and widths[0] <= widths[1], widths  # no horizontal overflow
    table = page.evaluate("() => document.querySelector('table table').getBoundingClientRect().width")
    assert table <= 600
    # An e-mail is a document, not a site page: it has no landmarks to navigate by (no <main>, no
    # regions), so only axe's landmark rules are set aside here; every other finding still fails.
    findings = [v for v in serious_violations(page) if v["id"] not in ("landmark-one-main", "region")]
    assert findings == []

    page.set_viewport_size({"width": 1280, "height": 900})
    page.go_back()
    page.get_by_role("link", name="Supprimer ce brouillon").click()
    assert_accessible(page)
    page.get_by_role("button", name="Supprimer").click()
    expect(page.get_by_text("Brouillon de lettre supprimé.")).to_be_visible()


def test_someone_subscribes_from_a_centres_page_and_its_admin_sees_them(page, site_url, site_mailbox):
    page.goto(site_url + "/lettres/abonnement/confirmer/nimporte-quoi/")
    expect(page.get_by_test_id("invalid-link")).to_contain_text("lien de confirmation d'abonnement n'est pas reconnu")
    assert_accessible(page)
    page.goto(site_url + "/centres/pb/")
    page.get_by_role("link", name="S'abonner à la lettre").click()
    assert_accessible(page)
    page.get_by_label("Votre adresse électronique").fill("lectrice@abonnement.example")
    page.get_by_role("button", name="S'abonner").click()
    expect(page.get_by_test_id("subscribe-sent")).to_be_visible()
    assert_accessible(page)
    [message] = [m for m in site_mailbox.messages if m["To"] == "lectrice@abonnement.example"]
    link = re.search(r"https?://\S+/lettres/abonnement/confirmer/\S+/", message.get_payload(decode=True).decode())
    page.goto(site_url + "/" + link.group(0).split("/", 3)[3])
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer mon abonnement").click()
    expect(page.get_by_test_id("subscribed")).to_be_visible()
    assert_accessible(page)

    sign_in(page, site_url, ADMIN)
    page.goto(site_url + "/lettres/abonnes/pb/")
    expect(page.get_by_role("cell", name="lectrice@abonnement.example", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Effacer")).first.click()
    assert_accessible(page)
    sign_out(page)
