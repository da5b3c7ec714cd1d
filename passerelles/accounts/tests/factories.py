import factory

from ..models import Membership, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = "Prénom"
    last_name = "Nom"
    password = factory.PostGenerationMethodCall("set_password", "mot-de-passe-solide")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    centre = factory.SubFactory("passerelles.centres.tests.factories.CentreFactory")
    role = "editor"
