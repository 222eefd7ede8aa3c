"""search vectors inline: `words` and `stems` kept in the row (compressed), not out of line

A search reads `words` or `stems` of every row it matches, to confirm a
phrase and to rank. Stored out of line (TOAST, PostgreSQL's default for
values that make a row wider than 2 kB), each read cost several more page
reads; kept in the row (STORAGE MAIN) a single word at 100,000 units was
four times quicker and the table no bigger (docs/performance.md). Rows
written from now on are stored so; `papers index --rebuild` rewrites the
units stored before. Nothing to do on SQLite.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 07:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("words", "stems")


def _storage(kind: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        for column in COLUMNS:
            op.execute(f"ALTER TABLE search_units ALTER COLUMN {column} SET STORAGE {kind}")


def upgrade() -> None:
    _storage("MAIN")


def downgrade() -> None:
    _storage("EXTENDED")
