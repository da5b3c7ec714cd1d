import datetime

import factory

from passerelles.editorial.workflow import Status

from ..enums import Kind
from ..models import Contributor, Publication, Series


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    centre = factory.SubFactory("passerelles.centres.tests.factories.CentreFactory")
    title = factory.Sequence(lambda n: f"Revue de test {n}")
    slug = factory.Sequence(lambda n: f"revue-de-test-{n}")
    kind = Kind.PERIODICAL


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        skip_postgeneration_save = True

    centre = factory.SubFactory("passerelles.centres.tests.factories.CentreFactory")
    title = factory.Sequence(lambda n: f"Publication de test {n}")
    slug = factory.Sequence(lambda n: f"publication-de-test-{n}")
    kind = Kind.STUDY
    publication_date = datetime.date(2024, 3, 1)
    abstract = "Un résumé de publication."
    status = Status.DRAFT


class PublishedFactory(PublicationFactory):
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor

    publication = factory.SubFactory(PublicationFactory)
    name = factory.Sequence(lambda n: f"Autrice {n}")
