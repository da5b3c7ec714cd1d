"""The one code path that keeps the index in step with the database.

- A signal records every change of searchable content in the outbox (`PendingChange`), in the
  transaction of the change; once committed, `apply_pending` re-reads those objects from the
  database and replaces, adds or removes their documents. Whatever the change (publication,
  edit, unpublication, deletion), the index ends up with exactly the public objects.
- `rebuild` reads every public object into a fresh folder and swaps it in once complete: searches
  see the old index until then, and a missing or damaged index is rebuilt the same way.
- A missing or damaged index never fails a save: the change stays in the outbox and the rebuild
  covers it.
- `catch_up` applies what a crashed or busy process left in the outbox; searches call it at most
  once a second per process, so a restart catches up on its first search.
"""

import logging
import threading
from collections.abc import Callable, Iterable

import tantivy
from django.db import connection, transaction

from passerelles.core.kept import Kept
from passerelles.territories.models import Territory

from ..engine import IndexBusy, IndexDocument, SearchUnavailable, get_engine
from ..models import PendingChange
from ..registry import concept_finder, get_mapping, keyword_labels, mappings

logger = logging.getLogger(__name__)

BATCH = 500
CATCH_UP_EVERY = 1.0  # seconds


def record(type_name: str, object_ids: Iterable[object]) -> None:
    """Write the outbox rows for these objects and apply them once the transaction commits."""
    ids = {str(pk) for pk in object_ids if pk is not None}
    if not ids:
        return
    PendingChange.objects.bulk_create(PendingChange(type=type_name, object_id=pk) for pk in sorted(ids))
    transaction.on_commit(apply_pending_quietly)


def apply_pending_quietly() -> None:
    """After a commit: a busy or broken index must not fail the user's save, the outbox keeps it."""
    try:
        apply_pending()
    except IndexBusy:
        logger.info("Search index busy: changes left in the outbox.")
    except SearchUnavailable as error:
        # Said once per process and outage: loading data before the first build saves many rows.
        level = logging.DEBUG if _outage_said.is_set() else logging.ERROR
        logger.log(level, "Search index unavailable, changes left in the outbox (run rebuild_search_index): %s", error)
        _outage_said.set()
    except Exception:
        logger.exception("Search index update failed: changes left in the outbox.")
    else:
        _outage_said.clear()


_outage_said = threading.Event()


def apply_pending(batch: int = BATCH) -> int:
    """Apply the outbox in batches; returns the number of objects re-indexed or removed."""
    engine = get_engine()
    done = 0
    while True:
        rows = list(PendingChange.objects.order_by("pk").values_list("pk", "type", "object_id")[:batch])
        if not rows:
            return done
        by_type: dict[str, set[str]] = {}
        for _pk, type_name, object_id in rows:
            by_type.setdefault(type_name, set()).add(object_id)
        documents: list[IndexDocument] = []
        keys: list[str] = []
        for type_name, object_ids in by_type.items():
            try:
                mapping = get_mapping(type_name)
            except KeyError:
                continue  # a type no longer searchable: nothing to index
            keys += [mapping.key(pk) for pk in object_ids]
            documents += list(mapping.documents(mapping.public_queryset().filter(pk__in=object_ids)))
        documents = with_territory_containers(documents)

        engine.write(lambda writer, keys=keys, documents=documents: _replace(writer, keys, documents))
        # Only the rows read: a change committed meanwhile has a later row and is applied next.
        PendingChange.objects.filter(pk__in=[row[0] for row in rows]).delete()
        done += len(keys)


def _replace(writer: tantivy.IndexWriter, keys: list[str], documents: list[IndexDocument]) -> None:
    for key in keys:
        writer.delete_documents_by_term("key", key)
    for document in documents:
        writer.add_document(document.to_tantivy())


def _apply_if_pending() -> None:
    if PendingChange.objects.exists():
        apply_pending_quietly()


_catch_up = Kept(_apply_if_pending, CATCH_UP_EVERY)


def catch_up() -> None:
    """Apply what is left in the outbox, at most once a second per process (cheap when empty)."""
    _catch_up.get()


def forget_catch_up() -> None:
    _catch_up.forget()


def rebuild(progress: Callable[[int], object] | None = None, heap_size: int = 300_000_000, num_threads: int = 2) -> int:
    """Rewrite the whole index from the database; `progress(count)` is told as documents go."""
    with get_engine().replacing(heap_size=heap_size, num_threads=num_threads) as writer:
        # Read under the write lock: a change recorded after this row waits for the new index.
        last_pending = PendingChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        total = 0
        for mapping in mappings().values():
            batch: list[IndexDocument] = []
            for document in mapping.documents(mapping.public_queryset().order_by("pk")):
                batch.append(document)
                if len(batch) == 2000:
                    total += _add(writer, batch, progress)
                    batch = []
            total += _add(writer, batch, progress)
    # The rebuild read the database after these rows were written: they are applied.
    PendingChange.objects.filter(pk__lte=last_pending).delete()
    apply_pending_quietly()  # what changed while it ran
    return total


def rebuild_after_commit() -> None:
    """Rebuild the index through the task queue once the current transaction commits (once per
    transaction, however many changes asked for it)."""
    if not any(entry[1] is _enqueue_rebuild for entry in connection.run_on_commit):
        transaction.on_commit(_enqueue_rebuild)


def _enqueue_rebuild() -> None:
    from ..tasks import rebuild_index

    rebuild_index.enqueue()


def _add(writer: tantivy.IndexWriter, documents: list[IndexDocument], progress: Callable[[int], object] | None) -> int:
    for document in with_territory_containers(documents):
        writer.add_document(document.to_tantivy())
    if progress:
        progress(len(documents))
    return len(documents)


def count_public() -> int:
    return sum(mapping.public_queryset().count() for mapping in mappings().values())


def with_territory_containers(documents: list[IndexDocument]) -> list[IndexDocument]:
    """Complete each document's territories with every territory that contains them, and its
    searchable context: the names of those territories and the labels of its keywords.

    Documents arrive with the keys of the territories they are tied to; the index also holds
    the keys of their containers (EPCI, département, région) so that a filter on a région finds
    a sheet tied only to a commune, plus the région and département facets. Their names (the
    département's number too) become the `places` text, so that « Toulouse » or « Finistère »
    finds what is tied to them without its text saying so."""
    labels, find_concepts = keyword_labels(), concept_finder()
    for document in documents:
        document.context = "\n".join(labels(document.keywords))
        document.mentions = find_concepts(f"{document.title}\n{document.summary}\n{document.body}")
    keys = {key for document in documents for key in document.territories}
    if not keys:
        return documents
    lineage = territory_lineage(keys)
    names = _territory_names({key for keys in lineage.values() for key in keys})
    for document in documents:
        tied = document.territories
        expanded = dict.fromkeys(key for own in tied for key in lineage.get(own, [own]))
        document.territories = list(expanded)
        regions = [key.split(":", 1)[1] for key in expanded if key.startswith("region:")]
        departements = [key.split(":", 1)[1] for key in expanded if key.startswith("departement:")]
        document.keywords.setdefault("region", regions)
        document.keywords.setdefault("departement", departements)
        # A perimeter of many communes is named by its larger territories only.
        named = expanded if len(tied) <= MAX_NAMED_TERRITORIES else (k for k in expanded if k.split(":")[0] in LARGER)
        document.places = "\n".join(names[key] for key in named if key in names)
    return documents


MAX_NAMED_TERRITORIES = 30
LARGER = ("epci", "departement", "region")


def _territory_names(keys: Iterable[str]) -> dict[str, str]:
    """{key: name} in one query per kind; a département's name carries its number."""
    wanted: dict[str, set[str]] = {}
    for key in keys:
        kind, _, code = key.partition(":")
        wanted.setdefault(kind, set()).add(code)
    names = {}
    for kind, codes in wanted.items():
        for code, name in Territory.objects.filter(kind=kind, code__in=codes).values_list("code", "name"):
            names[f"{kind}:{code}"] = f"{name} {code}" if kind == "departement" else name
    return names


def territory_lineage(keys: Iterable[str]) -> dict[str, list[str]]:
    """{key: [key, keys of all containers]} in two queries, whatever the number of keys."""
    wanted: dict[str, set[str]] = {}
    for key in keys:
        kind, _, code = key.partition(":")
        wanted.setdefault(kind, set()).add(code)
    territories: dict[int, str] = {}
    for kind, codes in wanted.items():
        for pk, code in Territory.objects.filter(kind=kind, code__in=codes).values_list("pk", "code"):
            territories[pk] = f"{kind}:{code}"
    link = Territory.ancestors.through
    lineage = {key: [key] for key in territories.values()}
    rows = link.objects.filter(from_territory__in=list(territories)).values_list(
        "from_territory_id", "to_territory__kind", "to_territory__code"
    )
    for from_id, kind, code in rows.iterator(chunk_size=5000):
        lineage[territories[from_id]].append(f"{kind}:{code}")
    return lineage
