from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "passerelles.territories"
    verbose_name = "territoires"
