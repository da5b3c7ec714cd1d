import factory

from ..models import Contact, Group


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    centre = factory.SubFactory("passerelles.centres.tests.factories.CentreFactory")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Contact{n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    organisation = "Ville de test"

    @factory.post_generation
    def themes(self, create, themes, **kwargs):
        if create and themes:
            self.themes.set(themes)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        skip_postgeneration_save = True

    centre = factory.SubFactory("passerelles.centres.tests.factories.CentreFactory")
    name = factory.Sequence(lambda n: f"Groupe {n}")
