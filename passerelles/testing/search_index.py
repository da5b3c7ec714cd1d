"""The search index against the database: what the index holds, what the database says it should
hold, and the assertion that they agree (the index never drifts)."""

import tantivy

from passerelles.search_index.engine import get_engine
from passerelles.search_index.models import PendingChange
from passerelles.search_index.registry import mappings
from passerelles.search_index.services import indexing

SNAPSHOT_FIELDS = ("title", "summary", "body", "url", "type", "theme", "centre", "region", "departement", "year")


def index_snapshot():
    searcher = get_engine().searcher()
    found = searcher.search(tantivy.Query.all_query(), 100_000)
    snapshot = {}
    for _, address in found.hits:
        doc = searcher.doc(address)
        snapshot[doc.get_first("key")] = {name: sorted(doc.get_all(name)) for name in SNAPSHOT_FIELDS}
    return snapshot


def database_snapshot():
    snapshot = {}
    for mapping in mappings().values():
        documents = indexing.with_territory_containers(list(mapping.documents(mapping.public_queryset())))
        for document in documents:
            values = {"title": [document.title], "summary": [document.summary], "body": [document.body]}
            values |= {"url": [document.url], "type": [document.type]}
            values |= {name: sorted(document.keywords.get(name, [])) for name in SNAPSHOT_FIELDS[5:]}
            snapshot[document.key] = values
    return snapshot


def assert_in_step():
    assert index_snapshot() == database_snapshot()
    assert not PendingChange.objects.exists()
