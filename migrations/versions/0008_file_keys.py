"""file keys: stored files named by their key in the file store, not a path in one home

`documents.file_path` and `document_versions.file_path` held a path relative
to the home (`files/ab/cd/<sha256>.pdf`); they now hold the key below the file
store's root (`ab/cd/<sha256>.pdf`), wherever PAPERS_FILES puts that root,
so every machine sharing the database finds the same files. An imported
paper's document URL was the file's absolute `file://` path on the machine
that imported it; it becomes `papers:KEY`, the same everywhere. On
PostgreSQL the search index keeps each unit's file key (`document_file`), so
a search can link the archived copy; the documents changed here are marked
for `papers index` to refresh.

Downgrading gives the paths back under `files/` and the imported papers'
URLs as `file://` paths in the home (the SQLite database's folder, else
PAPERS_HOME): files kept outside HOME/files (PAPERS_FILES) must be copied
there by hand.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 18:30:00
"""

import os
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREFIX = "files/"
ARCHIVE = "papers:"

_documents = sa.table(
    "documents",
    sa.column("id", sa.Integer),
    sa.column("url", sa.String),
    sa.column("file_path", sa.String),
)
_versions = sa.table("document_versions", sa.column("file_path", sa.String))


def _relabel(connection: sa.Connection, old: str, new: str, url_for) -> None:  # type: ignore[no-untyped-def]
    """Give each imported document (its URL starting `old`) its URL for the other
    schema (starting `new`), unless another document has that URL already (the
    same file imported again after its home moved): that one stays as it was."""
    rows = connection.execute(
        sa.select(_documents.c.id, _documents.c.file_path).where(
            _documents.c.url.startswith(old), _documents.c.file_path.is_not(None)
        )
    ).all()
    taken = set(
        connection.scalars(sa.select(_documents.c.url).where(_documents.c.url.startswith(new)))
    )
    for doc_id, file_path in rows:
        url = url_for(file_path)
        if url in taken:
            continue
        taken.add(url)
        connection.execute(_documents.update().where(_documents.c.id == doc_id).values(url=url))


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        op.execute("ALTER TABLE search_units ADD COLUMN document_file text")
    for table in (_documents, _versions):
        connection.execute(
            table.update()
            .where(table.c.file_path.like(PREFIX + "%"))
            .values(file_path=sa.func.substr(table.c.file_path, len(PREFIX) + 1))
        )
    _relabel(connection, "file:", ARCHIVE, lambda key: ARCHIVE + key)


def _home(connection: sa.Connection) -> Path:
    """The home the imported papers' files were in before this revision."""
    if connection.dialect.name == "sqlite" and connection.engine.url.database:
        return Path(connection.engine.url.database).resolve().parent
    return Path(os.environ.get("PAPERS_HOME") or "papers-data").expanduser().resolve()


def downgrade() -> None:
    connection = op.get_bind()
    files = _home(connection) / "files"
    _relabel(connection, ARCHIVE, "file:", lambda key: (files / key).as_uri())
    for table in (_documents, _versions):
        connection.execute(
            table.update()
            .where(table.c.file_path.is_not(None), table.c.file_path.not_like(PREFIX + "%"))
            .values(file_path=PREFIX + table.c.file_path)
        )
    if connection.dialect.name == "postgresql":
        op.execute("ALTER TABLE search_units DROP COLUMN document_file")
        # The documents changed here stay marked for `papers index`; refreshed at
        # this commit, they would be written with the column just dropped.
        op.execute("SELECT set_config('papers.search_dirty', '', true)")
