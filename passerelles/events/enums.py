from django.db import models


class SessionKind(models.TextChoices):
    DAY = "day", "journée"
    HALF_DAY = "half_day", "demi-journée"
    WORKSHOP = "workshop", "atelier"
    SEMINAR = "seminar", "séminaire"
    SITE_VISIT = "site_visit", "visite de site"
    WEBINAR = "webinar", "webinaire"
    QUALIFICATION_CYCLE = "qualification_cycle", "cycle de qualification"
    NETWORK_MEETING = "network_meeting", "rencontre de réseau"
    SUPPORT = "support", "accompagnement"


class Activity(models.TextChoices):
    """How the national report counts a session's half-days."""

    QUALIFICATION = "qualification", "qualification"
    NETWORK = "network", "rencontre de réseau"
    SUPPORT = "support", "accompagnement individuel"


ACTIVITY_OF_KIND = {
    SessionKind.NETWORK_MEETING: Activity.NETWORK,
    SessionKind.SUPPORT: Activity.SUPPORT,
}  # every other kind counts as qualification


class Format(models.TextChoices):
    IN_PERSON = "in_person", "en présentiel"
    ONLINE = "online", "à distance"
    MIXED = "mixed", "mixte (présentiel et à distance)"


class Openness(models.TextChoices):
    PUBLIC = "public", "ouverte à tous"
    INVITATION = "invitation", "sur invitation"
    GROUP = "group", "réservée aux membres d'un groupe"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "programmée"
    FULL = "full", "complète"
    MOVED_ONLINE = "moved_online", "passée à distance"
    POSTPONED = "postponed", "reportée"
    CANCELLED = "cancelled", "annulée"


# No seat can be taken in a session in these states (a postponed one waits for its new date).
CLOSED_STATUSES = frozenset({SessionStatus.CANCELLED, SessionStatus.POSTPONED})


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", "à confirmer"
    CONFIRMED = "confirmed", "confirmée"
    WAITING = "waiting", "en liste d'attente"
    CANCELLED = "cancelled", "annulée"


class SpeakerKind(models.TextChoices):
    PRACTITIONER = "practitioner", "praticien ou praticienne"
    EXPERT = "expert", "expert ou experte"
    RESEARCHER = "researcher", "chercheur ou chercheuse"
