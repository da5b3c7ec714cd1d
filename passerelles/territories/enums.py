from django.db import models


class Kind(models.TextChoices):
    REGION = "region", "région"
    DEPARTEMENT = "departement", "département"
    EPCI = "epci", "EPCI"
    COMMUNE = "commune", "commune"
    ARRONDISSEMENT = "arrondissement", "arrondissement municipal"
    QPV = "qpv", "quartier prioritaire"


class Zone(models.TextChoices):
    METRO = "metro", "France métropolitaine"
    DROM = "drom", "départements et régions d'outre-mer"
    COM = "com", "collectivités d'outre-mer"


class QpvGeneration(models.TextChoices):
    QPV_2015 = "2015", "quartiers prioritaires 2015-2023"
    QPV_2024 = "2024", "quartiers prioritaires depuis 2024"
