"""pages.ocr_confidence: pages read from a scan by OCR

A page that is a picture of text is read by Tesseract; its mean word
confidence (0-100) is kept so a reader, and a search hit, can tell a page
read by OCR from one read from the PDF's text layer. Documents with such
pages have the new text status `ocr`. Scans stored before are read by
`papers reparse --ocr`; an imported scan not yet placed in a meeting is
marked to have its committee and date (and its kind, where none was read)
read from that text, as an import made now marks it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_documents = sa.table(
    "documents",
    sa.column("id", sa.Integer),
    sa.column("url", sa.String),
    sa.column("kind", sa.String),
    sa.column("text_status", sa.String),
    sa.column("meeting_id", sa.Integer),
    sa.column("detected", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ocr_confidence", sa.Float(), nullable=True))
    connection = op.get_bind()
    unplaced_scans = sa.select(_documents.c.id, _documents.c.kind, _documents.c.detected).where(
        _documents.c.text_status == "no_text_layer",
        _documents.c.meeting_id.is_(None),
        _documents.c.url.like("file://%"),  # imported: a crawled paper has its meeting
    )
    for doc_id, kind, detected in connection.execute(unplaced_scans).all():
        read = set(detected.split()) | {"committee", "date"} | ({"kind"} if kind == "other" else set())
        words = " ".join(name for name in ("kind", "committee", "date") if name in read)
        connection.execute(
            _documents.update().where(_documents.c.id == doc_id).values(detected=words)
        )


def downgrade() -> None:
    # Text read by OCR stays (it is text), but without its mark the document
    # reads as ordinary text.
    documents = sa.table("documents", sa.column("text_status", sa.String))
    op.get_bind().execute(
        documents.update().where(documents.c.text_status == "ocr").values(text_status="ok")
    )
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.drop_column("ocr_confidence")
