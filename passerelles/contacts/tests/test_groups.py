"""Groups: a static list of chosen contacts, or a saved rule read each time it is used."""

import pytest
from django.db import IntegrityError

from passerelles.centres.models import Centre
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

from ..enums import GroupKind, Purpose
from ..models import ConsentRecord, Contact
from .factories import ContactFactory, GroupFactory

pytestmark = pytest.mark.django_db


def centre(slug="pb"):
    return Centre.objects.get(slug=slug)


def concept(notation):
    return Concept.objects.get(notation=notation)


def territory(kind, code):
    return Territory.objects.get(kind=kind, code=code)


def test_a_static_group_holds_the_chosen_contacts_of_its_centre_only():
    chosen, other = ContactFactory(centre=centre()), ContactFactory(centre=centre())
    group = GroupFactory(centre=centre())
    group.contacts.add(chosen)
    assert list(group.members()) == [chosen]
    assert other not in group.members()


def test_a_rule_is_function_and_theme_and_territory_and_read_when_used():
    chef = concept("chef-de-projet")
    theme = Concept.objects.themes().first()
    finistere = territory("departement", "29")
    brest = territory("commune", "29019")
    match = ContactFactory(centre=centre(), function=chef, territory=brest, themes=[theme])
    ContactFactory(centre=centre(), function=chef, territory=territory("commune", "93066"), themes=[theme])
    ContactFactory(centre=centre(), function=chef, territory=brest)  # no theme
    ContactFactory(centre=centre("reso-villes"), function=chef, territory=brest, themes=[theme])  # another centre
    group = GroupFactory(centre=centre(), kind=GroupKind.RULE)
    group.functions.set([chef])
    group.themes.set([theme])
    group.territories.set([finistere])
    members = group.members()
    later = ContactFactory(centre=centre(), function=chef, territory=finistere, themes=[theme])
    assert set(members) == {match, later}  # evaluated when used, not when asked


def test_a_rule_without_criteria_is_every_contact_of_the_centre():
    mine = ContactFactory(centre=centre())
    ContactFactory(centre=centre("reso-villes"))
    group = GroupFactory(centre=centre(), kind=GroupKind.RULE)
    assert list(group.members()) == [mine]


def test_one_address_once_per_centre_whatever_its_case():
    ContactFactory(centre=centre(), email="Claire.Martin@Example.org")
    assert Contact.objects.get().email == "claire.martin@example.org"
    ContactFactory(centre=centre("reso-villes"), email="claire.martin@example.org")
    with pytest.raises(IntegrityError):
        Contact.objects.create(centre=centre(), last_name="Martin", email="CLAIRE.martin@example.org ")


def test_the_latest_consent_record_decides():
    agreed, withdrawn = ContactFactory(centre=centre()), ContactFactory(centre=centre())
    ConsentRecord.objects.create(contact=agreed, purpose=Purpose.NEWSLETTER, source="formulaire")
    ConsentRecord.objects.create(contact=withdrawn, purpose=Purpose.NEWSLETTER, source="formulaire")
    ConsentRecord.objects.create(contact=withdrawn, purpose=Purpose.NEWSLETTER, given=False, source="courriel")
    assert list(Contact.objects.consenting(Purpose.NEWSLETTER)) == [agreed]
    assert not Contact.objects.consenting(Purpose.EVENTS).exists()
