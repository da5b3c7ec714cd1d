"""The search pages' vocabulary (thesaurus labels, acronyms) is read again once the thesaurus changes,
and the index rebuilt after the change commits (the documents' mentions of the concepts)."""

from django.db.models.signals import post_delete, post_save

from passerelles.search_index.services.indexing import rebuild_after_commit
from passerelles.thesaurus.models import Concept

from .services import vocabulary


def connect_vocabulary():
    for signal in (post_save, post_delete):
        signal.connect(_forget_vocabulary, sender=Concept, dispatch_uid=f"search-vocabulary-{signal}")


def _forget_vocabulary(sender, **kwargs):
    vocabulary.forget()
    rebuild_after_commit()
