import datetime

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


class ContractGeneration(models.TextChoices):
    """The generations of contrats de ville: 2015-2020, extended to the end of 2023; then the
    « Engagements Quartiers 2030 » contracts, 2024-2030."""

    CV_2015 = "2015", "contrats de ville 2015-2023"
    CV_2024 = "2024", "contrats de ville « Engagements Quartiers 2030 »"

    @classmethod
    def in_force(cls, on_date: datetime.date) -> list[str]:
        return [g for g, (start, end) in CONTRACT_YEARS.items() if start <= on_date.year <= end]


CONTRACT_YEARS = {ContractGeneration.CV_2015: (2015, 2023), ContractGeneration.CV_2024: (2024, 2030)}
