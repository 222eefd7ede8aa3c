"""pages.ocr_confidence: pages read from a scan by OCR

A page that is a picture of text is read by Tesseract; its mean word
confidence (0-100) is kept so a reader, and a search hit, can tell a page
read by OCR from one read from the PDF's text layer. Documents with such
pages have the new text status `ocr`. Nothing existing changes: scans stored
before are read by `papers reparse --ocr`.

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


def upgrade() -> None:
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ocr_confidence", sa.Float(), nullable=True))


def downgrade() -> None:
    # Text read by OCR stays (it is text), but without its mark the document
    # reads as ordinary text.
    documents = sa.table("documents", sa.column("text_status", sa.String))
    op.get_bind().execute(
        documents.update().where(documents.c.text_status == "ocr").values(text_status="ok")
    )
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.drop_column("ocr_confidence")
