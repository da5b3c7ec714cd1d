"""The directory of the centres: identity, public contact details of the centre (never a person's),
perimeter, and each checked fact with its sources and verification state."""

import datetime
from typing import Literal

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema

from passerelles.centres.enums import Fact, Level, Status
from passerelles.centres.models import Centre, CentreFact
from passerelles.centres.services.freshness import directory_version
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory

from .. import caching
from ..problems import Problem
from .common import NOT_FOUND, CentreRef, TerritoryRef, territories
from .territories import by_key

router = Router()

STATUS_TEXT = ", ".join(f"« {value} » ({label})" for value, label in Status.choices)
FACT_TEXT = ", ".join(f"« {value} » ({label})" for value, label in Fact.choices)
LEVEL_TEXT = ", ".join(f"« {value} » ({label})" for value, label in Level.choices)


def http_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith(("https://", "http://"))]


class FactState(Schema):
    """L'état de vérification d'une information sur le centre."""

    fact: str = Field(description=f"L'information : {FACT_TEXT}.", examples=["perimeter"])
    label: str = Field(description="Son nom en français.", examples=["périmètre"])
    verified: bool = Field(
        description="Vraie si l'information est vérifiée, fausse si elle reste à confirmer.", examples=[True]
    )
    sources: list[str] = Field(
        description="Les adresses des sources qui l'établissent.", examples=[["https://www.example.org/statuts.pdf"]]
    )
    checked_at: datetime.datetime = Field(
        description="Quand son état a été noté pour la dernière fois.", examples=["2026-03-14T09:30:00+01:00"]
    )

    @staticmethod
    def resolve_label(fact: CentreFact) -> str:
        return fact.get_fact_display()

    @staticmethod
    def resolve_sources(fact: CentreFact) -> list[str]:
        return http_lines(fact.source)


class CentreSummary(CentreRef):
    """Un centre de ressources politique de la ville, tel que l'annuaire le liste."""

    short_name: str = Field(description="Son nom court ou sigle.", examples=["PB"])
    status: str = Field(description=f"Son activité : {STATUS_TEXT}.", examples=["active"])
    level: str = Field(description=f"Son niveau : {LEVEL_TEXT}.", examples=["regional"])
    overseas: bool = Field(description="Vrai pour un centre ultramarin.", examples=[False])
    perimeter: list[TerritoryRef] = Field(description="Les régions et départements qu'il couvre.")
    unverified_facts: list[str] = Field(
        description="Les informations encore à confirmer (voir « facts » sur la fiche du centre).",
        examples=[["creation_year"]],
    )
    url: str = Field(
        description="L'adresse de sa page sur le site.",
        examples=["https://passerelles.example/centres/pb/"],
    )

    @staticmethod
    def resolve_perimeter(centre: Centre) -> list[Territory]:
        return territories(centre.perimeter)

    @staticmethod
    def resolve_unverified_facts(centre: Centre) -> list[str]:
        return sorted(centre.unverified_facts)

    @staticmethod
    def resolve_url(centre: Centre, context) -> str:
        return context["request"].build_absolute_uri(centre.get_absolute_url())


class CentreDetail(CentreSummary):
    """Un centre de ressources, avec ses coordonnées publiques (celles du centre, jamais d'une personne),
    son périmètre et l'état de vérification de chaque information."""

    former_names: list[str] = Field(description="Ses anciens noms.", examples=[["Centre de ressources DSU"]])
    latest_evidence_year: int | None = Field(
        description="L'année de la dernière trace de son activité.", examples=[2025]
    )
    legal_status: str = Field(description="Son statut juridique.", examples=["association"])
    legal_status_detail: str = Field(description="Une précision sur ce statut.", examples=[""])
    creation_year: int | None = Field(description="Son année de création.", examples=[1995])
    seat: TerritoryRef | None = Field(description="La commune de son siège.")
    address: str = Field(description="L'adresse postale du centre.", examples=["12 rue de la République, 29200 Brest"])
    website: str = Field(description="Son site internet.", examples=["https://www.example.org"])
    email: str = Field(
        description="L'adresse électronique générale du centre (jamais celle d'une personne).",
        examples=["contact@centre.example"],
    )
    phone: str = Field(description="Le numéro de téléphone du centre.", examples=["02 98 00 00 00"])
    governance: str = Field(description="Sa gouvernance.", examples=["Conseil d'administration de 12 membres."])
    funders: str = Field(description="Ses financeurs.", examples=["État, région, agglomération."])
    sources: list[str] = Field(
        description="Les sources des informations de l'annuaire (adresses).",
        examples=[["https://www.example.org/rapport-annuel.pdf"]],
    )
    facts: list[FactState] = Field(description="L'état de vérification de chaque information suivie.")
    updated_at: datetime.datetime = Field(
        description="Dernière modification de la fiche du centre.", examples=["2026-03-14T09:30:00+01:00"]
    )

    @staticmethod
    def resolve_former_names(centre: Centre) -> list[str]:
        return centre.former_names_list

    @staticmethod
    def resolve_sources(centre: Centre) -> list[str]:
        return centre.sources_list

    @staticmethod
    def resolve_facts(centre: Centre) -> list[CentreFact]:
        return centre.fact_rows


class CentreFilters(Schema):
    status: Literal["active", "unverified", "planned", "historical"] | None = Field(
        None, description=f"Seulement les centres de cette activité : {STATUS_TEXT}."
    )
    region: str | None = Field(
        None,
        max_length=10,
        description="Seulement les centres dont le périmètre est cette région ou l'un de ses départements "
        "(code COG de la région).",
        examples=["53"],
    )
    overseas: bool | None = Field(
        None, description="Seulement les centres ultramarins (« true ») ou non (« false »).", examples=[False]
    )
    covering: str | None = Field(
        None,
        max_length=40,
        description="Seulement les centres (en activité ou à confirmer) qui couvrent ce territoire, par sa clé "
        "« type:code » (une commune, un EPCI, un QPV…).",
        examples=["commune:29019"],
    )


def centre_rows():
    return Centre.objects.for_directory()


@router.get(
    "",
    response=list[CentreSummary],
    summary="Lister les centres de ressources",
    description="Tous les centres de l'annuaire (une seule page : ils sont quelques dizaines), les centres en "
    "activité d'abord puis par nom ; filtrables par activité, région, outre-mer et territoire couvert.",
)
def list_centres(request: HttpRequest, response: HttpResponse, filters: Query[CentreFilters]):
    caching.check(request, response, directory_version())
    rows = centre_rows().order_by(Centre.objects.status_order(), "name")
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.region:
        region = Territory.objects.filter(kind=Kind.REGION, code=filters.region).first()
        if region is None:
            message = f"Aucune région n'a le code « {filters.region} »."
            raise Problem(422, errors=[{"loc": ["query", "region"], "msg": message, "type": "value_error"}])
        rows = rows.filter(pk__in=Centre.objects.in_region(region).values("pk"))
    if filters.overseas is not None:
        rows = rows.filter(overseas=filters.overseas)
    if filters.covering:
        rows = rows.filter(pk__in=Centre.objects.covering(by_key(filters.covering, "covering")).values("pk"))
    return rows.listed()


@router.get(
    "/{slug}",
    response={200: CentreDetail, **NOT_FOUND},
    summary="Lire un centre de ressources",
    description="Un centre par son identifiant : identité, coordonnées publiques du centre, périmètre, sources "
    "et état de vérification de chaque information.",
)
def get_centre(
    request: HttpRequest,
    response: HttpResponse,
    slug: str = Path(..., max_length=80, description="L'identifiant du centre.", examples=["pb"]),
):
    caching.check(request, response, directory_version())
    rows = centre_rows().select_related("seat__parent").prefetch_related(Prefetch("facts", to_attr="fact_rows"))
    centre = rows.filter(slug=slug).first()
    if centre is None:
        raise Problem(404, detail=f"Aucun centre n'a l'identifiant « {slug} ».")
    return centre
