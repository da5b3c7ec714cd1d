"""The version of the thesaurus page (ADR 0002, core.versions). Concepts carry no date of change:
the count moves on an addition or removal, a change made in this process is seen at once, and one
made in another process (a SKOS import) within core.fragments.PAGE_TIMEOUT."""

from passerelles.core.versions import DataVersion

from ..models import Concept

_thesaurus = DataVersion("thesaurus", [(Concept, [])])


def thesaurus_version() -> str:
    return _thesaurus.get()
