"""The PostgreSQL search index: units in `search_units`, kept in step in the same transaction.

Triggers (migration 0007) note in `search_dirty` the meetings, documents,
councils, committees and work-programme entries a transaction changes.
Just before that transaction commits, `refresh_dirty` recomputes those
units (units.py, limited to the scope) and replaces the changed ones, so a
search on any machine sharing the database sees a commit's papers with it.

Words are tokenised and stemmed here, by analysis.py, exactly as for Whoosh,
and stored as ready-made tsvectors: `words` (every word, with positions:
quoted phrases keep every word, "of" included, and are confirmed and ranked
on it), `pairs` (the distinct adjacent word pairs, "edge of" and "of care",
without positions: a phrase's rows are found by its rare pairs rather than
by rechecking every row with its common words, as for Whoosh) and `stems`
(Porter stems with positions, for unquoted words). PostgreSQL's own parser
and `english` configuration would split, stem and drop stop words
differently from the Whoosh backend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    Table,
    Text,
    event,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR

from indexer.search.analysis import pairs, stem, words
from indexer.search.units import Scope, Unit

metadata = MetaData()
# Created by migration 0007 on PostgreSQL only; not part of the models.
search_units = Table(
    "search_units",
    metadata,
    Column("id", Text, primary_key=True),
    Column("type", Text),
    Column("council", Text),
    Column("council_id", Integer),
    Column("committee", Text),
    Column("meeting_id", Integer),
    Column("meeting_date", DateTime),
    Column("year", Integer),
    Column("meeting_status", Text),
    Column("item_number", Text),
    Column("title", Text),
    Column("document_id", Integer),
    Column("document_title", Text),
    Column("document_kind", Text),
    Column("document_url", Text),
    Column("page", Integer),
    Column("url", Text),
    Column("document_file", Text),  # added by migration 0008
    Column("read_from_scan", Boolean),
    Column("text", Text),
    Column("fingerprint", Text),
    Column("text_fingerprint", Text),
    Column("words", TSVECTOR),
    Column("stems", TSVECTOR),
    Column("pairs", TSVECTOR),
    Column("committee_words", TSVECTOR),
)

Progress = Callable[[str], None]
# Set (for the transaction) by the triggers: a commit without it has nothing to refresh.
DIRTY_SETTING = "papers.search_dirty"
# A tsvector lexeme is at most 2,047 bytes; longer "words" are not searchable anyway.
MAX_LEXEME_BYTES = 2046
BATCH = 1000
GIN_COLUMNS = ("words", "stems", "pairs", "committee_words")  # indexes made by migration 0007


def quote_lexeme(lexeme: str) -> str:
    """A word as a tsvector / tsquery lexeme, taken literally."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _fits(word: str) -> bool:
    return len(word.encode()) <= MAX_LEXEME_BYTES


def vector(lexemes: list[str]) -> str:
    """A tsvector literal with each lexeme's positions (1-based; PostgreSQL caps them
    at 16,383): positions order a phrase's words and let ts_rank count repeats."""
    positions: dict[str, list[str]] = {}
    for pos, lexeme in enumerate(lexemes, 1):
        positions.setdefault(lexeme, []).append(str(pos))
    return " ".join(
        f"{quote_lexeme(x)}:{','.join(found[:256])}" for x, found in positions.items() if _fits(x)
    )


def distinct_lexemes(found: Iterable[str]) -> str:
    """A tsvector literal of the distinct lexemes, without positions."""
    return " ".join(quote_lexeme(x) for x in dict.fromkeys(found) if _fits(x))


def _document_id(unit: Unit) -> int | None:
    """The document whose rows make this unit (pages and titles), from its id."""
    kind, _, rest = unit.id.partition(":")
    return int(rest.split(":")[0]) if kind in ("page", "document") else None


def _row(unit: Unit, council_ids: dict[str, int]) -> dict[str, Any]:
    searchable = unit.searchable
    found = words(searchable)
    return {
        "id": unit.id,
        "type": unit.type,
        "council": unit.council.lower(),
        "council_id": council_ids.get(unit.council),
        "committee": unit.committee,
        "meeting_id": unit.meeting_id,
        "meeting_date": unit.meeting_date,
        "year": unit.meeting_date.year if unit.meeting_date else None,
        "meeting_status": unit.meeting_status,
        "item_number": unit.item_number,
        "title": unit.title,
        "document_id": _document_id(unit),
        "document_title": unit.document_title,
        "document_kind": unit.document_kind,
        "document_url": unit.document_url,
        "page": unit.page,
        "url": unit.url,
        "document_file": unit.document_file,
        "read_from_scan": unit.read_from_scan,
        "text": searchable,
        "fingerprint": unit.fingerprint,
        "text_fingerprint": unit.text_fingerprint,
        "words": vector(found),
        "stems": vector([stem(w) for w in found]),
        # No positions: a phrase is confirmed, and ranked, on `words`.
        "pairs": distinct_lexemes(pairs(found)),
        "committee_words": distinct_lexemes(words(unit.committee or "")),
    }


_INSERT = text(
    f"INSERT INTO search_units ({', '.join(search_units.c.keys())}) VALUES ("
    + ", ".join(
        f"CAST(:{c.name} AS tsvector)" if isinstance(c.type, TSVECTOR) else f":{c.name}"
        for c in search_units.c
    )
    + ")"
)


def _council_ids(connection: Connection) -> dict[str, int]:
    return {slug: cid for cid, slug in connection.execute(text("SELECT id, slug FROM councils"))}


def _insert(connection: Connection, units: Iterable[Unit], progress: Progress | None) -> int:
    council_ids = _council_ids(connection)
    written = 0
    iterator = iter(units)
    while batch := [_row(u, council_ids) for u in islice(iterator, BATCH)]:
        connection.execute(_INSERT, batch)
        written += len(batch)
        if progress is not None and written % 10_000 == 0:
            progress(f"Indexed {written} search units")
    return written


def rebuild(connection: Connection, progress: Progress | None = None) -> int:
    """Refill search_units from every unit, in the caller's transaction."""
    from indexer.search.units import iter_units

    connection.execute(text("DELETE FROM search_dirty"))
    connection.execute(text("TRUNCATE search_units"))
    # Filled first and indexed after: building a GIN index in one pass is
    # quicker than growing it row by row (all in this transaction: a failed
    # rebuild leaves the old table and its indexes).
    for column in GIN_COLUMNS:
        connection.execute(text(f"DROP INDEX ix_search_units_{column}"))
    written = _insert(connection, iter_units(connection), progress)
    connection.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    for column in GIN_COLUMNS:
        connection.execute(
            text(f"CREATE INDEX ix_search_units_{column} ON search_units USING gin ({column})")
        )
    return written


def drain(connection: Connection, everyone: bool = False) -> Scope | None:
    """The scope this transaction (or, with `everyone`, any) left dirty, now cleared."""
    where = "" if everyone else " WHERE txid = txid_current()"
    rows = connection.execute(text(f"DELETE FROM search_dirty{where} RETURNING kind, id")).all()
    if not rows:
        return None
    found: dict[str, set[int]] = {}
    for kind, id_ in rows:
        found.setdefault(kind, set()).add(id_)
    return Scope(
        councils=frozenset(found.get("council", ())),
        meetings=frozenset(found.get("meeting", ())),
        item_meetings=frozenset(found.get("items", ())),
        documents=frozenset(found.get("document", ())),
        entries=frozenset(found.get("entry", ())),
        committees=frozenset(found.get("committee", ())),
    )


def _ids_in(connection: Connection, scope: Scope, entry_ids: Iterable[str]) -> dict[str, str]:
    """Unit id -> fingerprint of the indexed units the scope covers."""
    rows = connection.execute(
        text(
            "SELECT id, fingerprint FROM search_units WHERE council_id = ANY(:councils)"
            " OR meeting_id = ANY(:meetings) OR document_id = ANY(:documents)"
            " OR id = ANY(:entries)"
            " OR (meeting_id = ANY(:item_meetings) AND type IN ('item', 'resolution'))"
        ),
        {
            "item_meetings": list(scope.item_meetings),
            "councils": list(scope.councils),
            "meetings": list(scope.meetings),
            "documents": list(scope.documents),
            "entries": list(entry_ids),
        },
    )
    return {unit_id: fingerprint for unit_id, fingerprint in rows}


def refresh(connection: Connection, scope: Scope) -> tuple[int, int, int, int]:
    """Replace the scope's changed units: (added, updated, deleted, unchanged)."""
    from indexer.search.units import iter_units

    fresh = {unit.id: unit for unit in iter_units(connection, scope)}
    entries = {f"work-programme:{e}" for e in scope.entries}
    entries.update(i for i in fresh if i.startswith("work-programme:"))
    indexed = _ids_in(connection, scope, entries)
    # A unit the scope's rows make may be indexed under another scope's columns.
    elsewhere = connection.execute(
        text("SELECT id, fingerprint FROM search_units WHERE id = ANY(:ids)"),
        {"ids": [i for i in fresh if i not in indexed]},
    )
    indexed.update({unit_id: fingerprint for unit_id, fingerprint in elsewhere})
    changed = [u for i, u in fresh.items() if indexed.get(i) != u.fingerprint]
    gone = indexed.keys() - fresh.keys()
    stale = [u.id for u in changed if u.id in indexed]
    connection.execute(
        text("DELETE FROM search_units WHERE id = ANY(:ids)"), {"ids": [*gone, *stale]}
    )
    _insert(connection, changed, None)
    updated = len(stale)
    return len(changed) - updated, updated, len(gone), len(fresh) - len(changed)


def refresh_dirty(connection: Connection, *, everyone: bool = False) -> tuple[int, int, int, int]:
    """Refresh what this transaction (or any, with `everyone`) changed."""
    scope = drain(connection, everyone)
    return (0, 0, 0, 0) if scope is None else refresh(connection, scope)


def dirty_scopes(connection: Connection) -> int:
    """Changes committed without their units being refreshed (0: the index is current)."""
    return int(connection.execute(text("SELECT count(*) FROM search_dirty")).scalar() or 0)


def keep_in_step(engine: Engine) -> None:
    """Refresh the changed units inside every transaction, just before it commits."""

    @event.listens_for(engine, "commit")
    def _before_commit(connection: Connection) -> None:
        marked = connection.exec_driver_sql(
            f"SELECT current_setting('{DIRTY_SETTING}', true)"
        ).scalar()
        if marked == "1":
            refresh_dirty(connection)
