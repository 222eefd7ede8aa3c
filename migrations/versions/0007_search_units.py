"""search_units: the PostgreSQL search index, kept in step by triggers (PostgreSQL only)

On PostgreSQL the search index is a table in the database itself, so every
machine sharing the database searches the same papers. Row triggers on the
tables units are read from (indexer/search/changes.py SOURCE_TABLES) note
which meetings, documents, councils and work-programme entries a
transaction changed in `search_dirty`; before that transaction commits,
indexer/search/postgres_units.py recomputes those units and replaces them in
`search_units`. On SQLite this migration does nothing (Whoosh is used).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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

# Which scopes a changed row dirties (OLD and NEW both, so a moved row
# leaves its old place too). A crawl's visit stamps (last_seen, fetched_at,
# etag, last_modified) change no unit and dirty nothing.
_FUNCTION = r"""
CREATE FUNCTION papers_search_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ignored text[] := ARRAY['last_seen', 'fetched_at', 'etag', 'last_modified'];
BEGIN
    IF TG_OP = 'UPDATE' AND to_jsonb(OLD) - ignored = to_jsonb(NEW) - ignored THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('papers.search_dirty', '1', true);
    IF TG_OP <> 'INSERT' THEN
        PERFORM papers_search_mark(TG_TABLE_NAME, to_jsonb(OLD), TG_OP);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM papers_search_mark(TG_TABLE_NAME, to_jsonb(NEW), TG_OP);
    END IF;
    RETURN NULL;
END $$;
"""

_MARK = r"""
CREATE FUNCTION papers_search_mark(tab text, r jsonb, op text) RETURNS void LANGUAGE plpgsql AS $$
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
    ELSIF tab IN ('agenda_items', 'resolutions') THEN
        marks := marks || ARRAY[['meeting', r->>'meeting_id']];
    ELSIF tab IN ('documents', 'document_parts') THEN
        SELECT meeting_id INTO item_meeting FROM agenda_items
            WHERE id = (r->>'agenda_item_id')::bigint;
        marks := marks || ARRAY[
            ['document', CASE WHEN tab = 'documents' THEN r->>'id' ELSE r->>'document_id' END],
            ['meeting', r->>'meeting_id'],
            ['meeting', item_meeting::text]];
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


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE TABLE search_units (
            id text PRIMARY KEY,
            type text NOT NULL,
            council text NOT NULL,
            council_id bigint,
            committee text,
            meeting_id bigint,
            meeting_date timestamp,
            year integer,
            meeting_status text,
            item_number text,
            title text NOT NULL DEFAULT '',
            document_id bigint,
            document_title text,
            document_kind text,
            document_url text,
            page integer,
            url text,
            read_from_scan boolean NOT NULL DEFAULT false,
            text text NOT NULL DEFAULT '',
            fingerprint text NOT NULL,
            text_fingerprint text NOT NULL,
            words tsvector NOT NULL,
            stems tsvector NOT NULL,
            pairs tsvector NOT NULL,
            committee_words tsvector NOT NULL
        )
        """
    )
    for column in ("words", "stems", "pairs", "committee_words"):
        op.execute(f"CREATE INDEX ix_search_units_{column} ON search_units USING gin ({column})")
    for column in ("council", "council_id", "type", "document_kind", "meeting_date", "meeting_id"):
        op.execute(f"CREATE INDEX ix_search_units_{column} ON search_units ({column})")
    op.execute("CREATE INDEX ix_search_units_document_id ON search_units (document_id)")
    op.execute(
        """
        CREATE TABLE search_dirty (
            txid bigint NOT NULL,
            kind text NOT NULL,
            id bigint NOT NULL,
            PRIMARY KEY (txid, kind, id)
        )
        """
    )
    # Papers stored before this migration: `papers index` reads them in.
    op.execute("INSERT INTO search_dirty SELECT 0, 'council', id FROM councils")
    op.execute(_MARK)
    op.execute(_FUNCTION)
    for table in SOURCE_TABLES:
        op.execute(
            f'CREATE TRIGGER papers_search_{table} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION papers_search_dirty()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in SOURCE_TABLES:
        op.execute(f'DROP TRIGGER IF EXISTS papers_search_{table} ON "{table}"')
    op.execute("DROP FUNCTION IF EXISTS papers_search_dirty()")
    op.execute("DROP FUNCTION IF EXISTS papers_search_mark(text, jsonb, text)")
    op.execute("DROP TABLE IF EXISTS search_dirty")
    op.execute("DROP TABLE IF EXISTS search_units")
