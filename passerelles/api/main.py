"""The REST API v1 (issue 18, ADR 0015): one django-ninja API, its OpenAPI 3.1 schema at
/api/v1/openapi.json and its documentation page at /api/v1/docs/.

Every route answers HEAD like GET; every error is a problem (problems.py); the routers of each part
are added at the bottom of this module.
"""

import functools
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern
from ninja import NinjaAPI

from . import caching, problems
from .docs import LocalSwagger
from .throttles import default_throttles

DESCRIPTION = """\
L'API du réseau Passerelles : les centres de ressources de la politique de la ville, leurs
territoires, le thésaurus, les fiches expérience publiées, les publications et leurs documents,
les sessions et cycles de l'agenda, les notices moissonnées et la recherche dans tout le réseau.

## Lecture libre

Toutes les opérations de lecture sont ouvertes à tous, sans jeton, et
n'exposent que des données publiques (jamais de données personnelles). Elles sont accessibles
depuis un navigateur (CORS) ; l'écriture ne l'est pas.

## Écriture

Les membres d'un centre créent des jetons depuis leur compte ; un jeton ne vaut que
pour son centre et le rôle de son titulaire (en-tête `Authorization: Bearer <jeton>`).

## Pagination

Les longues listes se parcourent par curseur : suivez le lien `next` de chaque
page (paramètre `cursor`), dans un ordre stable ; `page_size` règle la taille d'une page.

## Cache

Les réponses portent `ETag` et `Last-Modified` : renvoyez-les dans `If-None-Match` ou
`If-Modified-Since` pour recevoir `304 Not Modified` quand rien n'a changé.

## Limites

Le nombre de requêtes est limité par adresse (sans jeton) et par jeton : au-delà,
la réponse est `429` avec l'en-tête `Retry-After` (en secondes).

## Erreurs

Chaque erreur est décrite au format « problem details » (RFC 9457,
`application/problem+json`), en français.

## Licence

Les données sont publiées sous Licence Ouverte 2.0 (Etalab).
"""

NOT_MODIFIED = "Non modifiée : la copie du client (If-None-Match, If-Modified-Since) est à jour."
SUCCESSES = {"200": "Succès", "201": "Créé"}
PROBLEM_REF = {"$ref": "#/components/schemas/ProblemDetails"}


def _problem_response(status: int) -> dict[str, Any]:
    return {
        "description": problems.title_of(status),
        "content": {problems.MEDIA_TYPE: {"schema": PROBLEM_REF}},
    }


def _served(view: Any) -> Any:
    """HEAD runs as GET without the body (uptime monitors, caches); a method a route does not take is
    a 405 problem with its Allow header; a public answer marked by caching.check is kept."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            answer = view(request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        caching.keep(request, answer)
        if isinstance(answer, HttpResponseNotAllowed):
            allowed = answer["Allow"]
            if "GET" in allowed.split(", "):
                allowed += ", HEAD"
            answer = problems.response(request, problems.Problem(405, headers={"Allow": allowed}))
        if head and not getattr(answer, "streaming", False):
            length = len(answer.content)
            answer.content = b""
            answer["Content-Length"] = str(length)
        return answer

    return wrapped


class PasserellesApi(NinjaAPI):
    def _get_urls(self) -> list[Any]:
        urls = []
        for pattern in super()._get_urls():
            if isinstance(pattern, URLPattern):
                pattern = URLPattern(pattern.pattern, _served(pattern.callback), pattern.default_args, pattern.name)
            urls.append(pattern)
        return urls

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> Any:
        """django-ninja's schema, with the problems every operation may answer documented as such."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        problem_schema = problems.ProblemDetails.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(problem_schema.pop("$defs", {}))
        components["ProblemDetails"] = problem_schema
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                for parameter in operation.get("parameters", []):
                    # OpenAPI wants a map of named examples here (the list stays in the JSON Schema).
                    if isinstance(parameter.get("examples"), list):
                        values = parameter.pop("examples")
                        if values:
                            parameter["example"] = values[0]
                responses = operation["responses"] = {
                    str(code): answer for code, answer in operation.get("responses", {}).items()
                }
                for code, answer in responses.items():
                    if code[0] in "45":
                        # Errors a router declared with a schema: served as problem details, titled in French.
                        answer["description"] = problems.title_of(int(code))
                        if "application/json" in answer.get("content", {}):
                            answer["content"] = {problems.MEDIA_TYPE: answer["content"]["application/json"]}
                    elif code in SUCCESSES:
                        answer["description"] = SUCCESSES[code]
                statuses = [422, 429, 500]
                if "{" in path:
                    statuses.append(404)
                if operation.get("security"):
                    statuses += [401, 403]
                for status in statuses:
                    responses.setdefault(str(status), _problem_response(status))
                if method == "get":
                    responses.setdefault("304", {"description": NOT_MODIFIED})
        return schema


api = PasserellesApi(
    title="API Passerelles",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=LocalSwagger(),
    docs_url="/docs/",
    openapi_url="/openapi.json",
    throttle=default_throttles(),
    parser=problems.ObjectBodies(),
)
problems.install(api)
api.add_exception_handler(caching.NotModified, caching.not_modified)
api.add_exception_handler(caching.Kept, caching.kept)


def _add_routers() -> None:
    from .read import catalogue, centres, events, publications, search, sheets, territories, thesaurus

    # Reads: public data, no token.
    api.add_router("/centres", centres.router, tags=["Centres"])
    api.add_router("/territoires", territories.router, tags=["Territoires"])
    api.add_router("/thesaurus", thesaurus.router, tags=["Thésaurus"])
    api.add_router("/fiches", sheets.router, tags=["Fiches expérience"])
    api.add_router("/publications", publications.router, tags=["Publications"])
    api.add_router("/agenda", events.router, tags=["Agenda"])
    api.add_router("/notices", catalogue.router, tags=["Notices moissonnées"])
    api.add_router("/recherche", search.router, tags=["Recherche"])

    # Writes: a centre's drafts and their review workflow, with a token (api.auth, ADR 0016).
    from .write import publications as write_publications
    from .write import sessions as write_sessions
    from .write import sheets as write_sheets

    api.add_router("/espace/fiches", write_sheets.router, tags=["Écriture — fiches"])
    api.add_router("/espace/publications", write_publications.router, tags=["Écriture — publications"])
    api.add_router("/espace/sessions", write_sessions.router, tags=["Écriture — sessions"])


_add_routers()
