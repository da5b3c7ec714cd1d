"""Exports (CSV, vCard, one person's JSON), erasure on request, review and purge of idle contacts,
and the log that records each of them (who, when, what)."""

import csv
import io
import json
from datetime import timedelta

import pytest
import vobject
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from passerelles.core import clock

from ..enums import AuditAction, ImportState, Purpose
from ..models import AuditEntry, ConsentRecord, Contact, ContactImport
from ..tasks import purge_idle_contacts
from .factories import ContactFactory, GroupFactory
from .helpers import OTHER, admin_of, centre, concept, person, territory, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    user = admin_of()
    client.force_login(user)
    return user


def rows_of(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_csv_export_of_the_filtered_list_is_neutralised_and_logged(client, admin):
    chef = concept("chef-de-projet")
    brest = ContactFactory(
        centre=centre(),
        last_name="=HYPERLINK(1)",
        first_name="Anne",
        email="anne@example.org",
        function=chef,
        territory=territory("commune", "29019"),
        themes=[concept("education")],
    )
    ConsentRecord.objects.create(contact=brest, purpose=Purpose.NEWSLETTER, source="formulaire")
    ContactFactory(centre=centre(), last_name="Autre", email="autre@example.org")
    ContactFactory(centre=centre(OTHER), function=chef)
    response = client.get("/contacts/centre/pb/contacts.csv?fonction=chef-de-projet&q=anne")
    assert response["Content-Disposition"].startswith('attachment; filename="contacts-pb-')
    rows = rows_of(response)
    assert rows[0][:3] == ["nom", "prénom", "adresse électronique"]
    assert rows[1:] == [
        [
            "'=HYPERLINK(1)",
            "Anne",
            "anne@example.org",
            chef.pref_label,
            "Ville de test",
            "commune:29019",
            concept("education").pref_label,
            "",
            "newsletter",
        ]
    ]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.count) == (AuditAction.EXPORT_CSV, admin, 1)
    assert "fonction = " in entry.detail and "anne" not in entry.detail.lower()


def test_a_csv_export_imports_back_unchanged(client, admin):
    ContactFactory(
        centre=centre(),
        last_name="+33 Martin",
        email="m@example.org",
        territory=territory("departement", "29"),
        themes=[concept("education"), concept("sport")],
        function=concept("elu"),
    )
    exported = client.get("/contacts/centre/pb/contacts.csv").content
    before = list(Contact.objects.values_list("last_name", "email", "territory", "function"))
    client.post("/contacts/centre/pb/import/", {"file": SimpleUploadedFile("x.csv", exported), "on_duplicate": "merge"})
    contact_import = ContactImport.objects.get()
    assert contact_import.state == ImportState.READY, contact_import.report
    assert contact_import.report["completed"] == 1
    client.post(f"/contacts/imports/{contact_import.pk}/confirmer/")
    assert list(Contact.objects.values_list("last_name", "email", "territory", "function")) == before


def test_vcard_export(client, admin):
    ContactFactory(
        centre=centre(),
        last_name="Martin",
        first_name="Claire",
        email="claire@example.org",
        organisation="CCAS",
        function=concept("elu"),
        themes=[concept("sport")],
    )
    ContactFactory(centre=centre(), last_name="Durand", email="durand@example.org")
    response = client.get("/contacts/centre/pb/contacts.vcf")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    cards = list(vobject.readComponents(response.content.decode()))
    assert [card.email.value for card in cards] == ["durand@example.org", "claire@example.org"]
    assert cards[1].fn.value == "Claire Martin" and cards[1].org.value == ["CCAS"]
    assert AuditEntry.objects.get().action == AuditAction.EXPORT_VCARD


def test_a_person_s_data_as_json(client, admin):
    contact = ContactFactory(centre=centre(), last_name="Martin", email="claire@example.org", themes=[concept("sport")])
    ConsentRecord.objects.create(contact=contact, purpose=Purpose.EVENTS, source="courriel", proof="Message du 2 mai")
    group = GroupFactory(centre=centre(), name="Élus")
    group.contacts.add(contact)
    GroupFactory(centre=centre(), name="Tout le monde", kind="rule")
    other = ContactFactory(centre=centre())
    client.get(f"/contacts/fiche/{other.pk}/donnees.json")  # another person's copy: not in this one's log
    response = client.get(f"/contacts/fiche/{contact.pk}/donnees.json")
    assert response["Content-Disposition"] == f'attachment; filename="contact-{contact.pk}.json"'
    data = json.loads(response.content)
    assert data["contact"]["adresse électronique"] == "claire@example.org"
    assert data["contact"]["thèmes"] == [concept("sport").pref_label]
    assert data["consentements"][0]["preuve"] == "Message du 2 mai"
    assert data["groupes"] == ["Élus", "Tout le monde"]
    assert [entry["action"] for entry in data["journal"]] == []
    again = json.loads(client.get(f"/contacts/fiche/{contact.pk}/donnees.json").content)
    assert [entry["action"] for entry in again["journal"]] == ["copie des données d'une personne (JSON)"]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT_PERSON).count() == 3


def test_erasure_deletes_the_person_and_keeps_a_trace_without_personal_data(client, admin):
    contact = ContactFactory(
        centre=centre(), last_name="Effacée", first_name="Zoé", email="zoe@example.org", organisation="Mairie"
    )
    ConsentRecord.objects.create(contact=contact, purpose=Purpose.EVENTS, source="courriel")
    group = GroupFactory(centre=centre())
    group.contacts.add(contact)
    assert "aucun nom" in text(client.get(f"/contacts/fiche/{contact.pk}/effacer/"))
    response = client.post(f"/contacts/fiche/{contact.pk}/effacer/")
    assert response["Location"] == "/contacts/centre/pb/"
    assert not Contact.objects.exists() and not ConsentRecord.objects.exists() and not group.contacts.exists()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.actor_label, entry.count) == (AuditAction.ERASURE, admin, admin.email, 1)
    for personal in ("Effacée", "Zoé", "zoe@example.org", "Mairie"):
        assert personal not in entry.detail
    assert f"n° {contact.pk}" in entry.detail and "1 consentement" in entry.detail
    log = text(client.get("/contacts/centre/pb/journal/"))
    assert "effacement à la demande" in log and admin.email in log


def test_idle_contacts_are_listed_kept_or_purged_by_staff(client, admin, settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "CONTACT_IDLE_DAYS": 365}
    old = timezone.now() - timedelta(days=400)
    idle = [ContactFactory(centre=centre(), last_activity_at=old, last_name=f"Ancien{n}") for n in range(2)]
    active = ContactFactory(centre=centre(), last_name="Actif")
    ContactFactory(centre=centre(OTHER), last_activity_at=old)
    page = client.get("/contacts/centre/pb/inactifs/")
    assert [c.last_name for c in page.context["page"]] == ["Ancien0", "Ancien1"]
    client.post(f"/contacts/fiche/{idle[0].pk}/garder/")
    assert [c.last_name for c in client.get("/contacts/centre/pb/inactifs/").context["page"]] == ["Ancien1"]
    client.post("/contacts/centre/pb/inactifs/")
    assert set(Contact.objects.filter(centre=centre())) == {idle[0], active}
    assert Contact.objects.filter(centre=centre(OTHER)).count() == 1
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.count, entry.actor) == (AuditAction.PURGE, 1, admin)


def test_the_clock_purges_idle_contacts_after_the_review_period(settings):
    settings.PASSERELLES = {**settings.PASSERELLES, "CONTACT_IDLE_DAYS": 365, "CONTACT_REVIEW_DAYS": 30}
    assert "passerelles.contacts.tasks.purge_idle_contacts" in clock.periodic()
    in_review = ContactFactory(centre=centre(), last_activity_at=timezone.now() - timedelta(days=380))
    ContactFactory(centre=centre(), last_activity_at=timezone.now() - timedelta(days=400))
    ContactFactory(centre=centre(OTHER), last_activity_at=timezone.now() - timedelta(days=500))
    purge_idle_contacts.enqueue()
    assert list(Contact.objects.all()) == [in_review]
    entries = AuditEntry.objects.order_by("centre__slug")
    assert [(e.centre.slug, e.action, e.count, e.actor, e.actor_label) for e in entries] == [
        ("pb", AuditAction.PURGE, 1, None, ""),
        (OTHER, AuditAction.PURGE, 1, None, ""),
    ]


def test_exports_erasure_and_log_are_for_the_centre_s_admins_only(client):
    contact = ContactFactory(centre=centre())
    client.force_login(person("editor"))
    for url in (
        "/contacts/centre/pb/contacts.csv",
        "/contacts/centre/pb/contacts.vcf",
        "/contacts/centre/pb/journal/",
        f"/contacts/fiche/{contact.pk}/donnees.json",
        "/contacts/centre/pb/inactifs/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/contacts/fiche/{contact.pk}/effacer/").status_code == 403
    client.force_login(admin_of(OTHER))
    assert client.get(f"/contacts/fiche/{contact.pk}/donnees.json").status_code == 404
    assert client.get("/contacts/centre/pb/contacts.csv").status_code == 403
    assert Contact.objects.exists() and not AuditEntry.objects.exists()
