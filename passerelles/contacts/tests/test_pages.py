"""The staff pages of a centre's contacts: list, filters, search, pages, create, edit, delete."""

import pytest

from ..enums import Purpose
from ..models import ConsentRecord, Contact
from .factories import ContactFactory, GroupFactory
from .helpers import OTHER, admin_of, centre, concept, person, territory, text

pytestmark = pytest.mark.django_db


def names(response):
    return [c.last_name for c in response.context["page"]]


def test_a_single_centre_s_staff_go_straight_to_its_list(client):
    client.force_login(admin_of())
    response = client.get("/contacts/")
    assert response.status_code == 302
    assert response["Location"] == "/contacts/centre/pb/"


def test_the_national_animation_is_sent_to_the_counts_and_sees_no_one(client):
    ContactFactory(centre=centre(), last_name="Secret", email="secret@example.org")
    ConsentRecord.objects.create(contact=ContactFactory(centre=centre()), purpose=Purpose.NEWSLETTER, source="x")
    client.force_login(person("animator"))
    assert client.get("/contacts/")["Location"] == "/contacts/effectifs/"
    response = client.get("/contacts/effectifs/")
    assert response.status_code == 200
    row = next(row for row in response.context["rows"] if row["centre"].slug == "pb")
    assert (row["contacts"], row["newsletter"]) == (2, 1)
    assert "Secret" not in text(response) and "secret@example.org" not in text(response)
    assert client.get("/contacts/centre/pb/").status_code == 403
    contact = Contact.objects.get(last_name="Secret")
    assert client.get(f"/contacts/fiche/{contact.pk}/").status_code == 404


def test_the_list_filters_by_function_theme_territory_group_consent_and_search(client):
    client.force_login(admin_of())
    chef, theme = concept("chef-de-projet"), concept("education")
    brest = ContactFactory(
        centre=centre(), last_name="Brestois", function=chef, territory=territory("commune", "29019"), themes=[theme]
    )
    ContactFactory(centre=centre(), last_name="Dionysien", territory=territory("commune", "93066"))
    ContactFactory(centre=centre(OTHER), last_name="Ailleurs", function=chef)
    ConsentRecord.objects.create(contact=brest, purpose=Purpose.EVENTS, source="formulaire")
    group = GroupFactory(centre=centre())
    group.contacts.add(brest)
    assert names(client.get("/contacts/centre/pb/")) == ["Brestois", "Dionysien"]
    for query in (
        "fonction=chef-de-projet",
        "theme=education",
        "territoire=29",
        "territoire=Finistère",
        f"groupe={group.pk}",
        "consentement=events",
        "q=brest",
        "q=BRESTOIS",
    ):
        assert names(client.get(f"/contacts/centre/pb/?{query}")) == ["Brestois"], query
    assert names(client.get("/contacts/centre/pb/?consentement=newsletter")) == []
    ConsentRecord.objects.create(contact=brest, purpose=Purpose.EVENTS, given=False, source="courriel")
    assert names(client.get("/contacts/centre/pb/?consentement=events")) == []  # withdrawn since


def test_a_bad_filter_is_reported_and_ignored(client):
    client.force_login(admin_of())
    ContactFactory(centre=centre(), last_name="Seul")
    response = client.get("/contacts/centre/pb/?territoire=Nullepart-sur-Mer&fonction=inconnue")
    assert names(response) == ["Seul"]
    assert "introuvable" in text(response)
    assert len(response.context["bad_filters"]) == 2


def test_the_list_is_paged_by_fifty(client):
    client.force_login(admin_of())
    for n in reversed(range(51)):  # keys in the reverse order of names: the page keeps the names' order
        ContactFactory(centre=centre(), last_name=f"Nom{n:03d}")
    first, second = client.get("/contacts/centre/pb/"), client.get("/contacts/centre/pb/?page=2")
    assert names(first) == [f"Nom{n:03d}" for n in range(50)] and names(second) == ["Nom050"]
    assert "Page 1 sur 2" in text(first)


def test_create_a_contact_with_a_consent_record(client):
    client.force_login(admin_of())
    data = {
        "last_name": "Martin",
        "first_name": "Claire",
        "email": "Claire.Martin@Example.org",
        "function": concept("chef-de-projet").pk,
        "organisation": "Ville de Brest",
        "territory": "29019",
        "themes": [concept("education").pk],
        "notes": "",
        "consents-TOTAL_FORMS": "1",
        "consents-INITIAL_FORMS": "0",
        "consents-0-purpose": "newsletter",
        "consents-0-given": "on",
        "consents-0-recorded_at": "2026-03-01T10:00",
        "consents-0-source": "formulaire papier",
        "consents-0-proof": "Fiche signée le 1er mars",
    }
    response = client.post("/contacts/centre/pb/nouveau/", data)
    contact = Contact.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/contacts/fiche/{contact.pk}/"
    assert (contact.email, contact.territory.code, contact.centre.slug) == ("claire.martin@example.org", "29019", "pb")
    assert [t.notation for t in contact.themes.all()] == ["education"]
    consent = contact.consents.get()
    assert (consent.purpose, consent.given, consent.proof) == ("newsletter", True, "Fiche signée le 1er mars")
    data["email"] = "CLAIRE.martin@example.org"
    again = client.post("/contacts/centre/pb/nouveau/", data)
    assert again.status_code == 200 and Contact.objects.count() == 1
    assert "déjà celle d'un contact" in text(again)


def test_edit_refuses_an_unknown_territory_and_writes_nothing(client):
    client.force_login(admin_of())
    contact = ContactFactory(centre=centre(), last_name="Avant")
    data = {
        "last_name": "Après",
        "email": contact.email,
        "territory": "Nullepart-sur-Mer",
        "consents-TOTAL_FORMS": "0",
        "consents-INITIAL_FORMS": "0",
    }
    response = client.post(f"/contacts/fiche/{contact.pk}/", data)
    assert response.status_code == 200 and "introuvable" in text(response)
    contact.refresh_from_db()
    assert contact.last_name == "Avant"
    data["territory"] = "departement:29"
    assert client.post(f"/contacts/fiche/{contact.pk}/", data).status_code == 302
    contact.refresh_from_db()
    assert (contact.last_name, contact.territory.code) == ("Après", "29")


def test_an_editor_reads_a_contact_but_changes_nothing(client):
    contact = ContactFactory(centre=centre(), last_name="Lu")
    client.force_login(person("editor"))
    response = client.get(f"/contacts/fiche/{contact.pk}/")
    assert response.status_code == 200 and "Seuls les administrateurs" in text(response)
    assert client.post(f"/contacts/fiche/{contact.pk}/", {"last_name": "Changé"}).status_code == 403
    assert client.post(f"/contacts/fiche/{contact.pk}/supprimer/").status_code == 403
    assert client.get("/contacts/centre/pb/nouveau/").status_code == 403
    assert Contact.objects.get().last_name == "Lu"


def test_a_contact_of_another_centre_is_not_found(client):
    contact = ContactFactory(centre=centre(OTHER))
    client.force_login(admin_of())
    assert client.get(f"/contacts/fiche/{contact.pk}/").status_code == 404
    assert client.post(f"/contacts/fiche/{contact.pk}/supprimer/").status_code == 404
    assert client.get(f"/contacts/centre/{OTHER}/").status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_delete_a_contact(client):
    client.force_login(admin_of())
    contact = ContactFactory(centre=centre())
    ConsentRecord.objects.create(contact=contact, purpose=Purpose.NEWSLETTER, source="x")
    assert client.get(f"/contacts/fiche/{contact.pk}/supprimer/").status_code == 200
    response = client.post(f"/contacts/fiche/{contact.pk}/supprimer/")
    assert response["Location"] == "/contacts/centre/pb/"
    assert not Contact.objects.exists() and not ConsentRecord.objects.exists()


def test_the_header_links_to_the_contacts(client):
    client.force_login(admin_of())
    assert 'href="/contacts/"' in text(client.get("/contacts/centre/pb/"))
