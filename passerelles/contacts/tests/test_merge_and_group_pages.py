"""Merging two duplicates, adding chosen contacts to a group, the group pages."""

import pytest

from ..enums import AuditAction, GroupKind, Purpose
from ..models import AuditEntry, ConsentRecord, Contact, Group
from .factories import ContactFactory, GroupFactory
from .helpers import OTHER, admin_of, centre, concept, person, territory, text

pytestmark = pytest.mark.django_db


def test_merge_keeps_the_chosen_values_and_unites_the_rest(client):
    admin = admin_of()
    client.force_login(admin)
    education, sport = concept("education"), concept("sport")
    first = ContactFactory(centre=centre(), last_name="Martin", email="c.martin@example.org", themes=[education])
    second = ContactFactory(
        centre=centre(),
        last_name="MARTIN Claire",
        email="claire.martin@example.org",
        organisation="Brest métropole",
        territory=territory("commune", "29019"),
        themes=[sport],
    )
    group_a, group_b = GroupFactory(centre=centre()), GroupFactory(centre=centre())
    group_a.contacts.add(first)
    group_b.contacts.add(second)
    ConsentRecord.objects.create(contact=first, purpose=Purpose.NEWSLETTER, source="formulaire")
    ConsentRecord.objects.create(contact=second, purpose=Purpose.EVENTS, source="courriel")
    assert (
        client.post(f"/contacts/fiche/{first.pk}/fusionner/", {"other": "CLAIRE.martin@example.org"})["Location"]
        == f"/contacts/fiche/{first.pk}/fusionner/{second.pk}/"
    )
    choices = {
        "last_name": "1",
        "first_name": "1",
        "email": "2",
        "function": "1",
        "organisation": "2",
        "territory": "2",
        "notes": "1",
    }
    response = client.post(f"/contacts/fiche/{first.pk}/fusionner/{second.pk}/", choices)
    assert response["Location"] == f"/contacts/fiche/{first.pk}/"
    merged = Contact.objects.get()
    assert (merged.pk, merged.last_name, merged.email, merged.organisation, merged.territory.code) == (
        first.pk,
        "Martin",
        "claire.martin@example.org",
        "Brest métropole",
        "29019",
    )
    assert set(merged.themes.all()) == {education, sport}
    assert set(merged.groups.all()) == {group_a, group_b}
    assert sorted(merged.consents.values_list("purpose", flat=True)) == ["events", "newsletter"]
    assert list(Contact.objects.consenting(Purpose.EVENTS)) == [merged]  # the moved record counts
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.actor_label, entry.count) == (AuditAction.MERGE, admin, admin.email, 2)
    assert "martin" not in entry.detail.lower()


def test_merge_refuses_a_contact_of_another_centre_or_itself(client):
    client.force_login(admin_of())
    mine, theirs = ContactFactory(centre=centre()), ContactFactory(centre=centre(OTHER))
    assert client.get(f"/contacts/fiche/{mine.pk}/fusionner/{theirs.pk}/").status_code == 404
    assert client.get(f"/contacts/fiche/{mine.pk}/fusionner/{mine.pk}/").status_code == 404
    response = client.post(f"/contacts/fiche/{mine.pk}/fusionner/", {"other": theirs.email})
    assert response.status_code == 200 and Contact.objects.count() == 2


def test_bulk_add_the_ticked_contacts_to_a_static_group(client):
    client.force_login(admin_of())
    chosen = [ContactFactory(centre=centre()) for _ in range(3)]
    theirs = ContactFactory(centre=centre(OTHER))
    group = GroupFactory(centre=centre(), name="Élus")
    group.contacts.add(chosen[0])
    listing = client.get("/contacts/centre/pb/")
    assert 'name="selected"' in text(listing) and "Élus" in text(listing)
    response = client.post(
        "/contacts/centre/pb/ajouter-au-groupe/",
        {"selected": [c.pk for c in chosen], "group": group.pk, "next": "/contacts/centre/pb/?q=contact"},
    )
    assert response["Location"] == "/contacts/centre/pb/?q=contact"
    assert set(group.contacts.all()) == set(chosen)
    refused = client.post("/contacts/centre/pb/ajouter-au-groupe/", {"selected": [theirs.pk], "group": group.pk})
    assert refused.status_code == 302 and theirs not in group.contacts.all()
    rule = GroupFactory(centre=centre(), kind=GroupKind.RULE)
    client.post("/contacts/centre/pb/ajouter-au-groupe/", {"selected": [chosen[0].pk], "group": rule.pk})
    assert not rule.contacts.exists()


def test_a_static_group_s_page_adds_and_removes_members(client):
    client.force_login(admin_of())
    contact = ContactFactory(centre=centre(), email="anne@example.org")
    group = GroupFactory(centre=centre())
    response = client.post(
        f"/contacts/groupes/{group.pk}/ajouter/", {"emails": "ANNE@example.org\ninconnu@example.org"}
    )
    assert not group.contacts.exists()  # one unknown address: nothing added
    assert "inconnu@example.org" in text(client.get(response["Location"]))
    client.post(f"/contacts/groupes/{group.pk}/ajouter/", {"emails": "ANNE@example.org"})
    assert list(group.contacts.all()) == [contact]
    page = client.get(f"/contacts/groupes/{group.pk}/")
    assert page.context["page"].paginator.count == 1 and "anne@example.org" in text(page)
    client.post(f"/contacts/groupes/{group.pk}/retirer/{contact.pk}/")
    assert not group.contacts.exists() and Contact.objects.filter(pk=contact.pk).exists()


def test_a_rule_group_is_created_and_its_members_found_on_display(client):
    client.force_login(admin_of())
    chef, education = concept("chef-de-projet"), concept("education")
    data = {
        "name": "Chefs de projet du Finistère",
        "kind": "rule",
        "functions": [chef.pk],
        "themes": [],
        "territories": "Finistère",
    }
    response = client.post("/contacts/centre/pb/groupes/nouveau/", data)
    group = Group.objects.get()
    assert response["Location"] == f"/contacts/groupes/{group.pk}/"
    assert [t.code for t in group.territories.all()] == ["29"]
    assert client.get(f"/contacts/groupes/{group.pk}/").context["page"].paginator.count == 0
    ContactFactory(centre=centre(), function=chef, territory=territory("commune", "29019"), themes=[education])
    ContactFactory(centre=centre(), function=chef, territory=territory("commune", "93066"))
    page = client.get(f"/contacts/groupes/{group.pk}/")
    assert page.context["page"].paginator.count == 1
    assert client.get("/contacts/centre/pb/groupes/").context["rows"] == [(group, 1)]
    bad = client.post("/contacts/centre/pb/groupes/nouveau/", {**data, "name": "Autre", "territories": "Zzzville"})
    assert bad.status_code == 200 and "introuvable" in text(bad) and Group.objects.count() == 1
    same = client.post("/contacts/centre/pb/groupes/nouveau/", {**data, "name": "CHEFS DE PROJET DU FINISTÈRE"})
    assert same.status_code == 200 and Group.objects.count() == 1


def test_group_edit_and_delete(client):
    client.force_login(admin_of())
    group = GroupFactory(centre=centre(), name="Ancien")
    contact = ContactFactory(centre=centre())
    group.contacts.add(contact)
    assert client.post(f"/contacts/groupes/{group.pk}/modifier/", {"name": "Nouveau"}).status_code == 302
    group.refresh_from_db()
    assert group.name == "Nouveau" and group.kind == GroupKind.STATIC
    client.post(f"/contacts/groupes/{group.pk}/supprimer/")
    assert not Group.objects.exists() and Contact.objects.exists()


def test_groups_of_another_centre_are_not_found_and_editors_only_read(client):
    theirs = GroupFactory(centre=centre(OTHER))
    mine = GroupFactory(centre=centre())
    client.force_login(person("editor"))
    assert client.get(f"/contacts/groupes/{theirs.pk}/").status_code == 404
    assert client.get(f"/contacts/groupes/{mine.pk}/").status_code == 200
    assert client.post(f"/contacts/groupes/{mine.pk}/modifier/", {"name": "x"}).status_code == 403
    assert client.post(f"/contacts/groupes/{mine.pk}/supprimer/").status_code == 403
    assert Group.objects.count() == 2
