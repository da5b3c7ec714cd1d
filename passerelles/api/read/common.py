"""What the read routers share: short references to a territory, a concept and a centre, the
answers of the detail operations, and the form-backed check of list filters."""

from typing import Any

from django import forms
from django.http import HttpRequest
from ninja import Field, Schema

from passerelles.centres.models import Centre
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory
from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept

from ..problems import Problem, ProblemDetails

KIND_TEXT = ", ".join(f"« {value} » ({label})" for value, label in Kind.choices)
SCHEME_TEXT = ", ".join(f"« {value} » ({label})" for value, label in Scheme.choices)

# The problems a detail operation documents besides its answer.
NOT_FOUND = {404: ProblemDetails}


class TerritoryRef(Schema):
    """Un territoire officiel, désigné par son type et son code."""

    kind: str = Field(description=f"Le type de territoire : {KIND_TEXT}.", examples=["commune"])
    code: str = Field(
        description="Le code officiel : COG de l'INSEE (région, département, commune, arrondissement), SIREN "
        "(EPCI) ou code ANCT (quartier prioritaire).",
        examples=["29019"],
    )
    name: str = Field(description="Le nom officiel.", examples=["Brest"])
    key: str = Field(description="La clé « type:code », celle des filtres « territory ».", examples=["commune:29019"])

    @staticmethod
    def resolve_key(territory: Territory) -> str:
        return territory.key


class ConceptRef(Schema):
    """Un concept du thésaurus, désigné par sa notation."""

    notation: str = Field(description="La notation du concept, stable (sert de filtre).", examples=["education"])
    label: str = Field(description="Le libellé préférentiel.", examples=["Éducation"])
    scheme: str = Field(description=f"Le vocabulaire : {SCHEME_TEXT}.", examples=["themes"])

    @staticmethod
    def resolve_label(concept: Concept) -> str:
        return concept.pref_label


class CentreRef(Schema):
    """Un centre de ressources, désigné par son identifiant."""

    slug: str = Field(description="L'identifiant du centre (celui de l'adresse de sa page).", examples=["pb"])
    name: str = Field(description="Le nom du centre, avec son sigle.", examples=["Pôle Bretagne (PB)"])

    @staticmethod
    def resolve_name(centre: Centre) -> str:
        return centre.display_name


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def concepts(manager: Any) -> list[Concept]:
    """Concepts of a prefetched relation, in the thesaurus's order (no query when prefetched)."""
    return sorted(manager.all(), key=lambda concept: (concept.scheme, concept.pref_label))


def territories(manager: Any) -> list[Territory]:
    return sorted(manager.all(), key=lambda territory: (territory.kind, territory.code))


def checked(form: forms.Form) -> dict[str, Any]:
    """The cleaned filters of `form` (the page's own filter form), or a 422 problem naming each bad one:
    where a page ignores a bad filter, the API says it."""
    if not form.is_valid():
        errors = [
            {"loc": ["query", name], "msg": " ".join(str(message) for message in messages), "type": "value_error"}
            for name, messages in form.errors.items()
        ]
        raise Problem(422, errors=errors)
    return form.cleaned_data


def query_data(values: dict[str, Any]) -> dict[str, Any]:
    """Filters given to the API, as a page's form reads them from its address (empty ones left out)."""
    return {name: str(value) for name, value in values.items() if value not in (None, "")}
