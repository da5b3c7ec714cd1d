"""The index rebuilt by the task queue: after a thesaurus change, the documents' mentions of its
concepts (ADR 0014) are read again."""

from django_tasks import task

from .services.indexing import rebuild


@task()
def rebuild_index() -> int:
    return rebuild()
