"""work programme keys and pages, withdrawn documents

Work-programme entries get the key that makes one row per entry however
many packs reprint it (filled in here for existing rows, so they keep their
ids and watches do not report them again), and the page they are printed
on; documents get `withdrawn_at`. Every document is marked unparsed, so the
next crawl or `papers reparse` reads the stored papers again with the
parsers that fill these in.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:08:32.364660
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _normal(text: str) -> str:
    # Frozen copy of how revision 0002 compares titles (indexer.store.structure),
    # so this migration means the same thing whatever the code becomes later.
    text = re.sub(r"[^a-z0-9 ]+", " ", (text or "").lower().replace("&", " and "))
    return " ".join(w for w in text.split() if w not in ("the", "meeting", "of"))


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))

    with op.batch_alter_table("work_programme_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("key", sa.String(length=500), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("page", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_work_programme_entries_key"), ["key"], unique=False)

    connection = op.get_bind()
    entries = sa.table(
        "work_programme_entries",
        sa.column("id", sa.Integer),
        sa.column("key", sa.String),
        sa.column("title", sa.Text),
        sa.column("planned_date", sa.Date),
        sa.column("planned_label", sa.String),
        sa.column("section", sa.String),
    )
    rows = connection.execute(
        sa.select(
            entries.c.id,
            entries.c.title,
            entries.c.planned_date,
            entries.c.planned_label,
            entries.c.section,
        )
    ).all()
    for row_id, title, planned_date, planned_label, section in rows:
        if planned_date:
            when = planned_date.isoformat()
        else:
            when = f"{_normal(planned_label or '')}|{_normal(section or '')}"
        connection.execute(
            entries.update()
            .where(entries.c.id == row_id)
            .values(key=f"{_normal(title)}|{when}"[:500])
        )
    documents = sa.table("documents", sa.column("parsed_at", sa.DateTime))
    connection.execute(documents.update().values(parsed_at=None))


def downgrade() -> None:
    with op.batch_alter_table("work_programme_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_programme_entries_key"))
        batch_op.drop_column("page")
        batch_op.drop_column("key")

    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_at")
