from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "passerelles.indicators"
    verbose_name = "indicateurs du réseau"
