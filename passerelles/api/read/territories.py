"""Territories (COG codes, SIREN of EPCI, QPV) with their ancestors."""

import datetime
from typing import Literal

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from passerelles.centres.services.freshness import directory_version
from passerelles.core.versions import DataVersion
from passerelles.territories.enums import Kind
from passerelles.territories.models import Territory

from .. import caching
from ..pagination import CursorPagination
from ..problems import Problem
from .common import KIND_TEXT, NOT_FOUND, TerritoryRef

router = Router()

_territories = DataVersion("api-territories", [(Territory, [])])
KindName = Literal["region", "departement", "epci", "commune", "arrondissement", "qpv"]
KIND_PATH = Path(..., description=f"Le type de territoire : {KIND_TEXT}.", examples=["commune"])


def version() -> str:
    return f"{_territories.get()}|{directory_version()}"


class TerritoryDetail(TerritoryRef):
    """Un territoire officiel : région, département, EPCI, commune, arrondissement municipal ou quartier
    prioritaire de la politique de la ville (QPV)."""

    label: str = Field(description="Le nom qui distingue les homonymes.", examples=["Brest (29)"])
    zone: str = Field(
        description="La zone : « metro » (métropole), « drom » (outre-mer), « com » (collectivités d'outre-mer) ; "
        "vide si sans objet.",
        examples=["metro"],
    )
    population: int | None = Field(description="La population municipale, si connue.", examples=[139342])
    parent: TerritoryRef | None = Field(
        description="Le territoire parent : le département d'une commune, la région d'un département, la commune "
        "d'un arrondissement."
    )
    ancestors: list[TerritoryRef] = Field(
        description="Tous les territoires qui le contiennent (département, région, EPCI…), du plus large au plus petit."
    )
    qpv_generation: str = Field(
        description="Pour un QPV : sa génération (« 2015 » ou « 2024 ») ; vide sinon.", examples=[""]
    )
    valid_from: datetime.date | None = Field(description="Pour un QPV : le début de sa validité.", examples=[None])
    valid_to: datetime.date | None = Field(description="Pour un QPV : la fin de sa validité.", examples=[None])

    @staticmethod
    def resolve_ancestors(territory: Territory) -> list[Territory]:
        order = {kind: rank for rank, kind in enumerate(Kind.values)}
        return sorted(territory.ancestors.all(), key=lambda one: (order[one.kind], one.code))

    @staticmethod
    def resolve_zone(territory: Territory) -> str:
        return territory.zone or ""


def territory_rows():
    return Territory.objects.select_related("parent__parent").prefetch_related("ancestors")


def by_key(key: str, parameter: str) -> Territory:
    kind, _, code = key.partition(":")
    found = Territory.objects.filter(kind=kind, code=code).first() if kind in Kind.values else None
    if found is None:
        message = f"Territoire inconnu : « {key} ». Donnez-le sous la forme « type:code » (ex. « departement:29 »)."
        raise Problem(422, errors=[{"loc": ["query", parameter], "msg": message, "type": "value_error"}])
    return found


class TerritoryFilters(Schema):
    kind: KindName | None = Field(None, description=f"Seulement ce type de territoire : {KIND_TEXT}.")
    parent: str | None = Field(
        None,
        max_length=40,
        description="Seulement les enfants directs de ce territoire, donné par sa clé « type:code ».",
        examples=["departement:29"],
    )
    inside: str | None = Field(
        None,
        max_length=40,
        description="Seulement les territoires contenus dans celui-ci (à toute profondeur), par sa clé.",
        examples=["region:53"],
    )
    q: str | None = Field(
        None,
        max_length=100,
        description="Nom (sans tenir compte des accents), code postal ou code officiel : les 50 territoires "
        "qui répondent le mieux, les plus peuplés d'abord.",
        examples=["Brest"],
    )


@router.get(
    "",
    response=list[TerritoryDetail],
    summary="Lister les territoires",
    description="Les territoires officiels, dans un ordre stable, page par page ; filtrables par type, par "
    "parent, par territoire englobant et par nom.",
)
@paginate(CursorPagination, key="pk")
def list_territories(request: HttpRequest, response: HttpResponse, filters: Query[TerritoryFilters]):
    caching.check(request, response, version())
    rows = territory_rows()
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.parent:
        rows = rows.filter(parent=by_key(filters.parent, "parent"))
    if filters.inside:
        rows = rows.inside(by_key(filters.inside, "inside"))
    if filters.q and filters.q.strip():
        kinds = [filters.kind] if filters.kind else Kind.values
        found = Territory.objects.search(filters.q, kinds=kinds, limit=50)
        rows = rows.filter(pk__in=[territory.pk for territory in found])
    return rows


class QpvFilters(Schema):
    current: bool = Field(
        True, description="Seulement les quartiers en vigueur aujourd'hui (« false » : aussi les anciens)."
    )
    inside: str | None = Field(
        None,
        max_length=40,
        description="Seulement les quartiers de ce territoire (commune, EPCI, département, région), par sa clé.",
        examples=["departement:29"],
    )


@router.get(
    "/qpv",
    response=list[TerritoryDetail],
    summary="Lister les quartiers prioritaires (QPV)",
    description="Les quartiers prioritaires de la politique de la ville, avec leurs communes et territoires "
    "englobants ; par défaut ceux en vigueur aujourd'hui.",
)
@paginate(CursorPagination, key="pk")
def list_qpv(request: HttpRequest, response: HttpResponse, filters: Query[QpvFilters]):
    caching.check(request, response, f"{version()}|{timezone.localdate()}")
    rows = territory_rows().filter(kind=Kind.QPV)
    if filters.current:
        rows = rows.filter(pk__in=Territory.objects.current_qpv(timezone.localdate()).values("pk"))
    if filters.inside:
        rows = rows.inside(by_key(filters.inside, "inside"))
    return rows


@router.get(
    "/{kind}/{code}",
    response={200: TerritoryDetail, **NOT_FOUND},
    summary="Lire un territoire",
    description="Un territoire par son type et son code officiel, avec tous les territoires qui le contiennent.",
)
def get_territory(
    request: HttpRequest,
    response: HttpResponse,
    kind: KindName = KIND_PATH,
    code: str = Path(..., max_length=20, description="Son code officiel.", examples=["29019"]),
):
    caching.check(request, response, version())
    found = territory_rows().filter(Q(kind=kind) & Q(code=code)).first()
    if found is None:
        raise Problem(404, detail=f"Aucun territoire de type « {kind} » n'a le code « {code} ».")
    return found
