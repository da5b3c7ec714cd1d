from django.db import models


class Axis(models.TextChoices):
    """How a centre's activity of a year is broken down (indicators.ActivityCount)."""

    TOTAL = "total", "ensemble"
    THEME = "theme", "thème"
    FUNCTION = "function", "fonction du public"
    DEPARTEMENT = "departement", "département"
