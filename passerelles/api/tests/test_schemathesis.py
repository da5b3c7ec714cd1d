"""The API against its own schema, over HTTP, on a live server (schemathesis): every read operation,
with generated parameters, never answers a server error and always answers what its schema says."""

import datetime

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from passerelles.centres.models import Centre
from passerelles.events.tests.factories import CycleFactory, SessionFactory
from passerelles.experiences.enums import Status as SheetStatus
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.publications.models import CatalogueRecord, HarvestSource
from passerelles.publications.tests.factories import ContributorFactory, PublishedFactory
from passerelles.search_index.services.indexing import rebuild
from passerelles.territories.models import Territory
from passerelles.thesaurus.models import Concept

EXAMPLES_PER_OPERATION = 10


def public_content():
    """Published content of each kind, at the addresses the schema gives as examples."""
    centre = Centre.objects.get(slug="pb")
    brest = Territory.objects.get(kind="commune", code="29019")
    theme = Concept.objects.get(notation="education")
    sheet = ExperienceSheetFactory(
        centre=centre, status=SheetStatus.PUBLISHED, slug="jardins-partages-brest", published_at=timezone.now()
    )
    sheet.territories.add(brest)
    sheet.themes.add(theme)
    ExperienceSheetFactory(centre=centre, status=SheetStatus.DRAFT)
    publication = PublishedFactory(centre=centre, slug="cahiers-dsu-36")
    publication.themes.add(theme)
    publication.related_sheets.add(sheet)
    ContributorFactory(publication=publication)
    cycle = CycleFactory(centre=centre, slug="qualification-2026")
    SessionFactory(centre=centre, cycle=cycle, slug="atelier-emploi-brest", commune=brest, capacity=20)
    source = HarvestSource.objects.create(centre=centre, base_url="https://pmb.example.org/oai")
    CatalogueRecord.objects.create(
        pk=1,
        source=source,
        centre=centre,
        oai_identifier="oai:pmb:1",
        datestamp=timezone.now() - datetime.timedelta(days=3),
        title="Une notice moissonnée",
        dublin_core={"title": ["Une notice moissonnée"], "creator": ["Collectif"]},
    )
    rebuild()


@pytest.mark.usefixtures("shipped_data_put_back")
class TestAgainstItsSchema:
    def test_every_read_answers_as_documented(self, live_server):
        public_content()
        schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
        operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
        assert len(operations) >= 15
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def answers_as_documented(case):
                case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

            answers_as_documented()
