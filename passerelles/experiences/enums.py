from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "brouillon"
    SUBMITTED = "submitted", "soumise à relecture"
    PUBLISHED = "published", "publiée"
    ARCHIVED = "archived", "archivée"


class Transition(models.TextChoices):
    SUBMIT = "submit", "soumettre à relecture"
    PUBLISH = "publish", "publier"
    RETURN = "return", "renvoyer à l'auteur"
    ARCHIVE = "archive", "archiver"
    REOPEN = "reopen", "remettre en brouillon"


class LegalForm(models.TextChoices):
    COMMUNE = "commune", "commune"
    EPCI = "epci", "EPCI"
    CCAS = "ccas", "CCAS"
    CAISSE_DES_ECOLES = "caisse_des_ecoles", "caisse des écoles"
    GIP = "gip", "GIP"
    ASSOCIATION = "association", "association loi 1901"
    PUBLIC_BODY = "public_body", "établissement public"
    OTHER = "other", "autre"
