"""Experience sheets written through the API: drafts of the token's centre, the pages' form
(experiences.forms.SheetForm, its repeated parts) and workspace (revisions, steps)."""

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from passerelles.editorial.workflow import Status
from passerelles.experiences.forms import SheetForm
from passerelles.experiences.formsets import sheet_formsets
from passerelles.experiences.models import RESERVED_SLUGS, ExperienceSheet
from passerelles.experiences.workspace import CONFIRM, sheets
from passerelles.thesaurus.models import Concept

from ..auth import token_auth
from ..pagination import CursorPagination
from ..problems import ProblemDetails
from .common import CentreContentSummary, Lookup, StateOut, TransitionIn, notations, territory_keys
from .reviewed import STEPS, ReviewedWriter

CONCEPT_UNKNOWN = "Concept inconnu dans ce vocabulaire : « {value} »."
TERRITORIES = (
    "Territoires, un par élément, comme sur la page : commune (« Brest (29) », code INSEE ou postal), "
    "EPCI (« epci:242900314 ») ou quartier prioritaire (« qpv:QN029901 »)."
)


def concepts(label: str) -> Field:
    return Field(None, max_length=100, description=f"{label} : notations des concepts du thésaurus.", examples=[[]])


class BudgetLineIn(Schema):
    funder: str = Field(description="Financeur.", max_length=200)
    amount: Decimal = Field(description="Montant en euros.")


class PartnerIn(Schema):
    name: str = Field(description="Partenaire.", max_length=200)
    role: str = Field("", description="Son rôle.", max_length=300)


class TeamRoleIn(Schema):
    role: str = Field(description="Fonction dans l'équipe (sans nom de personne).", max_length=200)
    fte: Decimal | None = Field(None, description="Équivalent temps plein.")


class SheetIn(Schema):
    """A sheet's fields, as on its page; every field may be left out (see the API's description)."""

    centre: str | None = Field(None, description="Identifiant d'adresse du centre : celui du jeton, seul permis.")
    title: str | None = Field(
        None, description="Titre (obligatoire à la création).", examples=["Une épicerie solidaire"]
    )
    summary: str | None = Field(None, description="Résumé (obligatoire à la création).")
    territories: list[str] | None = Field(None, max_length=500, description=TERRITORIES, examples=[["commune:29019"]])
    themes: list[str] | None = concepts("Thèmes")
    schemes: list[str] | None = concepts("Dispositifs")
    publics: list[str] | None = concepts("Publics visés")
    start_date: date | None = Field(None, description="Début.")
    end_date: date | None = Field(None, description="Fin ; vide si l'action est en cours.")
    carrying_structure: str | None = Field(None, description="Structure porteuse.")
    carrying_legal_form: str | None = Field(None, description="Forme juridique de la structure porteuse (code).")
    other_schemes: str | None = Field(None, description="Autres dispositifs locaux.")
    budget_amount: Decimal | None = Field(None, description="Budget global, en euros.")
    budget_year: int | None = Field(None, description="Année du budget.")
    publics_description: str | None = Field(None, description="Publics visés (précisions).")
    working_methods: str | None = Field(None, description="Modalités de travail.")
    actions: str | None = Field(None, description="Actions engagées.")
    results: str | None = Field(None, description="Résultats et évaluation.")
    lessons: str | None = Field(None, description="Enseignements.")
    contact_organisation: str | None = Field(None, description="Organisme à contacter.")
    contact_email: str | None = Field(None, description="Courriel de l'organisme.")
    contact_person: str | None = Field(None, description="Personne à contacter, seulement avec son accord.")
    contact_person_consent: bool | None = Field(None, description="La personne a donné son accord pour être citée.")
    licence: str | None = Field(None, description="Licence du texte.")
    budget_lines: list[BudgetLineIn] | None = Field(
        None, max_length=30, description="Budget par financeur (remplace l'existant)."
    )
    partners: list[PartnerIn] | None = Field(
        None, max_length=30, description="Partenaires et leur rôle (remplace l'existant)."
    )
    team: list[TeamRoleIn] | None = Field(
        None, max_length=30, description="Équipe : fonctions et ETP (remplace l'existant)."
    )


class SheetOut(StateOut):
    title: str
    summary: str
    territories: list[str] = Field(description="Clés des territoires (« commune:29019 »).")
    themes: list[str]
    schemes: list[str]
    publics: list[str]
    start_date: date | None
    end_date: date | None
    review_comment: str = Field(description="Dernier commentaire de relecture.")
    published_at: datetime | None


class SheetWriter(ReviewedWriter):
    model = ExperienceSheet
    workspace = sheets
    reserved_slugs = RESERVED_SLUGS
    slug_fallback = "fiche"
    steps = {**STEPS, "confirm": CONFIRM}
    form_fields = {"territories": "territory_lines"}
    lookups = {
        "themes": Lookup(Concept.objects.themes(), "notation", CONCEPT_UNKNOWN),
        "schemes": Lookup(Concept.objects.schemes(), "notation", CONCEPT_UNKNOWN),
        "publics": Lookup(Concept.objects.publics(), "notation", CONCEPT_UNKNOWN),
    }
    parts = {"budget_lines": "budget", "partners": "partners", "team": "team"}

    def write(self, request, content, given):
        if "territories" in given:
            given["territories"] = "\n".join(given["territories"] or [])
        return super().write(request, content, given)

    def form(self, data, instance, centres):
        return SheetForm(data, instance=instance, centres=centres)

    def formsets(self, data, instance):
        return sheet_formsets(data, instance=instance)

    def present(self, sheet, identity):
        return {
            **self.state(sheet, identity),
            "title": sheet.title,
            "summary": sheet.summary,
            "territories": territory_keys(sheet.territories),
            "themes": notations(sheet.themes),
            "schemes": notations(sheet.schemes),
            "publics": notations(sheet.publics),
            "start_date": sheet.start_date,
            "end_date": sheet.end_date,
        }


writer = SheetWriter()
router = Router(auth=token_auth)
STEP_NAMES = ", ".join(f"`{name}`" for name in writer.steps)


@router.get(
    "",
    response=list[CentreContentSummary],
    summary="Lister les fiches de son centre (brouillons compris)",
    description="Les fiches du centre du jeton, dans tous les états, les plus récemment créées d'abord, page "
    "par page (curseur) ; `status` n'en garde qu'un état.",
)
@paginate(CursorPagination)
def list_fiches(request: HttpRequest, status: Status | None = None):
    return writer.listing(request, status=status)


@router.get("/{slug}", response=SheetOut, summary="Lire une fiche de son centre (brouillons compris)")
def read_sheet(request: HttpRequest, slug: str):
    """Une fiche du centre du jeton, dans son état, avec les étapes que le jeton peut lui faire franchir."""
    return writer.read(request, slug)


@router.post("", response={201: SheetOut, 409: ProblemDetails}, summary="Créer une fiche (brouillon)")
def create_sheet(request: HttpRequest, payload: SheetIn):
    """Crée un brouillon de fiche dans le centre du jeton, validé comme sur la page de saisie : une
    erreur de saisie renvoie 422 avec la liste des champs en cause, et rien n'est enregistré."""
    return writer.create(request, payload)


@router.patch("/{slug}", response={200: SheetOut, 409: ProblemDetails}, summary="Modifier une fiche")
def update_sheet(request: HttpRequest, slug: str, payload: SheetIn):
    """Modifie les champs donnés ; les autres gardent leur valeur. Un rédacteur ne modifie que les
    brouillons ; un relecteur, tout contenu non archivé de son centre."""
    return writer.update(request, slug, payload)


@router.post(
    "/{slug}/transitions",
    response={200: SheetOut, 409: ProblemDetails},
    summary="Faire avancer une fiche dans la relecture",
    description=f"Étapes : {STEP_NAMES} (confirmer qu'une fiche publiée est à jour). Les mêmes droits que "
    "sur les pages : soumettre pour un rédacteur ; publier, renvoyer (avec un commentaire), archiver, "
    "remettre en brouillon pour un relecteur.",
)
def move_sheet(request: HttpRequest, slug: str, payload: TransitionIn):
    return writer.transition(request, slug, payload)
