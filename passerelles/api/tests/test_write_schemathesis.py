"""The write operations against their own schema, over HTTP, on a live server (schemathesis), with a
valid token of a centre administrator: whatever the generated body or address, never a server error,
always an answer the schema documents."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from passerelles.centres.models import Centre
from passerelles.events.tests.factories import SessionFactory
from passerelles.experiences.tests.factories import ExperienceSheetFactory
from passerelles.publications.tests.factories import PublicationFactory

from .write_helpers import OWN, member, token_for

EXAMPLES_PER_OPERATION = 20


@pytest.mark.usefixtures("shipped_data_put_back")
def test_every_write_answers_as_documented(live_server):
    centre = Centre.objects.get(slug=OWN)
    secret = token_for(member("centre_admin", OWN))
    # Content at the addresses the schema gives as examples, and other slugs.
    ExperienceSheetFactory(centre=centre, slug="jardins-partages-brest")
    PublicationFactory(centre=centre, slug="cahiers-dsu-36")
    SessionFactory(centre=centre, slug="atelier-emploi-brest", is_published=False)
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.include(path_regex="^/api/v1/espace/").get_all_operations()]
    assert len(operations) == 15
    statuses = set()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case):
            response = case.call_and_validate(
                headers={"Authorization": f"Bearer {secret}"},
                checks=[not_a_server_error, response_schema_conformance],
            )
            statuses.add(response.status_code)

        answers_as_documented()
    # The token was taken (no 401) and requests went past validation as well as being refused by it.
    assert 401 not in statuses
    assert {200, 422} <= statuses, statuses
