from django.db import models


class FeedKind(models.TextChoices):
    ICALENDAR = "ical", "agenda iCalendar"
    NEWS = "news", "actualités RSS ou Atom"


class HarvestStatus(models.TextChoices):
    OK = "ok", "moissonné"
    UNCHANGED = "unchanged", "inchangé depuis la dernière moisson"
    ERROR = "error", "en erreur"
