from django.db import models

from passerelles.editorial.workflow import Status, Transition

__all__ = ["Status", "Transition", "LegalForm"]


class LegalForm(models.TextChoices):
    COMMUNE = "commune", "commune"
    EPCI = "epci", "EPCI"
    CCAS = "ccas", "CCAS"
    CAISSE_DES_ECOLES = "caisse_des_ecoles", "caisse des écoles"
    GIP = "gip", "GIP"
    ASSOCIATION = "association", "association loi 1901"
    PUBLIC_BODY = "public_body", "établissement public"
    OTHER = "other", "autre"
