"""The network search index: one tantivy index on disk, its schema and its French analysis.

The index is derived data (ADR 0005): everything in it can be rebuilt from the database by
`rebuild_search_index`. This module knows nothing of Django models; `registry` turns content
into `IndexDocument`s and `services` read and write through `Engine`.
"""

import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import tantivy
from django.conf import settings

# Bump when the schema or the analysis changes: a new version lives in a new folder and is
# built by `rebuild_search_index` (setup_site does it when the folder is missing).
SCHEMA_VERSION = 1

# Analysed text fields and their weight: a match in the title counts more than in the summary,
# which counts more than in the body.
TEXT_FIELDS = {"title": 4.0, "summary": 2.0, "body": 1.0}
# Keyword fields: filters, and facets with counts.
FACET_FIELDS = ("type", "theme", "scheme", "public", "centre", "region", "departement", "year")
# The territories a document is tied to and every territory that contains them (filter only).
TERRITORY_FIELD = "territory"

FRENCH = "fr"  # folded, stop words out, Snowball stemmer: used for ranking
WORDS = "fr_words"  # folded words, no stemming: autocomplete and "did you mean"

# The forms a French stop word takes once its accents are gone ("a" for "à", "ou" for "où"),
# and the elided articles and pronouns ("l'", "qu'", "jusqu'") that the tokenizer cuts off.
FOLDED_STOP_WORDS = [
    "a", "ou", "ete", "etre", "etes", "etait", "etaient", "meme", "memes", "des", "tres", "apres",
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
]  # fmt: skip


def _analyzer(stem):
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
    )
    if stem:
        builder = builder.filter(tantivy.Filter.stopword("french"))
    builder = builder.filter(tantivy.Filter.ascii_fold())
    if stem:
        builder = builder.filter(tantivy.Filter.custom_stopword(FOLDED_STOP_WORDS))
        builder = builder.filter(tantivy.Filter.stemmer("french"))
    return builder.build()


FRENCH_ANALYZER = _analyzer(stem=True)
WORDS_ANALYZER = _analyzer(stem=False)


def build_schema():
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("flags", stored=True, tokenizer_name="raw", index_option="basic")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=True, tokenizer_name=FRENCH, index_option="position")
    builder.add_text_field("title_words", tokenizer_name=WORDS, index_option="position")
    builder.add_text_field("words", tokenizer_name=WORDS, index_option="basic")
    for name in FACET_FIELDS:
        builder.add_text_field(name, stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(TERRITORY_FIELD, tokenizer_name="raw", index_option="basic")
    # Days since 1970 of the document's date, and (date, stable id) in one number: ties broken
    # by recency, then in the same order on every database.
    builder.add_integer_field("day", stored=True, fast=True)
    builder.add_unsigned_field("recency", fast=True)
    return builder.build()


EPOCH = date(1970, 1, 1)


def day_number(day):
    """A date as the index stores it: days since 1970."""
    return (day - EPOCH).days


def day_date(number):
    return EPOCH + timedelta(days=number)


@dataclass
class IndexDocument:
    """What one piece of content puts in the index."""

    key: str  # "<type>:<primary key>", unique in the index
    type: str
    url: str
    title: str
    summary: str = ""
    body: str = ""
    day: int = 0
    stable: int = 0  # a number the same on every database (e.g. a hash of the slug)
    keywords: dict = field(default_factory=dict)  # facet field -> list of values
    territories: list = field(default_factory=list)  # territory keys, containers included
    demo: bool = False  # demo content is labelled as such in the results

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
        doc.add_text("title_words", self.title)
        doc.add_text("words", f"{self.title}\n{self.summary}")
        for name, values in self.keywords.items():
            for value in values:
                doc.add_text(name, str(value))
        for key in self.territories:
            doc.add_text(TERRITORY_FIELD, key)
        doc.add_integer("day", self.day)
        doc.add_unsigned("recency", (max(self.day, 0) << 32) | (self.stable & 0xFFFFFFFF))
        return doc


class IndexBusy(Exception):
    """Another process holds the index writer: the change stays in the outbox for later."""


class Engine:
    """One open index per process; searches are thread-safe, writes are serialised."""

    def __init__(self, path):
        self.path = Path(path)
        self.schema = build_schema()
        self._index = None
        self._lock = threading.RLock()
        self._seen_commit = None  # meta.json as it was when this process last reloaded

    @property
    def index(self):
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self.path.mkdir(parents=True, exist_ok=True)
                    index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
                    index.register_tokenizer(FRENCH, FRENCH_ANALYZER)
                    index.register_tokenizer(WORDS, WORDS_ANALYZER)
                    index.config_reader("OnCommit")
                    self._index = index
        return self._index

    def exists(self):
        return (self.path / "meta.json").exists()

    def searcher(self):
        """A searcher on the latest commit, whichever process made it: tantivy's own watcher reloads
        other processes' readers only after a moment, so a search right after a publication made in
        another worker would miss it. A stat of meta.json per search settles it."""
        index = self.index
        try:
            meta = (self.path / "meta.json").stat()  # rewritten by renaming a new file on each commit
            committed = (meta.st_mtime_ns, meta.st_ino, meta.st_size)
        except FileNotFoundError:
            committed = None
        if committed != self._seen_commit:
            index.reload()
            self._seen_commit = committed
        return index.searcher()

    def write(self, apply, *, heap_size=50_000_000, num_threads=1, attempts=6):
        """Run `apply(writer)` and commit; `IndexBusy` if the writer stays locked elsewhere."""
        with self._lock:
            for attempt in range(attempts):
                try:
                    writer = self.index.writer(heap_size=heap_size, num_threads=num_threads)
                    break
                except ValueError as error:
                    if "Lock" not in str(error):
                        raise
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
        self.index.reload()
        return result


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
