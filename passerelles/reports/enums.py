from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "en préparation"
    SUBMITTED = "submitted", "soumis à l'animation nationale"
    VALIDATED = "validated", "validé"


class Transition(models.TextChoices):
    SUBMIT = "submit", "soumettre à l'animation nationale"
    VALIDATE = "validate", "valider"
    RETURN = "return", "renvoyer au centre"
    REOPEN = "reopen", "rouvrir"
