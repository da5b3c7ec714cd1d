import factory

from passerelles.territories.models import Territory

from ..enums import Status
from ..models import ExperienceSheet


class ExperienceSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExperienceSheet
        skip_postgeneration_save = True

    centre = factory.SubFactory("passerelles.centres.tests.factories.CentreFactory")
    title = factory.Sequence(lambda n: f"Expérience de test {n}")
    slug = factory.Sequence(lambda n: f"experience-de-test-{n}")
    summary = "Une expérience locale."
    status = Status.DRAFT

    @factory.post_generation
    def territories(self, create, territories, **kwargs):
        if create:
            self.territories.set(territories or [Territory.objects.get(kind="commune", code="29019")])
