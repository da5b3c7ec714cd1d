"""Published experience sheets, with the filters of the sheets' list page (its own form and query:
experiences.views.filtered_sheets). Drafts and sheets in review never appear; nor do the sheet's
contact details (a person, an e-mail address)."""

import datetime
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from passerelles.experiences.forms import SheetFilterForm
from passerelles.experiences.models import Attachment, ExperienceSheet
from passerelles.experiences.services.freshness import sheets_version
from passerelles.experiences.views import filtered_sheets

from .. import caching
from ..pagination import CursorPagination
from ..problems import Problem
from .common import NOT_FOUND, CentreRef, ConceptRef, TerritoryRef, checked, concepts, query_data, territories

router = Router()

# What a list does not show: the long texts of a sheet, left in the database.
LONG_TEXTS = ("publics_description", "working_methods", "actions", "results", "lessons", "other_schemes")

EXAMPLE_SLUG = "jardins-partages-brest"


class SheetSummary(Schema):
    """Une fiche expérience publiée : une expérience locale capitalisée par un centre."""

    slug: str = Field(description="L'identifiant de la fiche (celui de l'adresse de sa page).", examples=[EXAMPLE_SLUG])
    title: str = Field(description="Son titre.", examples=["Un club de lecture au pied des tours"])
    summary: str = Field(
        description="Son résumé.",
        examples=["Une action de lecture partagée avec les habitants d'un quartier prioritaire."],
    )
    centre: CentreRef = Field(description="Le centre qui l'a publiée.")
    territories: list[TerritoryRef] = Field(description="Les territoires de l'expérience (communes, EPCI, QPV).")
    themes: list[ConceptRef] = Field(description="Ses thèmes (thésaurus).")
    schemes: list[ConceptRef] = Field(description="Les dispositifs de la politique de la ville mobilisés.")
    start_date: datetime.date | None = Field(description="Le début de l'action.", examples=["2021-09-01"])
    end_date: datetime.date | None = Field(description="Sa fin (absente si elle est en cours).", examples=[None])
    published_at: datetime.datetime | None = Field(
        description="Sa date de publication.", examples=["2026-03-14T09:30:00+01:00"]
    )
    updated_at: datetime.datetime = Field(
        description="Sa dernière modification.", examples=["2026-03-14T09:30:00+01:00"]
    )
    url: str = Field(
        description="L'adresse de sa page sur le site.",
        examples=["https://passerelles.example/experiences/jardins-partages-brest/"],
    )

    @staticmethod
    def resolve_territories(sheet: ExperienceSheet) -> list:
        return territories(sheet.territories)

    @staticmethod
    def resolve_themes(sheet: ExperienceSheet) -> list:
        return concepts(sheet.themes)

    @staticmethod
    def resolve_schemes(sheet: ExperienceSheet) -> list:
        return concepts(sheet.schemes)

    @staticmethod
    def resolve_url(sheet: ExperienceSheet, context) -> str:
        return context["request"].build_absolute_uri(sheet.get_absolute_url())


class SheetBudgetLine(Schema):
    """Ce qu'un financeur apporte au budget de l'expérience."""

    funder: str = Field(description="Le financeur.", examples=["État (crédits politique de la ville)"])
    amount: Decimal = Field(description="Son apport, en euros.", examples=["12000.00"])


class SheetPartner(Schema):
    """Un partenaire de l'expérience (une structure)."""

    name: str = Field(description="Le partenaire.", examples=["Médiathèque de quartier"])
    role: str = Field(description="Son rôle dans l'action.", examples=["coordination"])


class SheetTeamRole(Schema):
    """Une fonction dans l'équipe et son temps (sans nom de personne)."""

    role: str = Field(description="La fonction.", examples=["coordinatrice"])
    fte: Decimal | None = Field(description="Son équivalent temps plein.", examples=["0.5"])


class SheetAttachment(Schema):
    """Une pièce jointe publique de la fiche."""

    title: str = Field(description="Son titre.", examples=["Un club de lecture au pied des tours"])
    kind: str = Field(description="« pdf » ou « image ».", examples=["pdf"])
    size: int = Field(description="Sa taille en octets.", examples=[250000])
    url: str = Field(
        description="L'adresse où la lire.",
        examples=["https://passerelles.example/experiences/jardins-partages-brest/"],
    )

    @staticmethod
    def resolve_url(item: Attachment, context) -> str:
        path = reverse("experiences:attachment", args=[item.sheet.slug, item.pk])
        return context["request"].build_absolute_uri(path)


class SheetDetail(SheetSummary):
    """Une fiche expérience publiée, en entier (sans les coordonnées de contact)."""

    publics: list[ConceptRef] = Field(description="Les publics visés (thésaurus).")
    publics_description: str = Field(
        description="Précisions sur les publics visés.", examples=["Les habitants de 16 à 25 ans."]
    )
    carrying_structure: str = Field(description="La structure porteuse.", examples=["Ville de Brest"])
    carrying_legal_form: str = Field(description="La forme juridique de la structure porteuse.", examples=["commune"])
    other_schemes: str = Field(description="Les autres dispositifs locaux mobilisés.", examples=[""])
    budget_amount: Decimal | None = Field(description="Le budget global, en euros.", examples=["45000.00"])
    budget_year: int | None = Field(description="L'année de ce budget.", examples=[2023])
    budget_lines: list[SheetBudgetLine] = Field(description="Le budget par financeur.")
    partners: list[SheetPartner] = Field(description="Les partenaires.")
    team: list[SheetTeamRole] = Field(description="L'équipe, par fonction.")
    working_methods: str = Field(description="Les modalités de travail.", examples=["Des ateliers hebdomadaires."])
    actions: str = Field(description="Les actions engagées.", examples=["Douze ateliers."])
    results: str = Field(description="Les résultats et l'évaluation.", examples=["80 participants."])
    lessons: str = Field(description="Les enseignements.", examples=["Associer les habitants dès le début."])
    attachments: list[SheetAttachment] = Field(description="Les pièces jointes.")
    licence: str = Field(description="La licence du texte.", examples=["CC BY 4.0"])
    last_reviewed_on: datetime.date | None = Field(
        description="Sa dernière relecture par le centre.", examples=["2026-03-14"]
    )

    @staticmethod
    def resolve_publics(sheet: ExperienceSheet) -> list:
        return concepts(sheet.publics)


class SheetFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Des mots du titre ou du résumé.", examples=["lecture"])
    theme: str | None = Field(None, max_length=80, description="La notation d'un thème.", examples=["education"])
    scheme: str | None = Field(None, max_length=80, description="La notation d'un dispositif.")
    public: str | None = Field(None, max_length=80, description="La notation d'un public visé.")
    centre: str | None = Field(
        None, max_length=80, description="L'identifiant du centre qui l'a publiée.", examples=["Pôle Bretagne (PB)"]
    )
    territoire: str | None = Field(
        None,
        max_length=40,
        description="Un territoire, par sa clé « type:code » : les fiches de ce territoire ou de ce qu'il contient.",
        examples=["departement:29"],
    )
    annee: int | None = Field(
        None, ge=1980, le=2100, description="Seulement les actions en cours cette année-là.", examples=[1]
    )


@router.get(
    "",
    response=list[SheetSummary],
    summary="Lister les fiches expérience publiées",
    description="Les fiches publiées, les plus récentes d'abord, page par page (curseur) ; avec les filtres de la "
    "page des fiches : mots, thème, dispositif, public, centre, territoire, année.",
)
@paginate(CursorPagination, key="-pk")
def list_sheets(request: HttpRequest, response: HttpResponse, filters: Query[SheetFilters]):
    caching.check(request, response, sheets_version())
    form = SheetFilterForm(query_data(filters.dict()))
    checked(form)
    return filtered_sheets(form).defer(*LONG_TEXTS)


@router.get(
    "/{slug}",
    response={200: SheetDetail, **NOT_FOUND},
    summary="Lire une fiche expérience publiée",
    description="Une fiche publiée par son identifiant ; une fiche en brouillon ou en relecture n'existe pas ici.",
)
def get_sheet(
    request: HttpRequest,
    response: HttpResponse,
    slug: str = Path(..., max_length=220, description="L'identifiant de la fiche.", examples=[EXAMPLE_SLUG]),
):
    caching.check(request, response, sheets_version())
    rows = (
        ExperienceSheet.objects.published()
        .select_related("centre")
        .prefetch_related(
            "territories", "themes", "schemes", "publics", "budget_lines", "partners", "team", "attachments__sheet"
        )
    )
    sheet = rows.filter(slug=slug).first()
    if sheet is None:
        raise Problem(404, detail=f"Aucune fiche publiée n'a l'identifiant « {slug} ».")
    return sheet
