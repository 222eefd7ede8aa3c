"""The index schema, its version, and opening the index safely."""

from __future__ import annotations

import json
import threading
import uuid
from pathlib import Path

from whoosh import index
from whoosh.fields import DATETIME, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.index import FileIndex
from whoosh.searching import Searcher

from indexer.errors import PapersError
from indexer.search.analysis import PairsField, WordsField, word_analyzer

# Bump when the schema or the analysis changes: older indexes are rebuilt.
SCHEMA_VERSION = 6
VERSION_FILE = "papers-index.json"
UNIT_TYPES = ("item", "resolution", "page", "document", "work-programme")


class SearchIndexError(PapersError):
    """The search index is missing, out of date, or the query cannot be run."""


class IndexMissingError(SearchIndexError):
    pass


class IndexStaleError(SearchIndexError):
    pass


def make_schema() -> Schema:
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        fingerprint=ID(stored=True, sortable=True),
        text_fingerprint=STORED,
        type=ID(stored=True),
        council=ID(stored=True, sortable=True),
        committee=TEXT(analyzer=word_analyzer(), stored=True),
        committee_name=ID(sortable=True),
        meeting_id=NUMERIC(stored=True),
        meeting_date=DATETIME(stored=True, sortable=True),
        year=ID(sortable=True),
        # "thurrock:2019": a council and date filter intersects one short list.
        council_year=ID,
        meeting_status=STORED,
        item_number=STORED,
        title=STORED,
        document_title=STORED,
        document_kind=ID(stored=True),
        document_url=STORED,
        page=STORED,
        url=STORED,
        document_file=STORED,
        read_from_scan=STORED,
        # The searchable text, two ways: words (stored for snippets; unquoted
        # words match every indexed word with the same stem, found in the
        # lexicon at query time) and word pairs for quoted phrases.
        text=WordsField(stored=True),
        pairs=PairsField(),
    )


SCHEMA = make_schema()


def _index_stamp(directory: Path) -> dict[str, object]:
    try:
        stamp = json.loads((directory / VERSION_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def index_version(directory: Path) -> object:
    return _index_stamp(directory).get("schema_version")


def index_exists(directory: Path) -> bool:
    return directory.is_dir() and index.exists_in(str(directory))


def is_stale(directory: Path) -> bool:
    return index_version(directory) != SCHEMA_VERSION


def create_index(directory: Path) -> FileIndex:
    """A new, empty index (replacing any index in `directory`)."""
    directory.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(directory), SCHEMA)
    # Each build gets its own id, so a searcher notices a rebuilt index.
    stamp = {"schema_version": SCHEMA_VERSION, "build": uuid.uuid4().hex}
    (directory / VERSION_FILE).write_text(json.dumps(stamp))
    return ix


def open_for_reading(directory: Path) -> FileIndex:
    """The index for searching; a clear error if it is missing or out of date."""
    if not index_exists(directory):
        raise IndexMissingError(
            "There is no search index yet", hint="run `papers index` to build it"
        )
    if is_stale(directory):
        raise IndexStaleError(
            "The search index was built by another version of papers",
            hint="run `papers index` to rebuild it",
        )
    return index.open_dir(str(directory))


# Per thread: a Whoosh searcher reads its files with seek + read.
_searchers: dict[tuple[Path, int], tuple[object, FileIndex, int, Searcher]] = {}


def searcher(directory: Path) -> Searcher:
    """A searcher on the latest committed index, reused while it is current.

    Opening a 100k index costs milliseconds per query; a process that searches
    repeatedly (a watch run) reuses one searcher until a writer commits.
    Readers never block writers: committed segments are never changed.
    """
    build = _index_stamp(directory).get("build")
    key = (directory, threading.get_ident())
    cached = _searchers.get(key)
    if cached is not None and build is not None and cached[0] == build:
        _, ix, generation, current = cached
        if ix.latest_generation() == generation:
            return current
    else:
        ix = open_for_reading(directory)
    current = ix.searcher()
    _searchers[key] = (build, ix, current.reader().generation(), current)
    return current
