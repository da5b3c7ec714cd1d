from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "passerelles.publications"
    verbose_name = "publications"

    def ready(self):
        from . import signals  # noqa: F401

    def load_demo(self, actor):
        """Demo content of this app, loaded by website.demo with the rest of the demo."""
        from .services.demo import load_demo_publications

        return load_demo_publications(actor)
