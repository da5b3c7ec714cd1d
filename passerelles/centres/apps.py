from django.apps import AppConfig


class CentresConfig(AppConfig):
    name = "passerelles.centres"
    verbose_name = "centres de ressources"

    def ready(self):
        from . import signals  # noqa: F401
