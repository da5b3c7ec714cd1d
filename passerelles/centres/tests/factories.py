import factory

from ..enums import Fact, Level, Status
from ..models import Centre, CentreFact


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Centre de test {n}")
    short_name = factory.Sequence(lambda n: f"CT{n}")
    slug = factory.Sequence(lambda n: f"centre-test-{n}")
    status = Status.ACTIVE
    level = Level.REGIONAL
    website = "https://centre.example"

    @factory.post_generation
    def perimeter(self, create, territories, **kwargs):
        if create and territories:
            self.perimeter.set(territories)

    @factory.post_generation
    def facts(self, create, extracted, **kwargs):
        if create:
            CentreFact.objects.bulk_create(
                [CentreFact(centre=self, fact=fact, verified=fact != Fact.SEAT) for fact in Fact.values]
            )
