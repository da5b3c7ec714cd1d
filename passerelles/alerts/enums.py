from django.db import models


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "chaque semaine"
    MONTHLY = "monthly", "chaque mois"


class ContentType(models.TextChoices):
    """What a digest brings: the values of the search's `type` facet (search_index mappings)."""

    SHEETS = "experience", "fiches expérience"
    PUBLICATIONS = "publication", "publications"
    SESSIONS = "session", "sessions (avec des places restantes)"
    CATALOGUE = "catalogue", "notices des centres de documentation"


ALL_TYPES = [choice.value for choice in ContentType]
