from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "passerelles.funding"
    verbose_name = "financements et répartition de l'enveloppe de l'État"
