"""The agenda: published sessions (the agenda's own filters and query, events.services.agenda) and
cycles. Never a registrant, a speaker's details, the accessibility contact nor the online link."""

import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from passerelles.events.enums import Format, Openness, SessionKind, SessionStatus
from passerelles.events.forms import AgendaFilterForm
from passerelles.events.models import Cycle, Session
from passerelles.events.services import agenda
from passerelles.events.services.freshness import agenda_version
from passerelles.events.services.registrations import seats_left

from .. import caching
from ..pagination import CursorPagination
from ..problems import Problem
from .common import NOT_FOUND, CentreRef, ConceptRef, TerritoryRef, checked, concepts, query_data, territories

router = Router()

SESSION_SLUG = "atelier-emploi-brest"
CYCLE_SLUG = "qualification-2026"


def choices(enum) -> str:
    return ", ".join(f"« {value} » ({label})" for value, label in enum.choices)


class CycleRef(Schema):
    """Un cycle : plusieurs sessions auxquelles on s'inscrit d'un coup."""

    slug: str = Field(description="L'identifiant du cycle.", examples=[CYCLE_SLUG])
    title: str = Field(description="Son titre.", examples=["Cycle de qualification 2026"])


class SessionRef(Schema):
    """Une session, désignée par son identifiant."""

    slug: str = Field(description="L'identifiant de la session.", examples=["atelier-emploi-brest"])
    title: str = Field(description="Son titre.", examples=["Atelier emploi des jeunes"])
    starts_at: datetime.datetime = Field(description="Son début.", examples=["2026-03-14T09:30:00+01:00"])


class AudienceFields(Schema):
    themes: list[ConceptRef] = Field(description="Les thèmes abordés.")
    functions: list[ConceptRef] = Field(description="Les fonctions visées (thésaurus « fonctions »).")
    territories: list[TerritoryRef] = Field(description="Les territoires concernés.")
    openness: str = Field(description=f"À qui elle est ouverte : {choices(Openness)}.", examples=["public"])
    capacity: int | None = Field(description="Le nombre de places (absent : sans limite).", examples=[40])
    registration_opens: datetime.datetime | None = Field(
        description="L'ouverture des inscriptions.", examples=["2026-03-14T09:30:00+01:00"]
    )
    registration_closes: datetime.datetime | None = Field(
        description="La clôture des inscriptions.", examples=["2026-03-14T09:30:00+01:00"]
    )
    url: str = Field(
        description="L'adresse de sa page sur le site (où s'inscrire).",
        examples=["https://passerelles.example/agenda/sessions/atelier-emploi-brest/"],
    )

    @staticmethod
    def resolve_themes(target) -> list:
        return concepts(target.themes)

    @staticmethod
    def resolve_functions(target) -> list:
        return concepts(target.functions)

    @staticmethod
    def resolve_territories(target) -> list:
        return territories(target.territories)

    @staticmethod
    def resolve_url(target, context) -> str:
        return context["request"].build_absolute_uri(target.get_absolute_url())


class AgendaSession(AudienceFields):
    """Une session publiée de l'agenda : une journée, un atelier, une visite, un webinaire…"""

    slug: str = Field(description="L'identifiant de la session.", examples=[SESSION_SLUG])
    title: str = Field(description="Son titre.", examples=["Atelier emploi des jeunes"])
    description: str = Field(description="Sa présentation.", examples=["Une journée d'échanges entre professionnels."])
    kind: str = Field(description=f"Son type : {choices(SessionKind)}.", examples=["workshop"])
    format: str = Field(description=f"Son format : {choices(Format)}.", examples=["in_person"])
    status: str = Field(description=f"Son état : {choices(SessionStatus)}.", examples=["planned"])
    starts_at: datetime.datetime = Field(description="Son début.", examples=["2026-03-14T09:30:00+01:00"])
    ends_at: datetime.datetime = Field(description="Sa fin.", examples=["2026-03-14T09:30:00+01:00"])
    half_days: int = Field(description="Sa durée en demi-journées.", examples=[1])
    venue: str = Field(description="Le lieu (nom de la salle).", examples=["Salle du conseil"])
    address: str = Field(description="L'adresse du lieu.", examples=["12 rue de la République, 29200 Brest"])
    commune: TerritoryRef | None = Field(description="La commune où elle a lieu.")
    centre: CentreRef = Field(description="Le centre organisateur.")
    co_organisers: list[CentreRef] = Field(description="Les centres co-organisateurs.")
    partners: list[str] = Field(description="Les partenaires (structures).", examples=[["Médiathèque de quartier"]])
    cycle: CycleRef | None = Field(description="Le cycle dont elle fait partie.")

    @staticmethod
    def resolve_partners(session: Session) -> list[str]:
        return [line.strip() for line in session.partners.splitlines() if line.strip()]

    @staticmethod
    def resolve_cycle(session: Session):
        return session.cycle if session.cycle_id and session.cycle.is_published else None


class AgendaSessionDetail(AgendaSession):
    """Une session publiée, avec ses places restantes."""

    seats_left: int | None = Field(description="Les places restantes (absent : sans limite).", examples=[12])

    @staticmethod
    def resolve_seats_left(session: Session) -> int | None:
        return seats_left(session)


class AgendaCycle(AudienceFields):
    """Un cycle publié : plusieurs sessions vendues comme un tout."""

    slug: str = Field(description="L'identifiant du cycle.", examples=[CYCLE_SLUG])
    title: str = Field(description="Son titre.", examples=["Cycle de qualification 2026"])
    description: str = Field(
        description="Sa présentation.", examples=["Quatre journées pour les équipes des contrats de ville."]
    )
    centre: CentreRef = Field(description="Le centre organisateur.")
    sessions: list[SessionRef] = Field(description="Ses sessions publiées, dans l'ordre des dates.")

    @staticmethod
    def resolve_sessions(cycle: Cycle) -> list:
        return [session for session in cycle.sessions.all() if session.is_published]


class AgendaFilters(Schema):
    theme: str | None = Field(None, max_length=80, description="La notation d'un thème.", examples=["emploi"])
    fonction: str | None = Field(
        None, max_length=80, description="La notation d'une fonction visée.", examples=["chef-de-projet"]
    )
    territoire: str | None = Field(
        None,
        max_length=40,
        description="Un territoire par sa clé « type:code » : les sessions qui y ont lieu ou le concernent, "
        "lui ou ce qu'il contient.",
        examples=["region:53"],
    )
    centre: str | None = Field(
        None, max_length=80, description="Un centre organisateur ou co-organisateur.", examples=["Pôle Bretagne (PB)"]
    )
    format: str | None = Field(None, max_length=20, description=f"Un format : {choices(Format)}.", examples=["online"])
    mois: str | None = Field(None, max_length=7, description="Un mois, « AAAA-MM ».", examples=["2026-12"])


def session_rows():
    return Session.objects.select_related("centre", "commune", "cycle").prefetch_related(
        "co_organisers", "themes", "functions", "territories"
    )


@router.get(
    "/sessions",
    response=list[AgendaSession],
    summary="Lister les sessions à venir",
    description="Les sessions publiées qui ne sont pas encore passées (les annulées restent, marquées), avec les "
    "filtres de la page de l'agenda ; page par page (curseur), dans l'ordre de leur création.",
)
@paginate(CursorPagination, key="pk")
def list_sessions(request: HttpRequest, response: HttpResponse, filters: Query[AgendaFilters]):
    caching.check(request, response, agenda_version())
    form = AgendaFilterForm(query_data(filters.dict()))
    checked(form)
    return session_rows().filter(pk__in=agenda.filtered(form.filters()).values("pk"))


@router.get(
    "/sessions/{slug}",
    response={200: AgendaSessionDetail, **NOT_FOUND},
    summary="Lire une session",
    description="Une session publiée par son identifiant, passée ou à venir, avec ses places restantes.",
)
def get_session(
    request: HttpRequest,
    response: HttpResponse,
    slug: str = Path(..., max_length=220, description="L'identifiant de la session.", examples=[SESSION_SLUG]),
):
    caching.check(request, response, agenda_version())
    session = session_rows().public().filter(slug=slug).first()
    if session is None:
        raise Problem(404, detail=f"Aucune session publiée n'a l'identifiant « {slug} ».")
    return session


def cycle_rows():
    return (
        Cycle.objects.public()
        .select_related("centre")
        .prefetch_related("themes", "functions", "territories", "sessions")
    )


@router.get(
    "/cycles",
    response=list[AgendaCycle],
    summary="Lister les cycles",
    description="Les cycles publiés, avec leurs sessions publiées ; page par page (curseur).",
)
@paginate(CursorPagination, key="pk")
def list_cycles(request: HttpRequest, response: HttpResponse):
    caching.check(request, response, agenda_version())
    return cycle_rows()


@router.get(
    "/cycles/{slug}",
    response={200: AgendaCycle, **NOT_FOUND},
    summary="Lire un cycle",
    description="Un cycle publié par son identifiant, avec ses sessions publiées.",
)
def get_cycle(
    request: HttpRequest,
    response: HttpResponse,
    slug: str = Path(..., max_length=220, description="L'identifiant du cycle.", examples=[CYCLE_SLUG]),
):
    caching.check(request, response, agenda_version())
    cycle = cycle_rows().filter(slug=slug).first()
    if cycle is None:
        raise Problem(404, detail=f"Aucun cycle publié n'a l'identifiant « {slug} ».")
    return cycle
