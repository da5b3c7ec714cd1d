import datetime

import factory

from passerelles.centres.models import Centre

from ..enums import DocumentKind
from ..models import Accreditation, Document, Version


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    kind = DocumentKind.TECHNICAL
    title = factory.Sequence(lambda n: f"Document de test {n}")
    slug = factory.Sequence(lambda n: f"document-test-{n}")


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Version

    document = factory.SubFactory(DocumentFactory)
    label = factory.Sequence(lambda n: f"v{n}")
    in_force_from = datetime.date(2017, 3, 16)


class AccreditationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accreditation

    centre = factory.LazyFunction(lambda: Centre.objects.get(slug="pb"))
    granted_on = datetime.date(2020, 1, 1)
    valid_until = datetime.date(2024, 12, 31)
    decision = factory.Sequence(lambda n: f"Décision d'agrément n° {n}")
