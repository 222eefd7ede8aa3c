"""Reading meetings back: the lists and details `papers meetings` and
`papers show meeting` print."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, selectinload

from indexer.errors import NotFoundError
from indexer.models import (
    AgendaItem,
    Committee,
    Council,
    Document,
    DocumentPart,
    Meeting,
    Resolution,
)


def list_meetings(
    engine: Engine,
    council: str | None = None,
    committee: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Iterator[dict[str, Any]]:
    """Meetings, earliest first, with how much is known about each."""
    items = (
        select(func.count())
        .where(AgendaItem.meeting_id == Meeting.id)
        .correlate(Meeting)
        .scalar_subquery()
    )
    documents = (
        select(func.count()).where(Document.meeting_id == Meeting.id).correlate(Meeting)
    ).scalar_subquery()
    query = (
        select(Meeting, Council.slug, Committee.name, items, documents)
        .join(Council, Council.id == Meeting.council_id)
        .outerjoin(Committee, Committee.id == Meeting.committee_id)
        .order_by(Meeting.start.is_(None), Meeting.start, Meeting.id)
    )
    if council:
        query = query.where(Council.slug == council)
    if committee:
        query = query.where(func.lower(Committee.name).contains(committee.lower()))
    if since:
        query = query.where(Meeting.start >= datetime.combine(since, time()))
    if until:
        # The end of the day, not the next midnight: 9999-12-31 has no day after.
        query = query.where(Meeting.start <= datetime.combine(until, time.max))
    with Session(engine) as session:
        for meeting, slug, committee_name, n_items, n_documents in session.execute(query):
            yield {
                "id": meeting.id,
                "council": slug,
                "committee": committee_name,
                "start": meeting.start,
                "status": meeting.status,
                "title": meeting.title,
                "items": n_items,
                "documents": n_documents,
                "url": meeting.url,
            }


def _resolution(r: Resolution, numbers: dict[int, str | None]) -> dict[str, Any]:
    return {
        "item": numbers.get(r.agenda_item_id) if r.agenda_item_id else None,
        "kind": r.kind,
        "text": r.text,
        "clauses": list(r.clauses or []),
        "sources": list(r.sources or []),
        "document_id": r.document_id,
        "page": r.page,
    }


def meeting_detail(engine: Engine, meeting_id: int) -> dict[str, Any]:
    """One meeting with its items (each with its decision, minutes, recorded votes
    and resolutions), all its resolutions, attendance, declarations and documents."""
    with Session(engine) as session:
        meeting = session.scalar(
            select(Meeting)
            .where(Meeting.id == meeting_id)
            .options(
                selectinload(Meeting.agenda_items),
                selectinload(Meeting.resolutions),
                selectinload(Meeting.attendances),
                selectinload(Meeting.declarations),
                selectinload(Meeting.documents),
            )
        )
        if meeting is None:
            raise NotFoundError(
                f"No meeting with id {meeting_id}", hint="list them with: papers meetings"
            )
        numbers = {item.id: item.number for item in meeting.agenda_items}
        resolutions = [(r.agenda_item_id, _resolution(r, numbers)) for r in meeting.resolutions]
        parts = session.execute(
            select(DocumentPart, Document)
            .join(Document, Document.id == DocumentPart.document_id)
            .where(DocumentPart.meeting_id == meeting.id)
            .order_by(Document.id, DocumentPart.page_start)
        ).all()
        return {
            "id": meeting.id,
            "council": meeting.council.slug,
            "committee": meeting.committee.name if meeting.committee else None,
            "title": meeting.title,
            "start": meeting.start,
            "status": meeting.status,
            "venue": meeting.venue,
            "url": meeting.url,
            "items": [
                {
                    "number": item.number,
                    "title": item.title,
                    "page_start": item.page_start,
                    "page_end": item.page_end,
                    "is_exempt": item.is_exempt,
                    "source": item.source,
                    "description": item.description,
                    # As the site printed them under the item: "Decision:", "Minutes:".
                    "decision": item.decision,
                    "minutes": item.minutes,
                    # Each recorded vote as printed: "Title (Type): Result".
                    "votes": (item.vote or "").splitlines(),
                    "resolutions": [r for item_id, r in resolutions if item_id == item.id],
                }
                for item in meeting.agenda_items
            ],
            "resolutions": [r for _, r in resolutions],
            "attendance": [
                {"person": a.person, "role": a.role}
                for a in sorted(meeting.attendances, key=lambda a: (a.role, a.person))
            ],
            "declarations": [
                {
                    "person": d.person,
                    "item": numbers.get(d.agenda_item_id) if d.agenda_item_id else None,
                    "text": d.text,
                }
                for d in meeting.declarations
            ],
            "documents": [
                {
                    "id": d.id,
                    "title": d.title,
                    "kind": d.kind,
                    "text_status": d.text_status,
                    "pages": d.page_count,
                    "error": d.error,
                    "url": d.url,
                    "file_key": d.file_path,
                    "withdrawn_at": d.withdrawn_at,
                }
                for d in sorted(meeting.documents, key=lambda d: d.id)
            ],
            # Runs of pages in other documents that belong to this meeting:
            # its minutes printed in the next meeting's pack, for instance.
            "parts": [
                {
                    "document_id": document.id,
                    "document": document.title,
                    "kind": part.kind,
                    "title": part.title,
                    "pages": f"{part.page_start}-{part.page_end}",
                    "url": f"{document.url}#page={part.page_start}",
                    "file_key": document.file_path,
                }
                for part, document in parts
                if document.meeting_id != meeting.id
            ],
        }
