from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "passerelles.publications"
    verbose_name = "publications"

    def ready(self):
        from . import signals  # noqa: F401
