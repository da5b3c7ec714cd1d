"""The number of SQL queries of a page does not grow with the number of rows it shows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory

from .factories import CentreFactory

pytestmark = pytest.mark.django_db


def queries(client, url):
    cache.clear()  # each measure pays for the same cached lookups
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/centres/",
        "/centres/couverture/",
        "/centres/quel-centre-couvre-ma-commune/?q=Rennes",
        "/centres/?region=53",
    ],
)
def test_query_count_does_not_grow_with_rows(client, url):
    before = queries(client, url)
    bretagne = Territory.objects.get(kind=Kind.REGION, code="53")
    finistere = Territory.objects.get(kind=Kind.DEPARTEMENT, code="29")
    seat = Territory.objects.get(kind=Kind.COMMUNE, code="35238")
    for _ in range(15):
        CentreFactory(perimeter=[bretagne, finistere], seat=seat)
    assert queries(client, url) == before


def test_centre_page_query_count_does_not_grow_with_its_perimeter(client):
    centre = CentreFactory(perimeter=[Territory.objects.get(kind=Kind.REGION, code="53")])
    before = queries(client, centre.get_absolute_url())
    centre.perimeter.add(*Territory.objects.filter(kind=Kind.DEPARTEMENT)[:20])
    assert queries(client, centre.get_absolute_url()) == before
