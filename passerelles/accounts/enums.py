from django.db import models


class Role(models.TextChoices):
    EDITOR = "editor", "rédacteur ou rédactrice"
    REVIEWER = "reviewer", "relecteur ou relectrice"
    CENTRE_ADMIN = "centre_admin", "administrateur ou administratrice du centre"
