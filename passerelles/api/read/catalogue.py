"""Catalogue records harvested from the centres' documentation systems (OAI-PMH, Dublin Core); a
record withdrawn at its source is gone from here too (CatalogueRecord.objects.public())."""

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from passerelles.centres.services.freshness import directory_version
from passerelles.core.versions import DataVersion
from passerelles.publications.models import CatalogueRecord, HarvestSource
from passerelles.publications.services.dublin_core import ELEMENTS, LABELS

from .. import caching
from ..pagination import CursorPagination
from ..problems import Problem
from .common import NOT_FOUND, CentreRef

router = Router()

# A harvest ends by dating its source (last_run_at): no need to scan the records' own dates.
_records = DataVersion("api-records", [(CatalogueRecord, []), (HarvestSource, ["run_started_at", "last_run_at"])])


def version() -> str:
    return f"{_records.get()}|{directory_version()}"


DublinCore = type(
    "DublinCore",
    (Schema,),
    {
        "__doc__": "La description Dublin Core (simple) de la notice : les 15 éléments, chacun une liste de valeurs.",
        "__annotations__": dict.fromkeys(ELEMENTS, list[str]),
        **{
            element: Field(default_factory=list, description=f"L'élément « {element} » ({LABELS[element]}).")
            for element in ELEMENTS
        },
    },
)


def dublin_core(record: CatalogueRecord) -> dict[str, list[str]]:
    data: Any = record.dublin_core if isinstance(record.dublin_core, dict) else {}
    described = {}
    for element in ELEMENTS:
        values = data.get(element) or []
        described[element] = [str(value) for value in (values if isinstance(values, list) else [values])]
    return described


class RecordSummary(Schema):
    """Une notice du catalogue documentaire d'un centre, moissonnée par OAI-PMH."""

    id: int = Field(description="L'identifiant de la notice sur ce site.", examples=[1234])
    title: str = Field(description="Son titre.", examples=["Habiter les quartiers : actes du colloque"])
    centre: CentreRef = Field(description="Le centre dont le catalogue la décrit.")
    oai_identifier: str = Field(description="Son identifiant OAI à la source.", examples=["oai:example.org:42"])
    datestamp: datetime.datetime = Field(description="Sa date à la source.", examples=["2026-03-14T09:30:00+01:00"])
    source_url: str = Field(description="Son adresse à la source.", examples=["https://pmb.example.org/notice/42"])
    url: str = Field(
        description="L'adresse de sa page sur ce site.",
        examples=["https://passerelles.example/publications/catalogue/1234/"],
    )

    @staticmethod
    def resolve_url(record: CatalogueRecord, context) -> str:
        return context["request"].build_absolute_uri(record.get_absolute_url())


class RecordDetail(RecordSummary):
    """Une notice moissonnée, avec sa description Dublin Core."""

    dublin_core: DublinCore = Field(description="Sa description Dublin Core.")  # type: ignore[valid-type]
    harvested_at: datetime.datetime = Field(description="Sa dernière moisson.", examples=["2026-03-14T09:30:00+01:00"])

    @staticmethod
    def resolve_dublin_core(record: CatalogueRecord) -> dict[str, list[str]]:
        return dublin_core(record)


class RecordFilters(Schema):
    centre: str | None = Field(
        None,
        max_length=80,
        description="Seulement les notices du catalogue de ce centre.",
        examples=["Pôle Bretagne (PB)"],
    )


@router.get(
    "",
    response=list[RecordSummary],
    summary="Lister les notices moissonnées",
    description="Les notices des catalogues des centres, les dernières moissonnées d'abord, page par page (curseur).",
)
@paginate(CursorPagination, key="-pk")
def list_records(request: HttpRequest, response: HttpResponse, filters: Query[RecordFilters]):
    caching.check(request, response, version())
    rows = CatalogueRecord.objects.public().select_related("centre").defer("dublin_core")
    if filters.centre:
        rows = rows.filter(centre__slug=filters.centre)
    return rows


@router.get(
    "/{record_id}",
    response={200: RecordDetail, **NOT_FOUND},
    summary="Lire une notice moissonnée",
    description="Une notice par son identifiant sur ce site, avec sa description Dublin Core.",
)
def get_record(
    request: HttpRequest,
    response: HttpResponse,
    record_id: int = Path(..., ge=1, le=2**63 - 1, description="L'identifiant de la notice.", examples=[1]),
):
    caching.check(request, response, version())
    record = CatalogueRecord.objects.public().select_related("centre").filter(pk=record_id).first()
    if record is None:
        raise Problem(404, detail=f"Aucune notice n'a l'identifiant {record_id}.")
    return record
