"""search marks: a changed paper or resolution re-reads its meeting's items, not its papers

On PostgreSQL, a change to a document, document part or resolution marked
its whole meeting dirty, so the commit re-read every paper filed under the
meeting: reading a meeting's fifty papers one by one read the meeting's
pages fifty times over. They now mark the meeting's items and resolutions
(kind `items`, indexer/search/units.py Scope.item_meetings), which are what
cite the paper; the paper itself is marked as before. Nothing to do on
SQLite (its Whoosh index has its own change counter).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 07:00:00
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MARK = r"""
CREATE OR REPLACE FUNCTION papers_search_mark(tab text, r jsonb, op text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    marks text[][] := ARRAY[]::text[][];
    item_meeting bigint;
BEGIN
    IF tab = 'councils' THEN
        IF op <> 'INSERT' THEN marks := marks || ARRAY[['council', r->>'id']]; END IF;
    ELSIF tab = 'committees' THEN
        IF op <> 'INSERT' THEN marks := marks || ARRAY[['council', r->>'council_id']]; END IF;
    ELSIF tab = 'meetings' THEN
        marks := marks || ARRAY[['meeting', r->>'id'], ['committee', r->>'committee_id']];
    ELSIF tab = 'agenda_items' THEN
        -- Pages inside a pack carry their item's number and title.
        marks := marks || ARRAY[['meeting', r->>'meeting_id']];
    ELSIF tab = 'resolutions' THEN
        marks := marks || ARRAY[['items', r->>'meeting_id']];
    ELSIF tab IN ('documents', 'document_parts') THEN
        SELECT meeting_id INTO item_meeting FROM agenda_items
            WHERE id = (r->>'agenda_item_id')::bigint;
        marks := marks || ARRAY[
            ['document', CASE WHEN tab = 'documents' THEN r->>'id' ELSE r->>'document_id' END],
            ['items', r->>'meeting_id'],
            ['items', item_meeting::text]];
    ELSIF tab = 'pages' THEN
        marks := marks || ARRAY[['document', r->>'document_id']];
    ELSIF tab = 'work_programme_entries' THEN
        marks := marks || ARRAY[['entry', r->>'id']];
    END IF;
    FOR i IN 1 .. coalesce(array_length(marks, 1), 0) LOOP
        IF marks[i][2] IS NOT NULL THEN
            INSERT INTO search_dirty (txid, kind, id)
                VALUES (txid_current(), marks[i][1], marks[i][2]::bigint)
                ON CONFLICT DO NOTHING;
        END IF;
    END LOOP;
END $$;
"""


def _made_by_0007() -> str:
    """The function as migration 0007 made it (a module name cannot start with a digit)."""
    path = next(Path(__file__).parent.glob("0007_*.py"))
    spec = importlib.util.spec_from_file_location("migration_0007", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module._MARK).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_MARK)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Marks left for `papers index` in the kind 0007 knows.
        op.execute(
            "INSERT INTO search_dirty SELECT txid, 'meeting', id FROM search_dirty"
            " WHERE kind = 'items' ON CONFLICT DO NOTHING"
        )
        op.execute("DELETE FROM search_dirty WHERE kind = 'items'")
        op.execute(_made_by_0007())
