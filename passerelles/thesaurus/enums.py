from django.db import models


class Scheme(models.TextChoices):
    """The concept schemes of the vocabulary; their SKOS URIs are the base URI plus the value."""

    THEMES = "themes", "thèmes"
    SCHEMES = "dispositifs", "dispositifs"
    PUBLICS = "publics", "publics"
    FUNCTIONS = "fonctions", "fonctions"
