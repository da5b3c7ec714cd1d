from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "passerelles.search"
    verbose_name = "recherche"

    def ready(self):
        from . import registry, signals

        registry.autodiscover()
        signals.connect_mappings()
