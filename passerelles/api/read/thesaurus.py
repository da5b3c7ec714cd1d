"""The SKOS vocabulary of urban policy: themes, schemes (dispositifs), publics and functions."""

from typing import Literal

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from passerelles.territories.text import fold
from passerelles.thesaurus.models import Concept
from passerelles.thesaurus.services.freshness import thesaurus_version

from .. import caching
from ..pagination import CursorPagination
from ..problems import Problem
from .common import NOT_FOUND, SCHEME_TEXT, ConceptRef, concepts

router = Router()

SchemeName = Literal["themes", "dispositifs", "publics", "fonctions"]


class ConceptSummary(ConceptRef):
    """Un concept du thésaurus de la politique de la ville (SKOS)."""

    uri: str = Field(description="Son identifiant SKOS, stable.", examples=["urn:passerelles:thesaurus:education"])
    alt_labels: list[str] = Field(description="Ses libellés alternatifs : sigles et synonymes.", examples=[["PRE"]])
    definition: str = Field(description="Sa définition.", examples=["Un dispositif de la politique de la ville."])
    broader: list[ConceptRef] = Field(description="Ses concepts génériques (plus larges).")
    url: str = Field(
        description="L'adresse de sa page sur le site.",
        examples=["https://passerelles.example/experiences/jardins-partages-brest/"],
    )

    @staticmethod
    def resolve_alt_labels(concept: Concept) -> list[str]:
        return concept.alt_labels_list

    @staticmethod
    def resolve_broader(concept: Concept) -> list[Concept]:
        return concepts(concept.broader)

    @staticmethod
    def resolve_url(concept: Concept, context) -> str:
        return context["request"].build_absolute_uri(concept.get_absolute_url())


class ConceptDetail(ConceptSummary):
    """Un concept du thésaurus avec ses notes, ses dates, ses sources et tous ses liens."""

    hidden_labels: list[str] = Field(
        description="Ses variantes d'écriture reconnues par la recherche.", examples=[["contrats de ville"]]
    )
    scope_note: str = Field(description="Sa note d'application.", examples=[""])
    history_note: str = Field(description="Sa note historique.", examples=["Créé en 2014."])
    start_year: int | None = Field(description="L'année de son début.", examples=[2014])
    end_year: int | None = Field(description="L'année de sa fin.", examples=[None])
    sources: list[str] = Field(
        description="Ses sources : loi, décret, circulaire ou adresse d'une page officielle.",
        examples=[["https://www.example.org/rapport-annuel.pdf"]],
    )
    narrower: list[ConceptRef] = Field(description="Ses concepts spécifiques (plus étroits).")
    related: list[ConceptRef] = Field(description="Ses concepts associés.")
    replaced_by: list[ConceptRef] = Field(description="Les concepts qui le remplacent.")
    replaces: list[ConceptRef] = Field(description="Les concepts qu'il remplace.")

    @staticmethod
    def resolve_hidden_labels(concept: Concept) -> list[str]:
        return concept.hidden_labels_list

    @staticmethod
    def resolve_sources(concept: Concept) -> list[str]:
        return [source.text for source in concept.sources]

    @staticmethod
    def resolve_narrower(concept: Concept) -> list[Concept]:
        return concepts(concept.narrower)

    @staticmethod
    def resolve_related(concept: Concept) -> list[Concept]:
        return concepts(concept.related)

    @staticmethod
    def resolve_replaced_by(concept: Concept) -> list[Concept]:
        return concepts(concept.replaced_by)

    @staticmethod
    def resolve_replaces(concept: Concept) -> list[Concept]:
        return concepts(concept.replaces)


class ConceptFilters(Schema):
    scheme: SchemeName | None = Field(None, description=f"Seulement les concepts de ce vocabulaire : {SCHEME_TEXT}.")
    q: str | None = Field(
        None,
        max_length=100,
        description="Un mot de son libellé préférentiel ou de ses libellés alternatifs (sans tenir compte des "
        "accents ni des capitales).",
        examples=["emploi"],
    )


@router.get(
    "",
    response=list[ConceptSummary],
    summary="Lister les concepts du thésaurus",
    description="Les concepts des quatre vocabulaires (thèmes, dispositifs, publics, fonctions), page par page.",
)
@paginate(CursorPagination, key="pk")
def list_concepts(request: HttpRequest, response: HttpResponse, filters: Query[ConceptFilters]):
    caching.check(request, response, thesaurus_version())
    rows = Concept.objects.prefetch_related("broader")
    if filters.scheme:
        rows = rows.in_scheme(filters.scheme)
    if filters.q and filters.q.strip():
        wanted = fold(filters.q)
        matching = [
            concept.pk
            for concept in Concept.objects.only("pref_label", "alt_labels")
            if wanted in fold(" ".join([concept.pref_label, *concept.alt_labels_list]))
        ]
        rows = rows.filter(Q(pk__in=matching))
    return rows


@router.get(
    "/{notation}",
    response={200: ConceptDetail, **NOT_FOUND},
    summary="Lire un concept du thésaurus",
    description="Un concept par sa notation, avec ses libellés, notes, dates, sources et liens SKOS.",
)
def get_concept(
    request: HttpRequest,
    response: HttpResponse,
    notation: str = Path(..., max_length=80, description="La notation du concept.", examples=["education"]),
):
    caching.check(request, response, thesaurus_version())
    rows = Concept.objects.prefetch_related("broader", "narrower", "related", "replaced_by", "replaces")
    concept = rows.filter(notation=notation).first()
    if concept is None:
        raise Problem(404, detail=f"Aucun concept du thésaurus n'a la notation « {notation} ».")
    return concept
