from django.db import models


class Criterion(models.TextChoices):
    """What a share of the State's envelope may follow, beyond the base each centre receives."""

    POPULATION = "population", "population couverte"
    QPV_POPULATION = "qpv_population", "population des quartiers prioritaires"
    QPV = "qpv", "nombre de quartiers prioritaires"
    CONTRACT_EPCI = "contract_epci", "EPCI avec un contrat de ville"
    CONTRACT_COMMUNES = "contract_communes", "communes avec un contrat de ville"
    DEPARTEMENTS = "departements", "nombre de départements"
    HALF_DAYS = "half_days", "activité en demi-journées"


class Funder(models.TextChoices):
    """Who co-finances a centre."""

    STATE_ANCT = "state_anct", "État – ANCT (politique de la ville)"
    STATE_OTHER = "state_other", "autres services de l'État"
    REGION = "region", "région"
    DEPARTEMENT = "departement", "département"
    EPCI = "epci", "EPCI"
    COMMUNE = "commune", "commune"
    CAF = "caf", "caisse d'allocations familiales"
    ARS = "ars", "agence régionale de santé"
    EUROPE = "europe", "fonds européens"
    OTHER = "other", "autre financeur"


STATE_FUNDERS = frozenset({Funder.STATE_ANCT, Funder.STATE_OTHER})
