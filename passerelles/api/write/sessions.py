"""Sessions written through the API: unpublished sessions of the token's centre, the pages' form
(events.staff_forms.SessionForm) and service (events.services.staff.save_registrable), which its
centre's administrators alone may use. No personal data goes in or out: neither registrants nor
speakers (those are managed on the pages); a session is cancelled on its page, which tells the
registrants."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from passerelles.accounts.permissions import Action, can
from passerelles.centres.models import Centre
from passerelles.events.errors import ChangeRefused
from passerelles.events.models import RESERVED_SLUGS, Cycle, Session
from passerelles.events.services import staff
from passerelles.events.staff_forms import SessionForm
from passerelles.thesaurus.enums import Scheme
from passerelles.thesaurus.models import Concept

from ..auth import token_auth
from ..pagination import CursorPagination
from ..problems import Problem, ProblemDetails
from .common import (
    CentreContentSummary,
    Lookup,
    StateOut,
    TransitionIn,
    Writer,
    error,
    notations,
    territory_keys,
)
from .sheets import CONCEPT_UNKNOWN, concepts

STEPS = {"publish": True, "unpublish": False}
DONE = {True: "Session publiée dans l'agenda.", False: "Session retirée de l'agenda."}


class SessionIn(Schema):
    """A session's fields, as on its page; every field may be left out (see the API's description)."""

    centre: str | None = Field(None, description="Identifiant d'adresse du centre : celui du jeton, seul permis.")
    cycle: str | None = Field(None, description="Identifiant d'adresse du cycle du centre ; vide : isolée.")
    title: str | None = Field(None, description="Titre (obligatoire à la création).")
    description: str | None = Field(None, description="Présentation (obligatoire à la création).")
    kind: str | None = Field(None, description="Type (code : day, workshop, webinar…).")
    status: str | None = Field(None, description="État (code : planned, full, moved_online, postponed).")
    starts_at: datetime | None = Field(None, description="Début (ISO 8601).", examples=["2027-03-04T09:30:00+01:00"])
    ends_at: datetime | None = Field(None, description="Fin (ISO 8601).", examples=["2027-03-04T17:00:00+01:00"])
    half_days: int | None = Field(None, description="Demi-journées comptées dans le bilan d'activité.")
    format: str | None = Field(None, description="Format (code : in_person, online, mixed).")
    venue: str | None = Field(None, description="Nom du lieu ou de la salle.")
    address: str | None = Field(None, description="Adresse.")
    commune: str | None = Field(None, description="Commune : nom (« Saint-Denis (93) »), code INSEE ou postal.")
    online_url: str | None = Field(None, description="Lien de connexion.")
    accessibility: str | None = Field(None, description="Accessibilité.")
    functions: list[str] | None = concepts("Fonctions visées")
    themes: list[str] | None = concepts("Thèmes")
    territories: list[str] | None = Field(
        None, max_length=500, description="Territoires concernés (clés ou noms de communes)."
    )
    co_organisers: list[str] | None = Field(
        None, max_length=50, description="Identifiants d'adresse des centres co-organisateurs."
    )
    partners: str | None = Field(None, description="Partenaires, un par ligne.")
    openness: str | None = Field(None, description="Ouverte à (code : public, invitation, group).")
    capacity: int | None = Field(None, description="Places ; vide : sans limite.")
    registration_opens: datetime | None = Field(None, description="Ouverture des inscriptions.")
    registration_closes: datetime | None = Field(None, description="Clôture des inscriptions.")


class SessionOut(StateOut):
    title: str
    description: str
    session_status: str = Field(description="État de la session (code : planned, full, postponed…).")
    starts_at: datetime
    ends_at: datetime
    commune: str | None = Field(description="Clé de la commune.")
    cycle: str | None
    functions: list[str]
    themes: list[str]
    territories: list[str]
    capacity: int | None


class SessionWriter(Writer):
    model = Session
    reserved_slugs = RESERVED_SLUGS
    slug_fallback = "session"
    form_fields = {"territories": "territory_lines"}
    lookups = {
        "functions": Lookup(Concept.objects.in_scheme(Scheme.FUNCTIONS), "notation", CONCEPT_UNKNOWN),
        "themes": Lookup(Concept.objects.themes(), "notation", CONCEPT_UNKNOWN),
        "cycle": Lookup(Cycle.objects.all(), "slug", "Cycle inconnu : « {value} »."),
        "co_organisers": Lookup(Centre.objects.all(), "slug", "Centre inconnu : « {value} »."),
    }
    on_create = {"is_published": False}  # published by its own step, as a draft is

    def write(self, request, content, given):
        if "territories" in given:
            given["territories"] = "\n".join(given["territories"] or [])
        return super().write(request, content, given)

    def form(self, data, instance, centres):
        return SessionForm(data, instance=instance, centres=centres)

    def public(self):
        return Session.objects.public()

    def may_create(self, identity, centre) -> bool:
        return can(identity, Action.MANAGE_CENTRE, centre)

    def may_edit(self, identity, session) -> bool:
        return can(identity, Action.MANAGE_CENTRE, session)

    def save(self, request, changes, created):
        return staff.save_registrable(request.identity, changes, request.build_absolute_uri("/"))

    def refused_fields(self, refusal):
        if isinstance(refusal, ChangeRefused):
            return [error(["body", field], message) for field, message in refusal.errors.items()]
        return None

    def present(self, session, identity):
        may = self.may_edit(identity, session)
        return {
            "slug": session.slug,
            "centre": session.centre.slug,
            "status": "published" if session.is_published else "draft",
            "status_label": "publiée dans l'agenda" if session.is_published else "brouillon, hors de l'agenda",
            "transitions": [name for name, value in STEPS.items() if may and value != session.is_published],
            "url": session.get_absolute_url(),
            "updated_at": session.updated_at,
            "title": session.title,
            "description": session.description,
            "session_status": session.status,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "commune": session.commune.key if session.commune_id else None,
            "cycle": session.cycle.slug if session.cycle_id else None,
            "functions": notations(session.functions),
            "themes": notations(session.themes),
            "territories": territory_keys(session.territories),
            "capacity": session.capacity,
        }

    def transition(self, request: HttpRequest, slug: str, payload: TransitionIn) -> dict:
        token, identity = request.auth, request.identity  # type: ignore[attr-defined]
        session = self.owned(slug, token, Session.objects.select_related("centre"))
        if payload.transition not in STEPS:
            raise Problem(
                422, errors=[error(["body", "transition"], "Étape inconnue : choisissez « publish » ou « unpublish ».")]
            )
        if not self.may_edit(identity, session):
            raise PermissionDenied("Seuls les administrateurs du centre gèrent ses sessions.")
        published = STEPS[payload.transition]
        if session.is_published == published:
            raise Problem(409, detail="La session est déjà dans cet état.")
        saved = self.write(request, session, {"is_published": published})
        return {
            **self.present(Session.objects.select_related("centre").get(pk=saved.pk), identity),
            "message": DONE[published],
        }


writer = SessionWriter()
router = Router(auth=token_auth)


class CentreSessionSummary(CentreContentSummary):
    @staticmethod
    def resolve_status(session) -> str:
        return "published" if session.is_published else "draft"

    @staticmethod
    def resolve_status_label(session) -> str:
        return "publiée dans l'agenda" if session.is_published else "brouillon, hors de l'agenda"


@router.get(
    "",
    response=list[CentreSessionSummary],
    summary="Lister les sessions de son centre (non publiées comprises)",
    description="Les sessions organisées par le centre du jeton, les plus récemment créées d'abord, page par "
    "page (curseur) ; `published` n'en garde que les publiées (true) ou les autres (false). Réservé aux "
    "administrateurs du centre, comme sur les pages.",
)
@paginate(CursorPagination)
def list_sessions(request: HttpRequest, published: bool | None = None):
    if not can(request.identity, Action.MANAGE_CENTRE, request.auth.centre):  # type: ignore[attr-defined]
        raise PermissionDenied("Seuls les administrateurs du centre gèrent ses sessions.")
    return writer.listing(request, is_published=published)


@router.get("/{slug}", response=SessionOut, summary="Lire une session de son centre (non publiées comprises)")
def read_session(request: HttpRequest, slug: str):
    """Une session du centre du jeton, sans aucune donnée personnelle (ni inscrits, ni intervenants)."""
    return writer.read(request, slug)


@router.post("", response={201: SessionOut, 409: ProblemDetails}, summary="Créer une session (non publiée)")
def create_session(request: HttpRequest, payload: SessionIn):
    """Crée une session du centre du jeton, hors de l'agenda jusqu'à sa publication, validée comme sur
    la page de saisie. Réservé aux administrateurs du centre, comme sur les pages."""
    return writer.create(request, payload)


@router.patch("/{slug}", response={200: SessionOut, 409: ProblemDetails}, summary="Modifier une session")
def update_session(request: HttpRequest, slug: str, payload: SessionIn):
    """Modifie les champs donnés ; les autres gardent leur valeur. Les inscrits sont prévenus d'un
    changement de date, de lieu ou d'état, comme depuis la page."""
    return writer.update(request, slug, payload)


@router.post(
    "/{slug}/transitions",
    response={200: SessionOut, 409: ProblemDetails},
    summary="Publier une session dans l'agenda, ou l'en retirer",
    description="Étapes : `publish`, `unpublish`. L'annulation se fait sur la page de la session (les "
    "inscrits sont prévenus).",
)
def move_session(request: HttpRequest, slug: str, payload: TransitionIn):
    return writer.transition(request, slug, payload)
