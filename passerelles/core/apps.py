from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "passerelles.core"
    verbose_name = "socle"
