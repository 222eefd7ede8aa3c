"""documents.detected: what of a document's kind, committee and date was read from its text

`papers reparse` reads those again after a parser improves, and leaves what
the user or the council's site gave alone. Existing imported documents are
taken to have had their kind read from the text (the common case; a user
who gave --kind can give it again on import). Every document is marked
unparsed, so the next crawl or `papers reparse` reads the stored papers again
with the improved parsers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("detected", sa.String(length=40), nullable=False, server_default="")
        )
    documents = sa.table(
        "documents",
        sa.column("url", sa.String),
        sa.column("detected", sa.String),
        sa.column("parsed_at", sa.DateTime),
    )
    connection = op.get_bind()
    connection.execute(
        documents.update().where(documents.c.url.like("file:%")).values(detected="kind")
    )
    connection.execute(documents.update().values(parsed_at=None))


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("detected")
