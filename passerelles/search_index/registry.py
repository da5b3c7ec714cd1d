"""Each content type enters the network search through one declared mapping.

An app declares, in its own `search.py`, a subclass of `SearchMapping` decorated with
`@register`: which objects are public, how one becomes an `IndexDocument`, and which models'
changes concern it. The search_index app finds those modules at start-up, connects the signals and
keeps the index in step (services.indexing); nothing else is needed to make a type searchable.
"""

import zlib

from django.utils.module_loading import autodiscover_modules

_mappings = {}


def register(mapping_class):
    mapping = mapping_class()
    if mapping.type in _mappings:
        raise ValueError(f"Search type {mapping.type!r} is declared twice.")
    _mappings[mapping.type] = mapping
    return mapping_class


def mappings():
    return dict(_mappings)


def get_mapping(type_name):
    return _mappings[type_name]


def _no_labels(keywords):
    return []


_keyword_labels = [_no_labels]


def set_keyword_labels(function):
    """Declared by an upper layer (the search app, which reads the thesaurus): `function(keywords)`
    gives the readable labels of a document's keyword values, indexed as its `context` text."""
    _keyword_labels[0] = function


def keyword_labels():
    return _keyword_labels[0]


_concept_finder = [_no_labels]


def set_concept_finder(function):
    """Declared by the search app: `function(text)` gives the notations of the thesaurus concepts
    whose labels the text says (once per mention), indexed as the document's `mentions`."""
    _concept_finder[0] = function


def concept_finder():
    return _concept_finder[0]


def autodiscover():
    autodiscover_modules("search")


def stable_number(text):
    """A number derived from a natural key (a slug): the same on every database."""
    return zlib.crc32(text.encode())


class SearchMapping:
    """How one content type is searched. Subclasses set the attributes and the three methods."""

    type = ""  # the value of the `type` facet, and the prefix of the document keys
    label = ""  # singular, shown to users
    label_plural = ""
    date_label = "mis à jour le"  # before the document's date in the results
    model = None

    def public_queryset(self):
        """Everything of this type that anyone may find: published, never a draft."""
        raise NotImplementedError

    def documents(self, queryset):
        """Yield an `IndexDocument` per object of the queryset (efficiently, in bulk)."""
        raise NotImplementedError

    def related(self):
        """{model: function(instance) -> primary keys of this type concerned by its change}.

        The mapped model itself is always watched; many-to-many fields of it are watched
        through their `through` models, which `watched_m2m` lists."""
        return {}

    def watched_m2m(self):
        return []

    def key(self, pk):
        return f"{self.type}:{pk}"
