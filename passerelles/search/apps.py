from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The network search pages: querying, facets and suggestions over the index (search_index)."""

    name = "passerelles.search"
    verbose_name = "recherche"

    def ready(self):
        from . import signals

        signals.connect_vocabulary()
