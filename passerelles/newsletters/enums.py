from django.db import models


class IssueStatus(models.TextChoices):
    DRAFT = "draft", "brouillon"
    SENDING = "sending", "envoi en cours"
    SENT = "sent", "envoyée"
    STOPPED = "stopped", "envoi arrêté"


class ItemKind(models.TextChoices):
    SHEET = "sheet", "fiche expérience"
    PUBLICATION = "publication", "publication"
    SESSION = "session", "temps d'échanges"
