"""change_counter: one row the search index compares to skip an update with nothing to do

SQLite triggers on the tables the index is read from raise the counter; the
triggers are made (and remade after a batch migration drops them) by
`papers index` itself, see indexer/search/changes.py. The row gets a random
database_id so that an index is never taken as up to date with another
database whose counter happens to agree.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 04:40:00
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    counter = op.create_table(
        "change_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("database_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_counter")),
    )
    op.bulk_insert(counter, [{"id": 1, "database_id": uuid.uuid4().hex, "version": 0}])


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        names = connection.execute(
            sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE :p"),
            {"p": "papers_changes_%"},
        ).scalars()
        for name in list(names):
            op.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    op.drop_table("change_counter")
