"""Published publications with their documents (the filters of the latest publications' page, its
own form). Documents are read at their public address, served through the publication's rule."""

import datetime

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from passerelles.experiences.models import ExperienceSheet
from passerelles.publications.enums import ContributorKind, ContributorRole, Kind
from passerelles.publications.forms import LatestFilterForm
from passerelles.publications.models import Contributor, Document, Publication, Series
from passerelles.publications.services.freshness import publications_version

from .. import caching
from ..pagination import CursorPagination
from ..problems import Problem
from .common import NOT_FOUND, CentreRef, ConceptRef, TerritoryRef, checked, concepts, query_data, territories

router = Router()

EXAMPLE_SLUG = "cahiers-dsu-36"

KIND_TEXT = ", ".join(f"« {value} » ({label})" for value, label in Kind.choices)


class SeriesRef(Schema):
    """Une série : périodique, lettre, collection d'actes ou de guides."""

    slug: str = Field(description="L'identifiant de la série.", examples=["cahiers-dsu"])
    title: str = Field(description="Son titre.", examples=["Les Cahiers du DSU"])
    issn: str = Field(description="Son ISSN, s'il en a un.", examples=["1234-5679"])


class PublicationDocument(Schema):
    """Un document PDF de la publication, à son adresse publique."""

    title: str = Field(description="Son titre.", examples=["Le numéro complet"])
    pages: int = Field(description="Son nombre de pages.", examples=[48])
    size: int = Field(description="Sa taille en octets.", examples=[1500000])
    url: str = Field(
        description="L'adresse publique du PDF.",
        examples=["https://passerelles.example/publications/cahiers-dsu-36/documents/7/"],
    )

    @staticmethod
    def resolve_url(document: Document, context) -> str:
        return context["request"].build_absolute_uri(document.get_absolute_url())


class PublicationContributor(Schema):
    """Un auteur ou contributeur crédité par la publication."""

    name: str = Field(description="Son nom, tel que la publication le crédite.", examples=["Collectif Ville"])
    kind: str = Field(
        description=", ".join(f"« {v} » ({label})" for v, label in ContributorKind.choices) + ".",
        examples=["organisation"],
    )
    role: str = Field(
        description=", ".join(f"« {v} » ({label})" for v, label in ContributorRole.choices) + ".", examples=["author"]
    )
    affiliation: str = Field(description="Sa qualité ou son rattachement.", examples=["sociologue, université Lyon 2"])


class SheetRef(Schema):
    """Une fiche expérience publiée, citée par la publication."""

    slug: str = Field(description="L'identifiant de la fiche.", examples=["jardins-partages-brest"])
    title: str = Field(description="Son titre.", examples=["Un club de lecture au pied des tours"])


class PublicationSummary(Schema):
    """Une publication publiée d'un centre : un numéro d'une série, ou une publication isolée."""

    slug: str = Field(description="L'identifiant de la publication.", examples=[EXAMPLE_SLUG])
    title: str = Field(description="Son titre.", examples=["L'éducation dans les quartiers"])
    full_title: str = Field(
        description="Son titre complet, avec sa série et son numéro.",
        examples=["Les Cahiers du DSU, n° 36 : L'éducation dans les quartiers"],
    )
    kind: str = Field(description=f"Son type : {KIND_TEXT}.", examples=["periodical"])
    centre: CentreRef = Field(description="Le centre éditeur.")
    series: SeriesRef | None = Field(description="Sa série (absente pour une publication isolée).")
    issue_number: str = Field(description="Son numéro dans la série.", examples=["36"])
    publication_date: datetime.date = Field(description="Sa date de parution.", examples=["2026-03-14"])
    abstract: str = Field(description="Son résumé.", examples=["Un numéro consacré à l'éducation."])
    documents: list[PublicationDocument] = Field(description="Ses documents PDF.")
    published_at: datetime.datetime | None = Field(
        description="Sa mise en ligne sur le site.", examples=["2026-03-14T09:30:00+01:00"]
    )
    url: str = Field(
        description="L'adresse de sa page sur le site.",
        examples=["https://passerelles.example/publications/cahiers-dsu-36/"],
    )

    @staticmethod
    def resolve_url(publication: Publication, context) -> str:
        return context["request"].build_absolute_uri(publication.get_absolute_url())


class PublicationDetail(PublicationSummary):
    """Une publication publiée en entier."""

    thematic_file: str = Field(description="Son dossier thématique.", examples=["Éducation"])
    language: str = Field(description="Sa langue (code ISO 639).", examples=["fr"])
    licence: str = Field(description="Sa licence ou ses droits.", examples=["CC BY 4.0"])
    contributors: list[PublicationContributor] = Field(description="Ses auteurs et contributeurs.")
    themes: list[ConceptRef] = Field(description="Ses thèmes.")
    schemes: list[ConceptRef] = Field(description="Ses dispositifs.")
    publics: list[ConceptRef] = Field(description="Ses publics.")
    territories: list[TerritoryRef] = Field(description="Les territoires dont elle traite.")
    online_url: str = Field(
        description="Son adresse de consultation ailleurs en ligne, s'il y en a une.", examples=[""]
    )
    on_paper: bool = Field(description="Vraie si elle est disponible sur papier.", examples=[False])
    paper_order: str = Field(description="Comment la commander sur papier.", examples=[""])
    event_title: str = Field(description="La rencontre dont ce sont les actes (hors agenda du site).", examples=[""])
    event_date: datetime.date | None = Field(description="La date de cette rencontre.", examples=["2026-03-14"])
    related_sheets: list[SheetRef] = Field(description="Les fiches expérience publiées qu'elle cite.")
    updated_at: datetime.datetime = Field(
        description="Sa dernière modification.", examples=["2026-03-14T09:30:00+01:00"]
    )

    @staticmethod
    def resolve_themes(publication: Publication) -> list:
        return concepts(publication.themes)

    @staticmethod
    def resolve_schemes(publication: Publication) -> list:
        return concepts(publication.schemes)

    @staticmethod
    def resolve_publics(publication: Publication) -> list:
        return concepts(publication.publics)

    @staticmethod
    def resolve_territories(publication: Publication) -> list:
        return territories(publication.territories)


class PublicationFilters(Schema):
    kind: str | None = Field(None, max_length=20, description=f"Seulement ce type : {KIND_TEXT}.", examples=["study"])
    centre: str | None = Field(
        None, max_length=80, description="Seulement les publications de ce centre.", examples=["Pôle Bretagne (PB)"]
    )
    series: str | None = Field(
        None, max_length=220, description="Seulement les numéros de cette série.", examples=["cahiers-dsu"]
    )


def documents():
    return Prefetch("documents", queryset=Document.objects.select_related("publication").order_by("uploaded_at", "pk"))


@router.get(
    "",
    response=list[PublicationSummary],
    summary="Lister les publications",
    description="Les publications publiées des centres avec leurs documents, les plus récemment créées d'abord, "
    "page par page (curseur) ; filtrables par type, centre et série.",
)
@paginate(CursorPagination, key="-pk")
def list_publications(request: HttpRequest, response: HttpResponse, filters: Query[PublicationFilters]):
    caching.check(request, response, publications_version())
    data = checked(LatestFilterForm(query_data({"kind": filters.kind, "centre": filters.centre})))
    rows = Publication.objects.published().select_related("centre", "series").prefetch_related(documents())
    if data["kind"]:
        rows = rows.filter(kind=data["kind"])
    if data["centre"]:
        rows = rows.filter(centre=data["centre"])
    if filters.series:
        series = Series.objects.filter(slug=filters.series).first()
        if series is None:
            message = f"Aucune série n'a l'identifiant « {filters.series} »."
            raise Problem(422, errors=[{"loc": ["query", "series"], "msg": message, "type": "value_error"}])
        rows = rows.filter(series=series)
    return rows


@router.get(
    "/{slug}",
    response={200: PublicationDetail, **NOT_FOUND},
    summary="Lire une publication",
    description="Une publication publiée par son identifiant, avec ses documents, contributeurs, thèmes et "
    "fiches citées ; une publication non publiée n'existe pas ici.",
)
def get_publication(
    request: HttpRequest,
    response: HttpResponse,
    slug: str = Path(..., max_length=220, description="L'identifiant de la publication.", examples=[EXAMPLE_SLUG]),
):
    caching.check(request, response, publications_version())
    rows = (
        Publication.objects.published()
        .select_related("centre", "series")
        .prefetch_related(
            documents(),
            Prefetch("contributors", queryset=Contributor.objects.order_by("pk")),
            "themes",
            "schemes",
            "publics",
            "territories",
            Prefetch("related_sheets", queryset=ExperienceSheet.objects.published().order_by("title")),
        )
    )
    publication = rows.filter(slug=slug).first()
    if publication is None:
        raise Problem(404, detail=f"Aucune publication publiée n'a l'identifiant « {slug} ».")
    return publication
