"""The API's frame: schema, documentation page, problems, HEAD, CORS and rate limits."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passerelles.centres.models import Centre
from passerelles.experiences.enums import Status as SheetStatus
from passerelles.experiences.tests.factories import ExperienceSheetFactory

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_1_in_french(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert schema["info"]["version"] == "1"
    assert "Lecture libre" in schema["info"]["description"]
    assert "ProblemDetails" in schema["components"]["schemas"]


def test_the_documentation_page_loads_only_local_scripts(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="fr"' in page
    assert "/static/ninja/swagger-ui-bundle.js" in page and "/static/api/swagger-init.js" in page
    assert "cdn" not in page.lower() and "https://" not in page
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_an_unknown_address_is_a_404_problem_in_french(client):
    response = client.get("/api/v1/nulle-part/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json() == {
        "type": "about:blank",
        "title": "Ressource introuvable",
        "status": 404,
        "detail": "Aucune ressource ne correspond à cette adresse.",
        "instance": "/api/v1/nulle-part/",
    }


def test_lists_and_details_answer_304_while_nothing_changes(client):
    centre = Centre.objects.get(slug="pb")
    for url in ("/api/v1/fiches", "/api/v1/centres/pb", "/api/v1/thesaurus?scheme=themes", "/api/v1/agenda/sessions"):
        first = client.get(url)
        assert first.status_code == 200
        etag, modified = first["ETag"], first["Last-Modified"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag, url
        assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304, url
        assert client.get(url, headers={"If-None-Match": '"autre"'}).status_code == 200, url
    # Another address (other parameters) is another representation.
    etag = client.get("/api/v1/fiches")["ETag"]
    assert client.get("/api/v1/fiches?page_size=5", headers={"If-None-Match": etag}).status_code == 200
    # A change to what a list shows gives it a new ETag, and a new body (the kept one is not served).
    kept = client.get("/api/v1/fiches").json()
    sheet = ExperienceSheetFactory(centre=centre, status=SheetStatus.PUBLISHED)
    changed = client.get("/api/v1/fiches", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["results"][0]["slug"] == sheet.slug
    assert sheet.slug not in {item["slug"] for item in kept["results"]}


def test_an_answer_served_again_is_the_same_without_querying_the_content(client):
    first = client.get("/api/v1/fiches?page_size=50")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/fiches?page_size=50")
    # Only the versions are read (at each request in the tests, at most once a second otherwise).
    assert all(query["sql"].startswith("SELECT (SELECT COUNT(*)") for query in queries.captured_queries)
    assert (again.status_code, again.content, again["ETag"]) == (200, first.content, first["ETag"])
    assert again["Content-Type"] == first["Content-Type"]


def test_head_answers_like_get_without_a_body(client):
    got, head = client.get("/api/v1/centres/pb"), client.head("/api/v1/centres/pb")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == got["ETag"] and head["Content-Type"] == got["Content-Type"]


def test_a_method_a_route_does_not_take_is_a_405_problem(client):
    response = client.delete("/api/v1/centres/pb")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["title"] == "Méthode non autorisée"
    assert "GET" in response["Allow"]


def test_any_site_may_read_the_api_but_not_write_through_it(client):
    origin = {"Origin": "https://partenaire.example"}
    read = client.get("/api/v1/centres", headers=origin)
    assert read["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in read
    assert "ETag" in read["Access-Control-Expose-Headers"]
    preflight = client.options("/api/v1/espace/fiches", headers={**origin, "Access-Control-Request-Method": "POST"})
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    assert set(preflight["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    # The rest of the site shares nothing with other origins.
    assert "Access-Control-Allow-Origin" not in client.get("/centres/", headers=origin)


def test_too_many_requests_from_one_client_is_a_429_problem_with_retry_after(client, settings):
    settings.PASSERELLES = {
        **settings.PASSERELLES,
        "THROTTLES": {**settings.PASSERELLES["THROTTLES"], "API_CLIENT": "2/m"},
    }
    assert client.get("/api/v1/centres").status_code == 200
    assert client.get("/api/v1/thesaurus").status_code == 200
    refused = client.get("/api/v1/centres")
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/problem+json")
    assert refused.json()["title"] == "Trop de requêtes"
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another client keeps its own quota.
    assert client.get("/api/v1/centres", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_validation_error_names_each_bad_parameter_in_french(client):
    body = client.get("/api/v1/fiches", {"page_size": "beaucoup"}).json()
    assert body["status"] == 422 and body["title"] == "Paramètres invalides"
    assert body["errors"] == [
        {"loc": ["query", "page_size"], "msg": "Doit être un nombre entier.", "type": "int_parsing"}
    ]


def test_no_two_schemas_share_a_name():
    # django-ninja names each schema of the OpenAPI document after its class: two classes of one name
    # would silently document one shape for both.
    import importlib
    import pkgutil

    from ninja import Schema

    import passerelles.api

    for module in pkgutil.walk_packages(passerelles.api.__path__, "passerelles.api."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [cls for cls in set(subclasses(Schema)) if cls.__module__.startswith("passerelles.api")]
    names = [cls.__name__ for cls in ours]
    assert sorted(name for name in set(names) if names.count(name) > 1) == []
