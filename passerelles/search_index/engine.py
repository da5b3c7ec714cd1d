"""The network search index: one tantivy index on disk and its schema (its French analysis: `analysis`).

The index is derived data (ADR 0005): everything in it can be rebuilt from the database by
`rebuild_search_index`. This module knows nothing of Django models; `registry` turns content
into `IndexDocument`s and `services` read and write through `Engine`.
"""

import fcntl
import itertools
import os
import shutil
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import tantivy
from django.conf import settings

from .analysis import ACCENTED, ACCENTED_ANALYZER, FRENCH, FRENCH_ANALYZER, WORDS, WORDS_ANALYZER

# Bump when the schema or the analysis changes: a new version lives in a new folder and is
# built by `rebuild_search_index` (setup_site does it when the folder is missing).
SCHEMA_VERSION = 5  # 2: `published` (alerts' digests); 3: context, places, exact, spelling; 4: mentions;
# 5: « près » a stop word

# Analysed text fields and their weight: a match in the title counts more than in the summary,
# which counts more than in the body; the labels of the document's themes, schemes and publics
# (`context`: what its editors say it is about) weigh less than the title, more than the rest.
TEXT_FIELDS = {"title": 4.0, "summary": 2.0, "body": 1.0, "context": 3.0}
# The names of the document's territories and of those containing them (commune, EPCI,
# département with its number, région), as folded words without stemming: « réunions » is not
# « La Réunion ». Only place names of the query look there (search.services.ranking).
PLACES_FIELD = "places"
PLACES_WEIGHT = 1.5
# Every word of the document, folded, not stemmed: the vocabulary of spelling corrections, and
# where one-word synonyms are matched (a stem would join « résidents » and « résidence »).
EXACT_FIELD = "exact"
# Title, summary and labels in lower case with their accents: how a corrected word is shown.
SPELLING_FIELD = "spelling"
# The thesaurus concepts the text names by any of their labels, once per mention: an expansion is
# then one term to look up, not phrases of the field's frequent words to check (ADR 0014).
MENTIONS_FIELD = "mentions"
# Keyword fields: filters, and facets with counts.
FACET_FIELDS = ("type", "theme", "scheme", "public", "centre", "region", "departement", "year")
# The territories a document is tied to and every territory that contains them (filter only).
TERRITORY_FIELD = "territory"
PUBLISHED_FIELD = "published"


def build_schema():
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("flags", stored=True, tokenizer_name="raw", index_option="basic")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=True, tokenizer_name=FRENCH, index_option="position")
    builder.add_text_field("title_words", tokenizer_name=WORDS, index_option="position")
    builder.add_text_field(PLACES_FIELD, tokenizer_name=WORDS, index_option="position")
    builder.add_text_field(EXACT_FIELD, tokenizer_name=WORDS, index_option="position")
    builder.add_text_field(SPELLING_FIELD, tokenizer_name=ACCENTED, index_option="basic")
    builder.add_text_field(MENTIONS_FIELD, tokenizer_name="raw", index_option="freq")
    for name in FACET_FIELDS:
        builder.add_text_field(name, stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(TERRITORY_FIELD, tokenizer_name="raw", index_option="basic")
    # Days since 1970 of the document's date, and (date, stable id) in one number: ties broken
    # by recency, then in the same order on every database.
    builder.add_integer_field("day", stored=True, fast=True)
    builder.add_unsigned_field("recency", fast=True)
    # When the document entered the network (seconds since 1970, UTC): what a digest of alerts
    # reads, a range over the fast field ("published since the last digest").
    builder.add_integer_field(PUBLISHED_FIELD, stored=True, fast=True, indexed=True)
    return builder.build()


EPOCH = date(1970, 1, 1)


def day_number(day):
    """A date as the index stores it: days since 1970."""
    return (day - EPOCH).days


def day_date(number):
    return EPOCH + timedelta(days=number)


def timestamp(moment):
    """A moment as the `published` field stores it: whole seconds since 1970 (UTC)."""
    return int(moment.timestamp()) if moment else 0


@dataclass
class IndexDocument:
    """What one piece of content puts in the index."""

    key: str  # "<type>:<primary key>", unique in the index
    type: str
    url: str
    title: str
    summary: str = ""
    body: str = ""
    context: str = ""  # labels of its themes, schemes, publics (filled by indexing)
    places: str = ""  # names of its territories and their containers (filled by indexing)
    mentions: list = field(default_factory=list)  # notations of the concepts its text names (indexing)
    day: int = 0
    stable: int = 0  # a number the same on every database (e.g. a hash of the slug)
    keywords: dict = field(default_factory=dict)  # facet field -> list of values
    territories: list = field(default_factory=list)  # territory keys, containers included
    demo: bool = False  # demo content is labelled as such in the results
    published: int = 0  # when it entered the network, in seconds since 1970 (0: the start of `day`)

    def to_tantivy(self):
        doc = tantivy.Document()
        doc.add_text("key", self.key)
        doc.add_text("url", self.url)
        doc.add_text("type", self.type)
        if self.demo:
            doc.add_text("flags", "demo")
        doc.add_text("title", self.title)
        doc.add_text("summary", self.summary)
        doc.add_text("body", self.body)
        doc.add_text("context", self.context)
        doc.add_text("title_words", self.title)
        doc.add_text(PLACES_FIELD, self.places)
        doc.add_text(EXACT_FIELD, "\n".join((self.title, self.summary, self.body, self.context)))
        doc.add_text(SPELLING_FIELD, "\n".join((self.title, self.summary, self.context)))
        for notation in self.mentions:
            doc.add_text(MENTIONS_FIELD, notation)
        for name, values in self.keywords.items():
            for value in values:
                doc.add_text(name, str(value))
        for key in self.territories:
            doc.add_text(TERRITORY_FIELD, key)
        doc.add_integer("day", self.day)
        doc.add_unsigned("recency", (max(self.day, 0) << 32) | (self.stable & 0xFFFFFFFF))
        doc.add_integer(PUBLISHED_FIELD, self.published or self.day * 86400)
        return doc


class IndexBusy(Exception):
    """Another process holds the index writer: the change stays in the outbox for later."""


class SearchUnavailable(Exception):
    """The index is missing or cannot be read: searches say so (never « Aucun résultat ») and
    changes stay in the outbox until `rebuild_search_index` builds a new one."""


# tantivy reports a damaged index (meta.json unreadable, a segment file gone) as ValueError, and
# the file system its own troubles as OSError.
READ_ERRORS = (ValueError, OSError)


class Engine:
    """One open index per process; searches are thread-safe, writes are serialised.

    `path` is the index as served: a link to the folder of the last complete build. A rebuild
    writes a fresh folder next to it and swaps the link in one rename (`replacing`), so searches
    use the old index until the new one is whole. Each search checks which folder the link
    designates and its meta.json, and reopens or reloads when either changed: every process
    follows a rebuild, or another process's commit, at once."""

    def __init__(self, path):
        self.path = Path(path)
        self.schema = build_schema()
        self._index = None
        self._folder = None  # (path, device, inode) of the folder the open index reads
        self._lock = threading.RLock()
        self._seen_commit = None  # meta.json as it was when this process last reloaded

    @property
    def index(self):
        """The open index of the folder served now; `SearchUnavailable` if there is none."""
        with self._lock:
            try:
                folder = os.stat(self.path)
                (self.path / "meta.json").stat()
            except OSError as error:  # no folder, a link to nothing, no meta.json
                self._index = None
                raise SearchUnavailable(f"No search index in {self.path}.") from error
            # The folder's name too: a new folder may get the inode number of one deleted earlier.
            real = os.path.realpath(self.path)
            identity = (real, folder.st_dev, folder.st_ino)
            if self._index is None or identity != self._folder:
                self._index = None
                try:
                    self._index = self._open(real)
                except READ_ERRORS as error:
                    raise SearchUnavailable(f"The search index in {self.path} cannot be read: {error}") from error
                self._folder, self._seen_commit = identity, None
            return self._index

    def _open(self, folder):
        index = tantivy.Index(self.schema, path=str(folder), reuse=True)
        index.register_tokenizer(FRENCH, FRENCH_ANALYZER)
        index.register_tokenizer(WORDS, WORDS_ANALYZER)
        index.register_tokenizer(ACCENTED, ACCENTED_ANALYZER)
        index.config_reader("OnCommit")
        return index

    def exists(self):
        """True if the served index can be opened and read."""
        try:
            self.searcher()
        except SearchUnavailable:
            return False
        return True

    def searcher(self):
        """A searcher on the latest commit, whichever process made it: tantivy's own watcher reloads
        other processes' readers only after a moment, so a search right after a publication made in
        another worker would miss it. A stat of meta.json per search settles it."""
        for attempt in (1, 2):  # twice: a rebuild may swap folders between the check and the reload
            index = self.index
            try:
                meta = (self.path / "meta.json").stat()  # rewritten by renaming a new file on each commit
                committed = (meta.st_mtime_ns, meta.st_ino, meta.st_size)
                if committed != self._seen_commit:
                    index.reload()
                    self._seen_commit = committed
                return index.searcher()
            except READ_ERRORS as error:
                self._index = None
                if attempt == 2:
                    raise SearchUnavailable(f"The search index in {self.path} cannot be read: {error}") from error

    def commit(self):
        """What identifies the commit the last searcher reads: the folder and its meta.json."""
        return (self._folder, self._seen_commit)

    @contextmanager
    def reading(self):
        """A searcher; an index found damaged while reading (a segment file gone) is unavailable."""
        searcher = self.searcher()
        try:
            yield searcher
        except READ_ERRORS as error:
            self._index = None
            raise SearchUnavailable(f"The search index in {self.path} cannot be read: {error}") from error

    def write(self, apply, *, heap_size=50_000_000, num_threads=1, attempts=6):
        """Run `apply(writer)` and commit; `IndexBusy` if the writer stays locked elsewhere,
        `SearchUnavailable` if there is no readable index to write to (never a new empty one)."""
        with self._lock, self._write_lock(attempts):
            index = self.index  # under the lock: the folder served now, not one a rebuild replaced
            for attempt in range(attempts):
                try:
                    writer = index.writer(heap_size=heap_size, num_threads=num_threads)
                    break
                except ValueError as error:
                    if "Lock" not in str(error):
                        self._index = None
                        raise SearchUnavailable(
                            f"The search index in {self.path} cannot be written: {error}"
                        ) from error
                    if attempt == attempts - 1:
                        raise IndexBusy(str(error)) from error
                    time.sleep(0.05)
            try:
                result = apply(writer)
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()  # releases the lock for other processes
            index.reload()
        return result

    @contextmanager
    def replacing(self, *, heap_size, num_threads):
        """A writer on a fresh folder next to the served one. When the block ends, its commit is
        served in one rename of the link and the old folder is removed; searches use the old index
        until then, whatever state it is in (a damaged or missing index is rebuilt the same way)."""
        with self._lock, self._write_lock(attempts=None):
            fresh = self.path.with_name(f"{self.path.name}-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}")
            fresh.mkdir()
            try:
                writer = self._open(fresh).writer(heap_size=heap_size, num_threads=num_threads)
                try:
                    yield writer
                    writer.commit()
                except BaseException:
                    writer.rollback()
                    raise
                finally:
                    writer.wait_merging_threads()
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise
            self._serve(fresh)
            self._index = None

    def _serve(self, fresh):
        """Point the link at `fresh` in one rename, then remove the folders no longer served."""
        link = self.path
        staged = link.with_name(f".{link.name}-{uuid.uuid4().hex[:8]}.link")
        staged.symlink_to(fresh.name)  # relative: the parent folder can move
        if link.exists() and not link.is_symlink():
            # A plain folder (an index built before rebuilds swapped folders): moved aside first.
            link.rename(link.with_name(f"{link.name}-{time.strftime('%Y%m%d-%H%M%S')}-plain"))
        os.replace(staged, link)
        # Processes still reading an old folder keep their open files until their next search.
        for old in link.parent.glob(f"{link.name}-*"):
            if old != fresh and old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
        for stale in link.parent.glob(f".{link.name}-*.link"):
            stale.unlink(missing_ok=True)

    @contextmanager
    def _write_lock(self, attempts):
        """One writer at a time across processes, a rebuild included: a change applied to the old
        folder while a rebuild builds the new one would be lost at the swap, so it waits (the
        outbox keeps it). `attempts=None` waits as long as needed."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(f"{self.path.name}.lock"), "a") as handle:
            for attempt in itertools.count(1):
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | (fcntl.LOCK_NB if attempts else 0))
                    break
                except BlockingIOError as error:
                    if attempt >= attempts:
                        raise IndexBusy("A rebuild or another process is writing the search index.") from error
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


_engines = {}
_engines_lock = threading.Lock()


def index_path():
    return Path(settings.PASSERELLES["SEARCH_INDEX_DIR"]) / f"v{SCHEMA_VERSION}"


def get_engine():
    """The engine of the configured index folder (tests point each test to its own)."""
    path = index_path()
    engine = _engines.get(path)
    if engine is None:
        with _engines_lock:
            engine = _engines.setdefault(path, Engine(path))
    return engine


def forget_engines():
    """Close the open indexes (tests give each test an index folder of its own)."""
    with _engines_lock:
        _engines.clear()
