from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "passerelles.framework"
    verbose_name = "cadre de référence du réseau"
