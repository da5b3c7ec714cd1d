from django.apps import AppConfig


class SearchIndexConfig(AppConfig):
    """The search index: each app's mapping (`<app>/search.py`), the engine and the outbox that keeps
    the index in step. Low in the layers, so that content apps can declare their mapping."""

    name = "passerelles.search_index"
    verbose_name = "index de recherche"

    def ready(self):
        from . import registry, signals

        registry.autodiscover()
        signals.connect_mappings()
