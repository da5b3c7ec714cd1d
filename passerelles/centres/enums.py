from django.db import models


class Status(models.TextChoices):
    ACTIVE = "active", "en activité"
    UNVERIFIED = "unverified", "activité à confirmer"
    PLANNED = "planned", "en projet"
    HISTORICAL = "historical", "ancien centre"


# Only these statuses count as covering a territory (an unverified centre is shown "à confirmer").
COVERING_STATUSES = [Status.ACTIVE, Status.UNVERIFIED]


class LegalStatus(models.TextChoices):
    ASSOCIATION = "association", "association loi 1901"
    GIP = "gip", "groupement d'intérêt public (GIP)"
    OTHER = "other", "autre statut"
    UNKNOWN = "unknown", "statut non renseigné"


class Level(models.TextChoices):
    INTERREGIONAL = "interregional", "interrégional"
    REGIONAL = "regional", "régional"
    DEPARTMENTAL = "departmental", "départemental"


class Fact(models.TextChoices):
    """The facts of a centre whose verification is tracked one by one."""

    NAME = "name", "nom"
    FORMER_NAMES = "former_names", "anciens noms"
    STATUS = "status", "activité"
    SEAT = "seat", "siège"
    PERIMETER = "perimeter", "périmètre"
    LEVEL = "level", "niveau"
    LEGAL_STATUS = "legal_status", "statut juridique"
    CREATION_YEAR = "creation_year", "année de création"
    WEBSITE = "website", "site internet"
    CONTACT = "contact", "coordonnées"


class Coverage(models.TextChoices):
    COVERED = "covered", "couvert"
    UNCONFIRMED = "unconfirmed", "couverture à confirmer"
    UNCOVERED = "uncovered", "non couvert"
