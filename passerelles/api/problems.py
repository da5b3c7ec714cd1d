"""Every error of the API as problem details (RFC 9457, `application/problem+json`), in French.

Code anywhere in the API raises `Problem(status, title, detail)`; Django's `Http404` and
`PermissionDenied`, django-ninja's validation, authentication and throttling errors, and any
unexpected exception are turned into the same shape by the handlers `install()` registers.
"""

import json
import logging
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError
from ninja.parser import Parser

logger = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"

# The French title of each status the API answers with.
TITLES = {
    400: "Requête invalide",
    401: "Authentification requise",
    403: "Accès refusé",
    404: "Ressource introuvable",
    405: "Méthode non autorisée",
    409: "Conflit",
    412: "Condition préalable non remplie",
    413: "Requête trop volumineuse",
    415: "Type de contenu non pris en charge",
    422: "Paramètres invalides",
    429: "Trop de requêtes",
    500: "Erreur interne du serveur",
    503: "Service indisponible",
}

DETAILS = {
    400: "La requête ne peut pas être traitée telle qu'elle est formulée.",
    401: "Cette opération demande un jeton d'accès valide (en-tête « Authorization: Bearer … »).",
    403: "Vous n'avez pas le droit d'effectuer cette opération.",
    404: "Aucune ressource ne correspond à cette adresse.",
    405: "Cette méthode HTTP n'est pas acceptée à cette adresse.",
    409: "La ressource a changé entre-temps : relisez-la avant de la modifier.",
    422: "Certains paramètres de la requête sont invalides : voyez la liste « errors ».",
    429: "Vous avez dépassé le nombre de requêtes autorisé. Réessayez plus tard.",
    500: "Une erreur inattendue s'est produite. L'équipe technique a été prévenue.",
}


def title_of(status: int) -> str:
    return TITLES.get(status) or HTTPStatus(status).phrase


def type_of(status: int) -> str:
    """A stable URI per kind of problem (`about:blank` means: the HTTP status says it all)."""
    return "about:blank"


class Problem(Exception):
    """An error the API answers with; `errors` lists field errors (validation), `headers` are added."""

    def __init__(
        self,
        status: int,
        title: str | None = None,
        detail: str | None = None,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.title = title or title_of(status)
        self.detail = detail or DETAILS.get(status, self.title)
        self.errors = errors
        self.headers = headers or {}
        super().__init__(f"{status} {self.title}: {self.detail}")


class ProblemError(Schema):
    """One invalid field of a request."""

    loc: list[str | int] = Field(
        description="Où se trouve l'erreur : la partie de la requête puis le nom du champ.",
        examples=[["query", "page_size"]],
    )
    msg: str = Field(description="Ce qui ne va pas, en français.", examples=["Doit être un nombre entier."])
    type: str = Field(description="Le code de l'erreur (stable, en anglais).", examples=["int_parsing"])


class ProblemDetails(Schema):
    """An error, as RFC 9457 problem details."""

    type: str = Field(
        description="URI identifiant le type de problème (« about:blank » : le statut HTTP suffit).",
        examples=["about:blank"],
    )
    title: str = Field(description="Résumé du problème, en français.", examples=["Ressource introuvable"])
    status: int = Field(description="Le code de statut HTTP de la réponse.", examples=[404])
    detail: str = Field(
        description="Explication propre à cette occurrence, en français.",
        examples=["Aucune fiche publiée ne porte l'identifiant « fiche-inconnue »."],
    )
    instance: str = Field(
        description="Le chemin de la requête qui a causé le problème.", examples=["/api/v1/fiches/fiche-inconnue"]
    )
    errors: list[ProblemError] | None = Field(
        default=None, description="Les champs invalides (seulement pour une requête invalide)."
    )


def response(request: HttpRequest, problem: Problem) -> HttpResponse:
    body: dict[str, Any] = {
        "type": type_of(problem.status),
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "instance": request.path,
    }
    if problem.errors is not None:
        body["errors"] = problem.errors
    answer = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=problem.status, content_type=f"{MEDIA_TYPE}; charset=utf-8"
    )
    for name, value in problem.headers.items():
        answer[name] = value
    return answer


# Pydantic's error codes, said in French (the others keep pydantic's message).
MESSAGES = {
    "missing": "Ce paramètre est obligatoire.",
    "int_parsing": "Doit être un nombre entier.",
    "int_type": "Doit être un nombre entier.",
    "float_parsing": "Doit être un nombre.",
    "bool_parsing": "Doit valoir « true » ou « false ».",
    "date_from_datetime_parsing": "Doit être une date au format AAAA-MM-JJ.",
    "date_parsing": "Doit être une date au format AAAA-MM-JJ.",
    "datetime_parsing": "Doit être une date et heure au format ISO 8601.",
    "datetime_from_date_parsing": "Doit être une date et heure au format ISO 8601.",
    "greater_than_equal": "Valeur trop petite.",
    "less_than_equal": "Valeur trop grande.",
    "greater_than": "Valeur trop petite.",
    "less_than": "Valeur trop grande.",
    "string_too_long": "Texte trop long.",
    "string_too_short": "Texte trop court.",
    "string_pattern_mismatch": "Format invalide.",
    "enum": "Valeur inconnue.",
    "literal_error": "Valeur inconnue.",
    "json_invalid": "Le corps de la requête n'est pas un JSON valide.",
    "model_attributes_type": "Le corps de la requête doit être un objet JSON.",
    "dict_type": "Doit être un objet JSON.",
    "list_type": "Doit être une liste.",
    "string_type": "Doit être un texte.",
    "uuid_parsing": "Doit être un identifiant UUID.",
    "value_error": "Valeur invalide.",
    # What the bodies of the write operations may also hold wrong (api/write).
    "decimal_parsing": "Doit être un nombre décimal, par exemple « 1500.50 ».",
    "decimal_type": "Doit être un nombre décimal, par exemple « 1500.50 ».",
    "finite_number": "Doit être un nombre fini.",
    "int_from_float": "Doit être un nombre entier.",
    "float_type": "Doit être un nombre.",
    "bool_type": "Doit valoir « true » ou « false ».",
    "date_type": "Doit être une date au format AAAA-MM-JJ.",
    "date_from_datetime_inexact": "Doit être une date au format AAAA-MM-JJ.",
    "datetime_type": "Doit être une date et heure au format ISO 8601.",
    "too_long": "Trop d'éléments.",
    "too_short": "Pas assez d'éléments.",
    "model_type": "Doit être un objet JSON.",
}


# What pydantic's bounds say, in French (its context names the bound).
BOUNDS = {
    "ge": "{} au moins",
    "gt": "plus de {}",
    "le": "{} au plus",
    "lt": "moins de {}",
    "max_length": "{} caractères au plus",
    "min_length": "{} caractères au moins",
    "expected": "choisissez {}",
}


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    said = []
    for error in errors:
        kind = str(error.get("type", "value_error"))
        message = MESSAGES.get(kind) or str(error.get("msg", "Valeur invalide."))
        context = error.get("ctx") or {}
        for bound, said_so in BOUNDS.items():
            if bound in context and (not bound.endswith("_length") or kind.startswith("string_")):
                told = said_so.format(context[bound]).replace(" or ", " ou ")
                message = f"{message.removesuffix('.')} : {told}."
        if kind == "value_error" and error.get("msg"):
            # Our own validators raise ValueError with a French message: keep it.
            message = str(error["msg"]).removeprefix("Value error, ")
        said.append(
            {
                "loc": [part for part in error.get("loc", []) if part not in ("ninja_pagination", "payload")],
                "msg": message,
                "type": kind,
            }
        )
    return said


def on_problem(request: HttpRequest, exc: Problem) -> HttpResponse:
    return response(request, exc)


def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return response(request, Problem(422, errors=field_errors(exc.errors)))


def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return response(request, Problem(404))


def on_forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    message = str(exc)
    return response(request, Problem(403, detail=message if message and message != "Forbidden" else None))


def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # django-ninja adds Retry-After itself (whole seconds) when the throttle knows how long to wait.
    return response(request, Problem(429))


class ObjectBodies(Parser):
    """A request body is a JSON object (every operation's body is one): `null`, a list or a number
    was taken for an empty object, and a PATCH answered 200 having changed nothing."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")  # ninja answers 400 « Cannot parse request body »
        return data


UNREADABLE_BODY = 'Le corps de la requête doit être un objet JSON valide, par exemple {"title": "…"}.'


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    if isinstance(exc, AuthenticationError):
        return response(request, Problem(401, headers={"WWW-Authenticate": 'Bearer realm="api"'}))
    if isinstance(exc, AuthorizationError):
        return response(request, Problem(403))
    message = str(exc)
    if message.startswith("Cannot parse request body"):  # ninja's, with the error in DEBUG
        return response(request, Problem(status, detail=UNREADABLE_BODY))
    # ninja's own messages are in English: keep only ours (anything that is not its default phrase).
    english = message in {HTTPStatus(status).phrase, "Too many requests."}
    return response(request, Problem(status, detail=None if english else message))


def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024:.1f}".replace(".", ",")
    return response(request, Problem(413, detail=f"Le corps de la requête dépasse {limit} Mo."))


def on_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return response(request, Problem(500))


def install(api: Any) -> None:
    """Register the handlers on a NinjaAPI (the most specific class wins)."""
    api.add_exception_handler(Problem, on_problem)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_forbidden)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(RequestDataTooBig, on_too_big)
    api.add_exception_handler(Exception, on_error)
