"""Whether anything the index is made from changed since the index was updated.

The database keeps one counter (`change_counter`), raised by SQLite triggers
on every insert, delete, and update that changes a column of a table the
search units are read from (SOURCE_TABLES). The index folder records
the counter it was last brought up to date with. When the two agree, an
update has nothing to do and reads no unit at all.

The triggers are made here, not in a migration, and checked on every update:
SQLite's batch migrations rebuild a table and drop its triggers, and a new
column must be watched too. Whenever a trigger is missing or out of date it
is made again and the counter raised, so changes made while it was missing
are found by a full comparison. Other databases (PostgreSQL) are not
tracked: every update compares every unit, as before.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.search.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

# Every table a unit is read from (tests/test_index_changes.py checks this
# against the models units.py reads). Plain names: an update with nothing to
# do should not pay for importing the models.
SOURCE_TABLES = (
    "councils",
    "committees",
    "meetings",
    "agenda_items",
    "resolutions",
    "documents",
    "document_parts",
    "pages",
    "work_programme_entries",
)
# The code that makes units from rows: a new version can index the same rows differently.
UNITS_SOURCE = Path(__file__).with_name("units.py")
STATE_FILE = "papers-db-state.json"
TRIGGER_PREFIX = "papers_changes_"
# Bookkeeping a crawl rewrites on every visit; no unit reads them.
NOT_INDEXED = {
    "meetings": {"last_seen"},
    "documents": {"fetched_at", "etag", "last_modified"},
}
_BUMP = "UPDATE change_counter SET version = version + 1"


def expected_triggers(connection: Connection) -> dict[str, str]:
    """Trigger name -> its CREATE statement, for the tables as they are now."""
    from sqlalchemy import text

    triggers = {}
    for table in SOURCE_TABLES:
        columns = [
            row[1]
            for row in connection.execute(text(f'PRAGMA table_info("{table}")'))
            if row[1] not in NOT_INDEXED.get(table, set())
        ]
        changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in columns)
        for event, when in (("INSERT", ""), ("DELETE", ""), ("UPDATE", f" WHEN {changed}")):
            name = f"{TRIGGER_PREFIX}{table}_{event.lower()}"
            triggers[name] = (
                f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}"{when} BEGIN {_BUMP}; END'
            )
    return triggers


def database_state(engine: Engine) -> str | None:
    """What the database holds now, as a token that changes with it; None if untracked.

    The token is the database's own id, its change counter, and the version
    of the code that makes units from rows (a new papers can index the same
    rows differently).
    """
    if engine.dialect.name != "sqlite":
        return None
    from sqlalchemy import text

    counter_query = text("SELECT database_id, version FROM change_counter WHERE id = 1")
    triggers_query = text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE :p"
    )
    with engine.connect() as connection:
        counter = connection.execute(counter_query).first()
        if counter is None:
            return None
        present: dict[str, str] = dict(
            connection.execute(triggers_query, {"p": f"{TRIGGER_PREFIX}%"}).all()
        )
        expected = expected_triggers(connection)
    if present != expected:
        with engine.begin() as connection:
            for name in present.keys() | expected.keys():
                connection.execute(text(f'DROP TRIGGER IF EXISTS "{name}"'))
            for sql in expected.values():
                connection.execute(text(sql))
            connection.execute(text(_BUMP))
            counter = connection.execute(counter_query).first()
        if counter is None:
            return None
    return f"{counter[0]}:{counter[1]}:{_code_version()}"


def _code_version() -> str:
    source = UNITS_SOURCE.read_bytes()
    return f"{SCHEMA_VERSION}-{hashlib.sha256(source).hexdigest()[:12]}"


def indexed_state(directory: Path) -> str | None:
    """The database state the index was last brought up to date with."""
    try:
        state = json.loads((directory / STATE_FILE).read_text()).get("database")
    except (OSError, ValueError, AttributeError):
        return None
    return state if isinstance(state, str) else None


def forget_state(directory: Path) -> None:
    """Before writing: an update that is killed half-way must not look complete."""
    (directory / STATE_FILE).unlink(missing_ok=True)


def record_state(directory: Path, state: str | None) -> None:
    """After a commit: the index holds everything up to `state`."""
    if state is None:
        return
    partial = directory / f"{STATE_FILE}.tmp"
    partial.write_text(json.dumps({"database": state}))
    os.replace(partial, directory / STATE_FILE)
