"""Publications written through the API: drafts of the token's centre, the pages' form
(publications.forms.PublicationForm, its contributors) and workspace (steps). Documents (PDF files)
are attached on the pages."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from passerelles.editorial.workflow import Status
from passerelles.events.models import Session
from passerelles.publications.forms import PublicationForm, contributor_formset
from passerelles.publications.models import RESERVED_SLUGS, Publication, Series
from passerelles.publications.workspace import publications
from passerelles.thesaurus.models import Concept

from ..auth import token_auth
from ..pagination import CursorPagination
from ..problems import ProblemDetails
from .common import CentreContentSummary, Lookup, StateOut, TransitionIn, notations, territory_keys
from .reviewed import STEPS, ReviewedWriter
from .sheets import CONCEPT_UNKNOWN, concepts

TERRITORIES = (
    "Territoires, un par élément : région ou département (« departement:69 »), commune "
    "(« Vaulx-en-Velin (69) »), EPCI (« epci:200046977 ») ou quartier prioritaire (« qpv:QN06901M »)."
)


class ContributorIn(Schema):
    name: str = Field(description="Nom de la personne ou de l'organisation.", max_length=200)
    kind: str = Field("person", description="« person » ou « organisation ».")
    role: str = Field("author", description="« author », « contributor » ou « editor ».")
    affiliation: str = Field("", description="Rattachement.", max_length=200)
    is_researcher: bool = Field(False, description="Chercheur ou chercheuse.")


class PublicationIn(Schema):
    """A publication's fields, as on its page; every field may be left out (see the API's description)."""

    centre: str | None = Field(None, description="Identifiant d'adresse du centre : celui du jeton, seul permis.")
    series: str | None = Field(None, description="Identifiant d'adresse de la série du centre ; vide : isolée.")
    issue_number: str | None = Field(None, description="Numéro dans la série.")
    title: str | None = Field(None, description="Titre (obligatoire à la création).")
    kind: str | None = Field(None, description="Type (code) ; pour un numéro de série, celui de la série.")
    thematic_file: str | None = Field(None, description="Dossier thématique.")
    publication_date: date | None = Field(None, description="Date de parution (obligatoire à la création).")
    abstract: str | None = Field(None, description="Résumé (obligatoire à la création).")
    themes: list[str] | None = concepts("Thèmes")
    schemes: list[str] | None = concepts("Dispositifs")
    publics: list[str] | None = concepts("Publics visés")
    language: str | None = Field(None, description="Langue (code ISO 639).")
    licence: str | None = Field(None, description="Licence ou droits.")
    territories: list[str] | None = Field(None, max_length=500, description=TERRITORIES)
    online_url: str | None = Field(None, description="Adresse de consultation en ligne ailleurs.")
    on_paper: bool | None = Field(None, description="Disponible sur papier.")
    paper_order: str | None = Field(None, description="Comment la commander sur papier.")
    session: str | None = Field(None, description="Identifiant d'adresse de la session dont ce sont les actes.")
    event_title: str | None = Field(None, description="Rencontre dont ce sont les actes (hors agenda).")
    event_date: date | None = Field(None, description="Date de cette rencontre.")
    related_sheets: list[str] | None = Field(
        None, max_length=100, description="Identifiants d'adresse de fiches publiées liées."
    )
    contributors: list[ContributorIn] | None = Field(
        None, max_length=50, description="Auteurs et contributeurs (remplace l'existant)."
    )


class PublicationOut(StateOut):
    title: str
    abstract: str
    series: str | None = Field(description="Identifiant d'adresse de la série.")
    issue_number: str
    kind: str
    publication_date: date
    territories: list[str]
    themes: list[str]
    schemes: list[str]
    publics: list[str]
    related_sheets: list[str]
    review_comment: str
    published_at: datetime | None


class PublicationWriter(ReviewedWriter):
    model = Publication
    workspace = publications
    reserved_slugs = RESERVED_SLUGS
    slug_fallback = "publication"
    steps = STEPS
    form_fields = {"territories": "territory_lines", "related_sheets": "sheet_lines"}
    lookups = {
        "themes": Lookup(Concept.objects.themes(), "notation", CONCEPT_UNKNOWN),
        "schemes": Lookup(Concept.objects.schemes(), "notation", CONCEPT_UNKNOWN),
        "publics": Lookup(Concept.objects.publics(), "notation", CONCEPT_UNKNOWN),
        "series": Lookup(Series.objects.all(), "slug", "Série inconnue : « {value} »."),
        "session": Lookup(Session.objects.all(), "slug", "Session inconnue : « {value} »."),
    }
    parts = {"contributors": "contributors"}

    def write(self, request, content, given):
        if "territories" in given:
            given["territories"] = "\n".join(given["territories"] or [])
        if given.get("related_sheets") is not None:
            # The form reads published sheets by their slug, one a line, and says which it cannot find.
            given["related_sheets"] = "\n".join(given["related_sheets"])
        return super().write(request, content, given)

    def form(self, data, instance, centres):
        return PublicationForm(data, instance=instance, centres=centres)

    def formsets(self, data, instance):
        return contributor_formset(data, instance=instance)

    def present(self, publication, identity):
        return {
            **self.state(publication, identity),
            "title": publication.title,
            "abstract": publication.abstract,
            "series": publication.series.slug if publication.series_id else None,
            "issue_number": publication.issue_number,
            "kind": publication.kind,
            "publication_date": publication.publication_date,
            "territories": territory_keys(publication.territories),
            "themes": notations(publication.themes),
            "schemes": notations(publication.schemes),
            "publics": notations(publication.publics),
            "related_sheets": sorted(publication.related_sheets.values_list("slug", flat=True)),
        }


writer = PublicationWriter()
router = Router(auth=token_auth)
STEP_NAMES = ", ".join(f"`{name}`" for name in writer.steps)


@router.get(
    "",
    response=list[CentreContentSummary],
    summary="Lister les publications de son centre (brouillons compris)",
    description="Les publications du centre du jeton, dans tous les états, les plus récemment créées d'abord, page "
    "par page (curseur) ; `status` n'en garde qu'un état.",
)
@paginate(CursorPagination)
def list_publications(request: HttpRequest, status: Status | None = None):
    return writer.listing(request, status=status)


@router.get("/{slug}", response=PublicationOut, summary="Lire une publication de son centre (brouillons compris)")
def read_publication(request: HttpRequest, slug: str):
    """Une publication du centre du jeton, dans son état, avec les étapes que le jeton peut lui faire franchir."""
    return writer.read(request, slug)


@router.post("", response={201: PublicationOut, 409: ProblemDetails}, summary="Créer une publication (brouillon)")
def create_publication(request: HttpRequest, payload: PublicationIn):
    """Crée un brouillon de publication dans le centre du jeton, validé comme sur la page de saisie :
    une erreur de saisie renvoie 422 avec la liste des champs en cause, et rien n'est enregistré.
    Les documents PDF se joignent sur la page de la publication."""
    return writer.create(request, payload)


@router.patch("/{slug}", response={200: PublicationOut, 409: ProblemDetails}, summary="Modifier une publication")
def update_publication(request: HttpRequest, slug: str, payload: PublicationIn):
    """Modifie les champs donnés ; les autres gardent leur valeur."""
    return writer.update(request, slug, payload)


@router.post(
    "/{slug}/transitions",
    response={200: PublicationOut, 409: ProblemDetails},
    summary="Faire avancer une publication dans la relecture",
    description=f"Étapes : {STEP_NAMES}. Les mêmes droits que sur les pages.",
)
def move_publication(request: HttpRequest, slug: str, payload: TransitionIn):
    return writer.transition(request, slug, payload)
