"""The network's agenda as open data: published sessions and cycles, their public fields only. No
registration, no count of registrants, and never a session's connection link (given to its confirmed
registrants only)."""

from django.db.models import Prefetch

from passerelles.centres.models import Centre
from passerelles.events.models import Cycle, Session

from .fields import (
    CENTRE_ID,
    CENTRE_NAME,
    CHUNK,
    Dataset,
    Field,
    absolute,
    concepts,
    identifier,
    page_url,
    territory_fields,
    territory_values,
)

AUDIENCE = (
    concepts("fonctions_visees", "fonctions visées", "Fonctions visées"),
    concepts("themes", "thèmes", "Thèmes"),
)


def text(name, title, description):
    return Field(name, "string", title, description)


def registration_fields(what):
    return (
        Field("places", "integer", "places", f"Nombre de places {what} (vide : sans limite)."),
        text("ouverte_a", "ouverte à", "Qui peut s'inscrire : tous, sur invitation, membres d'un groupe."),
        Field("ouverture_inscriptions", "datetime", "ouverture des inscriptions", "Ouverture des inscriptions."),
        Field("cloture_inscriptions", "datetime", "clôture des inscriptions", "Clôture des inscriptions."),
    )


def registration_values(target):
    return {
        "places": target.capacity,
        "ouverte_a": target.get_openness_display(),
        "ouverture_inscriptions": target.registration_opens,
        "cloture_inscriptions": target.registration_closes,
    }


def audience_values(target):
    return {
        "fonctions_visees": [c.pref_label for c in target.functions.all()],
        "themes": [c.pref_label for c in target.themes.all()],
        **territory_values(target.territories.all()),
    }


def session_rows():
    sessions = (
        Session.objects.public()
        .select_related("centre", "cycle", "commune")
        .prefetch_related(
            Prefetch("co_organisers", queryset=Centre.objects.only("slug", "name", "short_name")),
            "speakers",
            "functions",
            "themes",
            "territories",
        )
        .order_by("pk")
    )
    for session in sessions.iterator(chunk_size=CHUNK):
        # The cycle is named only when it is public too.
        cycle = session.cycle if session.cycle_id and session.cycle.is_published else None
        yield {
            "identifiant": session.slug,
            "url": absolute(session.get_absolute_url()),
            "titre": session.title,
            "centre": session.centre.display_name,
            "centre_identifiant": session.centre.slug,
            "co_organisateurs": [c.slug for c in session.co_organisers.all()],
            "partenaires": [line.strip() for line in session.partners.splitlines() if line.strip()],
            "cycle": cycle.slug if cycle else "",
            "presentation": session.description,
            "type": session.get_kind_display(),
            "format": session.get_format_display(),
            "lieu": session.venue,
            "adresse": session.address,
            "commune_code": session.commune.code if session.commune else "",
            "commune": session.commune.name if session.commune else "",
            "debut": session.starts_at,
            "fin": session.ends_at,
            "demi_journees": session.half_days,
            "etat": session.get_status_display(),
            "accessibilite": session.accessibility,
            "intervenants": [s.name + (f" ({s.affiliation})" if s.affiliation else "") for s in session.speakers.all()],
            **registration_values(session),
            **audience_values(session),
            "demonstration": session.is_demo,
        }


SESSIONS = Dataset(
    name="sessions",
    title="Sessions de l'agenda",
    description="Les sessions publiées dans l'agenda du réseau (journées, ateliers, visites, webinaires…) : "
    "organisateurs, dates, lieu, public visé. Sans aucune donnée personnelle des inscrits ni lien de connexion.",
    fields=(
        identifier("Identifiant de la session, stable (celui de l'adresse de sa page)."),
        page_url("de la session"),
        Field("titre", "string", "titre", "Titre de la session.", required=True),
        CENTRE_NAME,
        CENTRE_ID,
        Field(
            "co_organisateurs", "string", "co-organisateurs", "Identifiants des centres co-organisateurs.", many=True
        ),
        Field("partenaires", "string", "partenaires", "Partenaires de la session.", many=True),
        text("cycle", "cycle", "Identifiant du cycle dont la session fait partie (jeu de données « cycles »)."),
        text("presentation", "présentation", "Présentation de la session."),
        text("type", "type", "Type de session."),
        text("format", "format", "En présentiel, à distance ou mixte."),
        text("lieu", "lieu", "Nom du lieu ou de la salle."),
        text("adresse", "adresse", "Adresse du lieu."),
        text("commune_code", "code de la commune", "Code officiel géographique (Insee) de la commune."),
        text("commune", "commune", "Nom de la commune."),
        Field("debut", "datetime", "début", "Début de la session."),
        Field("fin", "datetime", "fin", "Fin de la session."),
        Field("demi_journees", "integer", "demi-journées", "Durée en demi-journées."),
        text("etat", "état", "Programmée, complète, passée à distance, reportée ou annulée."),
        text("accessibilite", "accessibilité", "Accès et aménagements possibles."),
        Field("intervenants", "string", "intervenants", "Intervenants annoncés et leur structure.", many=True),
        *registration_fields("de la session"),
        *AUDIENCE,
        *territory_fields("concernés"),
        Field("demonstration", "boolean", "démonstration", "Vrai pour une session de démonstration."),
    ),
    rows=session_rows,
)


def cycle_rows():
    cycles = (
        Cycle.objects.public()
        .select_related("centre")
        .prefetch_related(
            Prefetch(
                "sessions", queryset=Session.objects.public().only("slug", "cycle_id").order_by("starts_at", "pk")
            ),
            "functions",
            "themes",
            "territories",
        )
        .order_by("pk")
    )
    for cycle in cycles.iterator(chunk_size=CHUNK):
        yield {
            "identifiant": cycle.slug,
            "url": absolute(cycle.get_absolute_url()),
            "titre": cycle.title,
            "centre": cycle.centre.display_name,
            "centre_identifiant": cycle.centre.slug,
            "presentation": cycle.description,
            "sessions": [s.slug for s in cycle.sessions.all()],
            **registration_values(cycle),
            **audience_values(cycle),
            "demonstration": cycle.is_demo,
        }


CYCLES = Dataset(
    name="cycles",
    title="Cycles de sessions",
    description="Les cycles publiés dans l'agenda : plusieurs sessions suivies ensemble, avec une seule inscription.",
    fields=(
        identifier("Identifiant du cycle, stable (celui de l'adresse de sa page)."),
        page_url("du cycle"),
        Field("titre", "string", "titre", "Titre du cycle.", required=True),
        CENTRE_NAME,
        CENTRE_ID,
        text("presentation", "présentation", "Présentation du cycle."),
        Field("sessions", "string", "sessions", "Identifiants des sessions publiées du cycle.", many=True),
        *registration_fields("du cycle"),
        *AUDIENCE,
        *territory_fields("concernés"),
        Field("demonstration", "boolean", "démonstration", "Vrai pour un cycle de démonstration."),
    ),
    rows=cycle_rows,
)
