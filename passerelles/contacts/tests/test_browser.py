"""A centre admin's journey in Chromium: import a CSV (preview, then confirm), filter the list, open a
contact, make a group, review idle contacts and the log; the national animation sees the counts.
axe-core finds no serious or critical violation on any of these pages."""

import uuid

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.browser
ADMIN = "admin-centre@demo.passerelles.fr"
ANIMATION = "animation@demo.passerelles.fr"


def csv_file(tag):
    lines = [
        "nom;prénom;adresse électronique;fonction;structure;territoire;thèmes;consentement",
        f"Kerhervé;Soazig;soazig.{tag}@example.org;chef-de-projet;Brest métropole;29019;education;newsletter",
        f"Le Gall;Yann;yann.{tag}@example.org;;Ville de Quimper;Quimper;;",
        f"Dupont;Marie;marie.{tag}@example.org;chef-de-projet;Plaine Commune;93066;;",
        f"Kerhervé;;SOAZIG.{tag}@example.org;;;;sport;",
    ]
    return {"name": "contacts.csv", "mimeType": "text/csv", "buffer": "\n".join(lines).encode("cp1252")}


def test_import_preview_confirm_then_filter_the_list(page, site_url):
    tag = uuid.uuid4().hex[:8]
    sign_in(page, site_url, ADMIN)
    page.get_by_role("link", name="Contacts", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Contacts de")
    assert_accessible(page)

    page.get_by_role("link", name="Importer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer des contacts")
    assert_accessible(page)
    page.get_by_label("Fichier CSV").set_input_files(csv_file(tag))
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_test_id("import-state")).to_have_text("prêt à importer")
    lines = page.get_by_test_id("import-lines")
    expect(lines).to_contain_text(f"soazig.{tag}@example.org")
    expect(lines).to_contain_text("même adresse qu'à la ligne 2 : fusionnée avec elle")
    expect(page.get_by_text("Windows-1252")).to_be_visible()
    expect(page.get_by_test_id("import-summary")).to_contain_text("3 nouveaux contacts")
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.get_by_test_id("import-written")).to_contain_text("3 contacts créés")
    assert_accessible(page)

    page.get_by_role("link", name="Retour aux contacts").click()
    page.get_by_label("Rechercher un contact").fill(tag)
    page.get_by_label("Fonction").select_option(label="Chef de projet politique de la ville")
    page.get_by_label("Territoire (et ce qu'il contient)").fill("Finistère")
    page.get_by_role("button", name="Filtrer").click()
    table = page.get_by_test_id("contacts")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Kerhervé")
    expect(table).not_to_contain_text("Dupont")
    assert_accessible(page)

    table.get_by_role("link", name="Kerhervé Soazig").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Soazig Kerhervé")
    expect(page.get_by_label("Éducation et réussite éducative")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("link", name="Fusionner avec un doublon").click()
    assert_accessible(page)
    page.get_by_label("Doublon à fusionner").fill(f"yann.{tag}@example.org")
    page.get_by_role("button", name="Comparer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fusionner deux contacts")
    assert_accessible(page)
    page.go_back()
    page.go_back()
    page.get_by_role("link", name="Effacer à sa demande").click()
    expect(page.get_by_text("aucun nom ni aucune adresse")).to_be_visible()
    assert_accessible(page)


def test_groups_idle_contacts_log_and_counts(page, site_url):
    sign_in(page, site_url, ADMIN)
    page.goto(f"{site_url}/contacts/centre/pb/")
    page.get_by_role("link", name="Groupes").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nouveau groupe").click()
    assert_accessible(page)
    name = f"Chefs de projet {uuid.uuid4().hex[:6]}"
    page.get_by_role("textbox", name="Nom", exact=True).fill(name)
    page.get_by_label("règle (fonction × thème × territoire)").check()
    page.get_by_label("Chef de projet politique de la ville").check()
    page.get_by_label("Territoires (règle)").fill("Finistère")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_text("Territoires : Finistère (29)")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{site_url}/contacts/centre/pb/inactifs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contacts inactifs")
    assert_accessible(page)
    page.goto(f"{site_url}/contacts/centre/pb/journal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal des contacts")
    assert_accessible(page)
    page.goto(f"{site_url}/contacts/centre/pb/nouveau/")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, site_url, ANIMATION)
    page.get_by_role("link", name="Contacts", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contacts des centres : effectifs")
    assert_accessible(page)
    assert page.goto(f"{site_url}/contacts/centre/pb/").status == 403
