"""Keeping the index in step with the database, incrementally."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index
from whoosh.index import FileIndex, LockError
from whoosh.writing import CLEAR, SegmentWriter

from indexer.home import Home
from indexer.search import changes
from indexer.search.codec import PapersCodec
from indexer.search.schema import create_index, index_exists, is_stale

if TYPE_CHECKING:
    from sqlalchemy import Engine

Progress = Callable[[str], None]
# A second writer polls for the lock this often, and says so once.
LOCK_POLL_SECONDS = 0.5
# Memory per writer process for buffering postings before a segment is written.
WRITER_LIMIT_MB = 128
# A build this small is done sooner by one writer than by starting two
# processes and merging their segments (an imported pack: about a hundred).
PARALLEL_BUILD_UNITS = 5000


@dataclass
class IndexCounts:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    rebuilt: bool = False
    read: int = 0  # units read from the database (none when nothing changed)

    @property
    def changed(self) -> int:
        return self.added + self.updated + self.deleted

    def summary(self) -> str:
        action = "Rebuilt the search index" if self.rebuilt else "Search index updated"
        return (
            f"{action}: {self.added} added, {self.updated} changed, "
            f"{self.deleted} removed, {self.unchanged} unchanged"
        )


def _say(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message)


def _open_for_writing(directory: Path, progress: Progress | None) -> tuple[FileIndex, bool]:
    """The index to write to, and whether it was just created empty."""
    if not index_exists(directory):
        return create_index(directory), True
    if is_stale(directory):
        _say(progress, "The search index was made by another version of papers: rebuilding it")
        return create_index(directory), True
    return index.open_dir(str(directory)), False


def _writer(ix: FileIndex, parallel: bool, progress: Progress | None) -> SegmentWriter:
    """A writer, waiting (and saying so) while another command holds the lock."""
    procs = min(2, os.cpu_count() or 1) if parallel else 1
    options: dict[str, object] = {"limitmb": WRITER_LIMIT_MB, "codec": PapersCodec()}
    if procs > 1:
        options.update(procs=procs, multisegment=True)
    waited = False
    while True:
        try:
            return ix.writer(**options)
        except LockError:
            if not waited:
                _say(progress, "Another papers command is updating the search index; waiting")
                waited = True
            time.sleep(LOCK_POLL_SECONDS)


def _indexed_fingerprints(ix: FileIndex) -> dict[str, str]:
    with ix.reader() as reader:
        if reader.doc_count_all() == 0:
            return {}
        ids = reader.column_reader("id")
        fingerprints = reader.column_reader("fingerprint")
        return {
            ids[n]: fingerprints[n]
            for n in range(reader.doc_count_all())
            if not reader.is_deleted(n)
        }


def update_index(
    engine: Engine, home: Home, *, rebuild: bool = False, progress: Progress | None = None
) -> IndexCounts:
    """Bring the search index in line with the database.

    Only units that are new, changed (by content fingerprint) or deleted are
    written; when the database's change counter says nothing changed since
    the last update, no unit is read at all. `rebuild` re-indexes everything
    (searches see the old index until the new one is committed); an index
    made with another schema version is recreated automatically, with a
    message.
    """
    ix, created = _open_for_writing(home.index_dir, progress)
    fresh = rebuild or created or ix.doc_count_all() == 0
    counts = IndexCounts(rebuilt=rebuild or created)
    # Read before the units, so a change made while they are read is seen next time.
    state = changes.database_state(engine)
    if not fresh and state is not None and state == changes.indexed_state(home.index_dir):
        counts.unchanged = ix.doc_count()
        return counts
    changes.forget_state(home.index_dir)
    from indexer.search.units import count_units, iter_units  # the models, when needed

    parallel = fresh and count_units(engine) >= PARALLEL_BUILD_UNITS
    writer = _writer(ix, parallel, progress)
    try:
        indexed = {} if fresh else _indexed_fingerprints(ix)
        seen: set[str] = set()
        for unit in iter_units(engine):
            seen.add(unit.id)
            previous = indexed.get(unit.id)
            if previous == unit.fingerprint:
                counts.unchanged += 1
                continue
            if previous is None:
                writer.add_document(**unit.fields())
                counts.added += 1
            else:
                writer.update_document(**unit.fields())
                counts.updated += 1
            if counts.changed % 10_000 == 0:
                _say(progress, f"Indexed {counts.changed} search units")
        for unit_id in indexed.keys() - seen:
            writer.delete_by_term("id", unit_id)
            counts.deleted += 1
        counts.read = len(seen)
    except BaseException:
        writer.cancel()
        raise
    if fresh:
        # A rebuild replaces every old segment in one commit: searches see
        # the old index until then and the new one after, never a mixture.
        writer.commit(mergetype=CLEAR)
    elif counts.changed:
        writer.commit()
    else:
        writer.cancel()
    changes.record_state(home.index_dir, state)
    return counts
