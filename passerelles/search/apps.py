from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The network search pages: querying, facets and suggestions over the index (search_index)."""

    name = "passerelles.search"
    verbose_name = "recherche"

    def ready(self):
        from passerelles.search_index.registry import set_concept_finder, set_keyword_labels

        from . import signals
        from .services.vocabulary import concepts_mentioned, keyword_labels

        signals.connect_vocabulary()
        set_keyword_labels(keyword_labels)
        set_concept_finder(concepts_mentioned)
