"""Reading a home for browsing: a council's committees, one committee, the
archived file of a document. The meeting lists and details themselves are in
indexer.meetings; work programmes come from indexer.export's rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Engine, case, func, select
from sqlalchemy.orm import Session

from indexer.errors import NotFoundError
from indexer.home import Home
from indexer.models import Committee, Council, Document, Meeting
from indexer.store.filestore import FileStoreError, check_key


@dataclass(frozen=True)
class CommitteeInfo:
    id: int
    council: str
    name: str
    url: str | None


def committees(engine: Engine, slug: str, today: date) -> list[dict[str, Any]]:
    """A council's committees by name, with their past and upcoming meeting counts."""
    upcoming = Meeting.start >= datetime.combine(today, time())
    query = (
        select(
            Committee.id,
            Committee.name,
            Committee.url,
            func.count(Meeting.id).label("meetings"),
            func.coalesce(func.sum(case((upcoming, 1), else_=0)), 0).label("upcoming"),
            func.max(Meeting.start).label("latest"),
        )
        .join(Council, Council.id == Committee.council_id)
        .outerjoin(Meeting, Meeting.committee_id == Committee.id)
        .where(Council.slug == slug)
        .group_by(Committee.id)
        .order_by(func.lower(Committee.name), Committee.id)
    )
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def committee_info(engine: Engine, slug: str, committee_id: int) -> CommitteeInfo:
    with Session(engine) as session:
        row = session.execute(
            select(Committee, Council.slug)
            .join(Council, Council.id == Committee.council_id)
            .where(Committee.id == committee_id, Council.slug == slug)
        ).first()
        if row is None:
            raise NotFoundError(f"No committee {committee_id} in council {slug!r}")
        committee, council = row
        return CommitteeInfo(committee.id, council, committee.name, committee.url)


def document_ids(engine: Engine, urls: Iterable[str]) -> dict[str, int]:
    """The ids of the documents with these URLs that have an archived file."""
    wanted = sorted(set(urls))
    if not wanted:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(Document.url, Document.id).where(
                Document.url.in_(wanted), Document.file_path.is_not(None)
            )
        )
        return {url: doc_id for url, doc_id in rows}


def documents_by_file(engine: Engine, keys: Iterable[str]) -> dict[str, int]:
    """A document holding each of these archived files (any one: the same file
    is the same copy, whichever document it was fetched for)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(Document.file_path, func.min(Document.id))
            .where(Document.file_path.in_(wanted))
            .group_by(Document.file_path)
        )
        return {key: doc_id for key, doc_id in rows if key}


def archived_file(engine: Engine, home: Home, document_id: int) -> tuple[str, str]:
    """The key and content type of a document's archived file, held in the home's store."""
    with engine.connect() as conn:
        row = conn.execute(
            select(Document.file_path, Document.content_type).where(Document.id == document_id)
        ).first()
    missing = NotFoundError(f"No archived file for document {document_id}")
    if row is None or not row.file_path:
        raise missing
    # The column is data: a key that could leave the store is not served.
    try:
        if not home.files.exists(check_key(row.file_path)):
            raise missing
    except FileStoreError:
        raise missing from None
    return row.file_path, row.content_type or "application/octet-stream"
