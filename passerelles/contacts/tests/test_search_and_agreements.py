"""What the list's search and consent filter read: each contact's words and its agreement columns,
kept true to the contact and to its latest consent records whichever way they are written."""

import datetime

import pytest
from django.utils import timezone

from ..enums import Purpose
from ..models import ConsentRecord, Contact, ContactWord, sort_name
from ..services import listing
from .factories import ContactFactory
from .helpers import OTHER, centre

pytestmark = pytest.mark.django_db


def found(query, slug="pb"):
    return sorted(c.last_name for c in listing.filtered(centre(slug), {"q": query}))


def test_the_search_finds_the_beginning_of_any_word_of_names_address_and_organisation():
    ContactFactory(
        centre=centre(), first_name="Anne-Sophie", last_name="Le Dû", email="as.ledu@grandlyon.fr", organisation="CCAS"
    )
    ContactFactory(centre=centre(), first_name="Éric", last_name="Lopez", email="e@example.org", organisation="Mairie")
    ContactFactory(centre=centre(), first_name="Zoé", last_name="Nom9", email="z9@example.org", organisation="")
    ContactFactory(centre=centre(), first_name="Léa", last_name="Noma", email="l@example.org", organisation="")
    ContactFactory(centre=centre(OTHER), first_name="Anne", last_name="Ailleurs", email="a@grandlyon.fr")
    assert found("grandlyon") == ["Le Dû"]  # the domain of the address, of this centre only
    assert found("anne du") == found("SOPHIE") == found("ledu") == found("ccas") == ["Le Dû"]
    assert found("Éric LOPEZ") == found("lopez") == found("eric lo") == ["Lopez"]
    assert found("nom9") == ["Nom9"] and found("nom") == ["Nom9", "Noma"] and found("noma") == ["Noma"]
    assert found("z") == ["Nom9"]  # Zoé and z9@: a prefix of « z » alone has no upper bound
    assert found("opez") == [] and found("anne lopez") == []  # beginnings of words, every word


def test_the_words_follow_the_contact_however_it_is_written():
    contact = ContactFactory(centre=centre(), last_name="Avant", organisation="Ancienne structure")
    contact.last_name, contact.organisation = "Après", "Nouvelle"
    contact.save()
    assert found("avant") == found("ancienne") == [] and found("nouvelle") == ["Après"]
    Contact.objects.bulk_create(
        [Contact(centre=centre(), last_name="Enmasse", email="m@example.org", sort_name=sort_name("Enmasse", ""))]
    )
    assert found("enmasse") == ["Enmasse"]
    contact.delete()
    assert not ContactWord.objects.filter(word="nouvelle").exists()


def agreeing(purpose):
    return sorted(c.last_name for c in Contact.objects.consenting(purpose))


def test_the_agreement_columns_follow_the_latest_record_however_it_is_written():
    anne, bruno = ContactFactory(centre=centre(), last_name="Anne"), ContactFactory(centre=centre(), last_name="Bruno")
    given = ConsentRecord.objects.create(contact=anne, purpose=Purpose.NEWSLETTER, source="formulaire")
    assert agreeing(Purpose.NEWSLETTER) == ["Anne"] and agreeing(Purpose.EVENTS) == []
    withdrawal = ConsentRecord.objects.create(contact=anne, purpose=Purpose.NEWSLETTER, given=False, source="courriel")
    assert agreeing(Purpose.NEWSLETTER) == []
    withdrawal.delete()  # a record entered by mistake, taken away: the agreement before it holds again
    assert agreeing(Purpose.NEWSLETTER) == ["Anne"]
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(contact=bruno, purpose=Purpose.EVENTS, source="import"),
            ConsentRecord(contact=anne, purpose=Purpose.NEWSLETTER, given=False, recorded_at=an_hour_ago, source="x"),
        ]
    )
    assert agreeing(Purpose.EVENTS) == ["Bruno"]
    assert agreeing(Purpose.NEWSLETTER) == ["Anne"]  # an older withdrawal does not undo a later agreement
    given.delete()
    assert agreeing(Purpose.NEWSLETTER) == []  # the older withdrawal is now the latest


def test_every_purpose_has_its_agreement_column():
    from ..querysets import AGREEMENT_FIELDS

    assert set(AGREEMENT_FIELDS) == set(Purpose)
    assert all(Contact._meta.get_field(field) for field in AGREEMENT_FIELDS.values())


def test_the_list_pages_a_search_in_name_order_each_contact_once_with_the_other_filters(client):
    from .helpers import admin_of, concept

    client.force_login(admin_of())
    education = concept("education")
    for n in reversed(range(53)):  # found by two words (name and address): listed once all the same
        ContactFactory(
            centre=centre(), last_name=f"Durand{n:02d}", email=f"durand{n}@example.org", themes=[education] * (n % 2)
        )
    ContactFactory(centre=centre(), last_name="Autre", email="durandal@example.org")
    first = client.get("/contacts/centre/pb/?q=durand")
    assert first.context["page"].paginator.count == 54
    assert [c.last_name for c in first.context["page"]] == ["Autre"] + [f"Durand{n:02d}" for n in range(49)]
    second = client.get("/contacts/centre/pb/?q=durand&page=2")
    assert [c.last_name for c in second.context["page"]] == [f"Durand{n:02d}" for n in range(49, 53)]
    themed = client.get("/contacts/centre/pb/?q=durand+exam&theme=education")
    assert [c.last_name for c in themed.context["page"]] == [f"Durand{n:02d}" for n in range(1, 53, 2)]
