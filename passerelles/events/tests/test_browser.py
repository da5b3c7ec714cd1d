"""A visitor finds a session in the agenda, registers, confirms by the link of the e-mail received,
then cancels, downloads a copy of their data and has it erased (Chromium against the demo site, its
mail delivered to a real SMTP server)."""

import json
import re
import time
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from playwright.sync_api import expect

from passerelles.testing.browser import serious_violations

pytestmark = pytest.mark.browser
EMAIL = "visiteur.agenda@example.org"


def no_serious_violation(page):
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)


def received(mailbox, subject_start, timeout=20):
    """The body of the first message to EMAIL whose subject starts so, waited for."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(mailbox.messages):
            subject = str(make_header(decode_header(message["Subject"])))
            if message["To"] == EMAIL and subject.startswith(subject_start):
                return message.get_payload(decode=True).decode()
        time.sleep(0.2)
    raise AssertionError(f"Aucun message « {subject_start} » reçu pour {EMAIL}.")


def test_register_confirm_by_the_emailed_link_then_cancel(page, site_url, site_mailbox):
    page.goto(site_url + "/")
    page.get_by_role("link", name="Agenda", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    no_serious_violation(page)

    page.get_by_label("Format").select_option(label="en présentiel")
    page.get_by_role("button", name="Filtrer").click()
    cards = page.get_by_test_id("session-card")
    expect(cards.first).to_be_visible()
    open_card = cards.filter(has_not_text="annulée").first
    title = open_card.get_by_role("heading", level=3).inner_text()
    open_card.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    no_serious_violation(page)

    page.get_by_role("textbox", name="Prénom", exact=True).fill("Dominique")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Visiteur")
    page.get_by_role("textbox", name=re.compile(r"^Adresse électronique")).fill(EMAIL)
    page.get_by_role("combobox", name="Fonction", exact=True).select_option(label="Élu local")
    page.get_by_role("textbox", name=re.compile(r"^Structure")).fill("Ville de démonstration")
    page.get_by_role("combobox", name=re.compile(r"^Commune d'intervention")).fill("Saint-Denis (93)")
    page.get_by_role("button", name="S'inscrire à la session").click()
    # A missing consent is explained, and nothing is sent.
    expect(page.get_by_text("Cochez cette case pour vous inscrire")).to_be_visible()
    no_serious_violation(page)
    page.get_by_text("J'accepte que ces informations soient utilisées").click()  # the DSFR box is drawn by its label
    expect(page.get_by_role("checkbox", name=re.compile(r"^J'accepte"))).to_be_checked()
    page.get_by_role("button", name="S'inscrire à la session").click()
    expect(page.get_by_test_id("register-done")).to_have_text(
        re.compile(f"Un courriel vous a été envoyé à {re.escape(EMAIL)}")
    )

    body = received(site_mailbox, "Confirmez votre inscription")
    assert title in body
    link = re.search(re.escape(site_url) + r"/agenda/inscription/[\w-]+/", body)[0]
    page.goto(link)
    expect(page.get_by_test_id("registration-status")).to_have_text("à confirmer")
    no_serious_violation(page)

    page.get_by_role("button", name="Confirmer mon inscription").click()
    expect(page.get_by_test_id("registration-status")).to_have_text("confirmée")  # the demo session has seats
    expect(page.get_by_text("Votre inscription est confirmée")).to_be_visible()
    received(site_mailbox, "Inscription confirmée")

    page.get_by_role("button", name="Annuler mon inscription").click()
    expect(page.get_by_test_id("registration-status")).to_have_text("annulée")
    expect(page.get_by_text("Votre inscription est annulée.")).to_be_visible()
    received(site_mailbox, "Inscription annulée")
    no_serious_violation(page)

    # A copy of the data, then their erasure.
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger mes données (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["inscription"]["adresse électronique"] == EMAIL and data["inscription"]["état"] == "annulée"
    page.get_by_role("link", name="Effacer mes données").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Effacer mes données")
    no_serious_violation(page)
    page.get_by_role("button", name="Effacer définitivement mes données").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    expect(page.get_by_text("et les données qui s'y rapportent sont effacées")).to_be_visible()
    assert page.request.get(link).status == 404
