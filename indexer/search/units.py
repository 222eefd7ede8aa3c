"""The searchable units, read from the database.

One unit per agenda item (title, description, decision, minutes and its
resolutions), resolution, document page, document (its title) and
work-programme entry. A page is searched by its own text only: a document's
or an item's title is not printed on every page, and a page cited for words
it does not contain would be a wrong citation. Titles are found as document
(and item) hits instead. Each unit
carries its citation and a fingerprint of everything indexed, so an
incremental update re-indexes exactly what changed.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from indexer.models import (
    AgendaItem,
    Committee,
    Council,
    Document,
    DocumentPart,
    Meeting,
    Page,
    Resolution,
    WorkProgrammeEntry,
)


@dataclass
class Unit:
    id: str
    type: str
    council: str
    committee: str | None = None
    meeting_id: int | None = None
    meeting_date: datetime | None = None
    meeting_status: str | None = None
    item_number: str | None = None
    title: str = ""
    document_title: str | None = None
    document_kind: str | None = None
    document_url: str | None = None
    page: int | None = None
    url: str | None = None
    text: str = ""
    # The page cited was read by OCR from a picture of it: check before quoting.
    read_from_scan: bool = False
    # Everything indexed (what `papers index` compares), and only what the unit
    # says (what a watch compares: a new citation for the same words is not news).
    fingerprint: str = field(default="", init=False)
    text_fingerprint: str = field(default="", init=False)

    def __post_init__(self) -> None:
        said = [self.type, self.item_number, self.title, self.text]
        self.text_fingerprint = _digest(said)
        self.fingerprint = _digest(asdict(self))

    def fields(self) -> dict[str, Any]:
        """The Whoosh document for this unit."""
        doc = {k: v for k, v in asdict(self).items() if v is not None}
        doc["council"] = self.council.lower()
        if self.committee:
            doc["committee_name"] = self.committee
        if self.meeting_date:
            doc["year"] = str(self.meeting_date.year)
            doc["council_year"] = f"{doc['council']}:{self.meeting_date.year}"
        # A page's title labels it (its item or document); it is not its text.
        said = (self.text,) if self.type == "page" else (self.title, self.text)
        searchable = "\n".join(t for t in said if t)
        doc["text"] = doc["pairs"] = searchable
        return doc


@dataclass(frozen=True)
class _MeetingInfo:
    council: str
    committee: str | None
    start: datetime | None
    status: str
    url: str | None


# Document id -> (id, title, kind, url, meeting id, agenda item id, council id).
_Documents = Mapping[int | None, Sequence[Any]]
# Agenda item id -> (number, title, meeting id).
_Items = Mapping[int | None, Sequence[Any]]
# (document id, page number) of the pages read by OCR.
_Scanned = set[tuple[int, int | None]]


def _digest(content: object) -> str:
    text = json.dumps(content, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def page_url(url: str | None, page: int | None) -> str | None:
    """A link that opens a PDF at the page (`...pdf#page=N`)."""
    if not url:
        return None
    return f"{url.split('#', 1)[0]}#page={page}" if page else url


def _joined(*parts: str | None) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def iter_units(engine: Engine) -> Iterator[Unit]:
    """Every searchable unit in the database, streamed."""
    with Session(engine) as session:
        councils = dict(session.execute(select(Council.id, Council.slug)).all())
        committees = dict(session.execute(select(Committee.id, Committee.name)).all())
        meetings: dict[int, _MeetingInfo] = {}
        # (committee id, day) -> meeting id: where a work-programme entry is planned.
        meeting_days: dict[tuple[int, date], int] = {}
        for mid, cid, comid, st, s, u in session.execute(
            select(
                Meeting.id,
                Meeting.council_id,
                Meeting.committee_id,
                Meeting.start,
                Meeting.status,
                Meeting.url,
            ).order_by(Meeting.id)
        ):
            meetings[mid] = _MeetingInfo(
                councils[cid], committees.get(comid) if comid else None, st, s, u
            )
            if comid is not None and st is not None:
                meeting_days.setdefault((comid, st.date()), mid)
        documents: dict[int | None, Sequence[Any]] = {
            row[0]: row
            for row in session.execute(
                select(
                    Document.id,
                    Document.title,
                    Document.kind,
                    Document.url,
                    Document.meeting_id,
                    Document.agenda_item_id,
                    Document.council_id,
                )
            )
        }
        citations = _item_citations(session, documents)
        scanned = _scanned_pages(session)
        items: dict[int | None, Sequence[Any]] = {
            iid: (number, title, mid)
            for iid, number, title, mid in session.execute(
                select(AgendaItem.id, AgendaItem.number, AgendaItem.title, AgendaItem.meeting_id)
            )
        }
        yield from _item_units(session, meetings, documents, citations, scanned)
        yield from _resolution_units(session, meetings, documents, items, scanned)
        yield from _page_units(session, meetings, documents, items, councils, scanned)
        yield from _document_units(meetings, documents, items, councils)
        yield from _work_programme_units(
            session, councils, committees, documents, meetings, meeting_days, scanned
        )


def _meeting_fields(meeting: _MeetingInfo, meeting_id: int) -> dict[str, Any]:
    return {
        "council": meeting.council,
        "committee": meeting.committee,
        "meeting_id": meeting_id,
        "meeting_date": meeting.start,
        "meeting_status": meeting.status,
    }


def _document_fields(
    document: Sequence[Any] | None, page: int | None, scanned: _Scanned
) -> dict[str, Any]:
    if document is None:
        return {}
    doc_id, title, kind, url, *_ = document
    return {
        "document_title": title or None,
        "document_kind": kind,
        "document_url": url,
        "page": page,
        "read_from_scan": (doc_id, page) in scanned,
    }


def _scanned_pages(session: Session) -> _Scanned:
    """(document id, page) of every page read by OCR."""
    rows = session.execute(
        select(Page.document_id, Page.number).where(Page.ocr_confidence.is_not(None))
    )
    return {(doc_id, number) for doc_id, number in rows}


def _item_citations(session: Session, documents: _Documents) -> dict[int, tuple[int, int | None]]:
    """Agenda item id -> (document id, page): where to read the item.

    Its report inside the reports pack, at the pack page it starts on (the
    printed "(Pages 79 - 110)" number the page footers, not the PDF, so they
    are not used); else the first document attached to the item, no page.
    """
    citations: dict[int, tuple[int, int | None]] = {}
    for part in session.scalars(
        select(DocumentPart)
        .where(DocumentPart.agenda_item_id.is_not(None))
        .order_by(DocumentPart.document_id, DocumentPart.page_start)
    ):
        if part.agenda_item_id is not None:
            citations.setdefault(part.agenda_item_id, (part.document_id, part.page_start))
    for doc_id in sorted(d for d in documents if d is not None):
        item_id = documents[doc_id][5]
        if item_id is not None:
            citations.setdefault(item_id, (doc_id, None))
    return citations


def _item_units(
    session: Session,
    meetings: dict[int, _MeetingInfo],
    documents: _Documents,
    citations: dict[int, tuple[int, int | None]],
    scanned: _Scanned,
) -> Iterator[Unit]:
    resolutions: dict[int | None, list[str]] = defaultdict(list)
    from_scans: set[int | None] = set()  # items with a resolution read from a scanned page
    for item_id, text, doc_id, page in session.execute(
        select(Resolution.agenda_item_id, Resolution.text, Resolution.document_id, Resolution.page)
        .where(Resolution.agenda_item_id.is_not(None))
        .order_by(Resolution.agenda_item_id, Resolution.position, Resolution.id)
    ):
        resolutions[item_id].append(text)
        if (doc_id, page) in scanned:
            from_scans.add(item_id)
    rows = session.execute(
        select(
            AgendaItem.id,
            AgendaItem.meeting_id,
            AgendaItem.number,
            AgendaItem.title,
            AgendaItem.description,
            AgendaItem.decision,
            AgendaItem.minutes,
        ).execution_options(yield_per=2000)
    )
    for iid, mid, number, title, description, decision, minutes in rows:
        meeting = meetings[mid]
        doc_id, page = citations.get(iid, (None, None))
        document = documents.get(doc_id)
        # The report at its page when there is one, else the meeting's page.
        url = page_url(document[3], page) if document is not None and page else meeting.url
        fields = _document_fields(document, page, scanned)
        fields["read_from_scan"] = fields.get("read_from_scan") or iid in from_scans
        yield Unit(
            id=f"item:{iid}",
            type="item",
            item_number=number,
            title=title or "",
            url=url,
            text=_joined(description, decision, minutes, *resolutions.get(iid, [])),
            **_meeting_fields(meeting, mid),
            **fields,
        )


def _resolution_units(
    session: Session,
    meetings: dict[int, _MeetingInfo],
    documents: _Documents,
    items: _Items,
    scanned: _Scanned,
) -> Iterator[Unit]:
    rows = session.execute(
        select(
            Resolution.id,
            Resolution.meeting_id,
            Resolution.agenda_item_id,
            Resolution.text,
            Resolution.document_id,
            Resolution.page,
        ).execution_options(yield_per=2000)
    )
    for rid, mid, item_id, text, doc_id, page in rows:
        meeting = meetings[mid]
        number, item_title, _ = items.get(item_id, (None, "", None))
        document = documents.get(doc_id)
        fields = _document_fields(document, page, scanned)
        yield Unit(
            id=f"resolution:{rid}",
            type="resolution",
            item_number=number,
            title=item_title or "Resolution",
            url=page_url(fields.get("document_url"), page) or meeting.url,
            text=text,
            **_meeting_fields(meeting, mid),
            **fields,
        )


def _page_units(
    session: Session,
    meetings: dict[int, _MeetingInfo],
    documents: _Documents,
    items: _Items,
    councils: dict[int, str],
    scanned: _Scanned,
) -> Iterator[Unit]:
    parts: dict[int, list[tuple[int, int, str, int | None, int | None]]] = defaultdict(list)
    for doc_id, start, end, kind, mid, item_id in session.execute(
        select(
            DocumentPart.document_id,
            DocumentPart.page_start,
            DocumentPart.page_end,
            DocumentPart.kind,
            DocumentPart.meeting_id,
            DocumentPart.agenda_item_id,
        )
    ):
        parts[doc_id].append((start, end, kind, mid, item_id))
    rows = session.execute(
        select(Page.id, Page.document_id, Page.number, Page.text)
        .where(Page.text != "")
        .execution_options(yield_per=2000)
    )
    for _, doc_id, number, text in rows:
        _, doc_title, kind, url, mid, item_id, council_id = documents[doc_id]
        # A pack's page belongs to the part (minutes, report...) it falls in.
        for start, end, part_kind, part_meeting, part_item in parts.get(doc_id, ()):
            if start <= number <= end:
                kind = part_kind
                mid = part_meeting or mid
                item_id = part_item or item_id
                break
        number_printed, item_title, meeting_fields = _under_item(
            items, item_id, mid, meetings, councils[council_id]
        )
        yield Unit(
            id=f"page:{doc_id}:{number}",
            type="page",
            item_number=number_printed,
            title=item_title or doc_title or "",
            document_title=doc_title or None,
            document_kind=kind,
            document_url=url,
            page=number,
            url=page_url(url, number),
            text=text,
            read_from_scan=(doc_id, number) in scanned,
            **meeting_fields,
        )


def _under_item(
    items: _Items,
    item_id: int | None,
    meeting_id: int | None,
    meetings: dict[int, _MeetingInfo],
    council: str,
) -> tuple[str | None, str | None, dict[str, Any]]:
    """A paper's item number and title, and the meeting fields it is cited under:
    its own meeting, else its item's, else only its council."""
    number, title, item_meeting = items.get(item_id, (None, None, None))
    mid = meeting_id or item_meeting
    fields = _meeting_fields(meetings[mid], mid) if mid else {"council": council}
    return number, title, fields


def _document_units(
    meetings: dict[int, _MeetingInfo],
    documents: _Documents,
    items: _Items,
    councils: dict[int, str],
) -> Iterator[Unit]:
    """One unit per titled document: its title, citing the document, no page."""
    for doc_id, title, kind, url, mid, item_id, council_id in documents.values():
        if not title:
            continue
        number, _, meeting_fields = _under_item(items, item_id, mid, meetings, councils[council_id])
        yield Unit(
            id=f"document:{doc_id}",
            type="document",
            item_number=number,
            title=title,
            document_title=title,
            document_kind=kind,
            document_url=url,
            url=url,
            **meeting_fields,
        )


def count_units(engine: Engine) -> int:
    """How many units `iter_units` yields, counted in the database."""
    with Session(engine) as session:
        counted = (
            select(func.count()).select_from(AgendaItem),
            select(func.count()).select_from(Resolution),
            select(func.count()).select_from(Page).where(Page.text != ""),
            select(func.count()).select_from(Document).where(Document.title != ""),
            select(func.count()).select_from(WorkProgrammeEntry),
        )
        return sum(session.scalar(query) or 0 for query in counted)


def _work_programme_units(
    session: Session,
    councils: dict[int, str],
    committees: dict[int, str],
    documents: _Documents,
    meetings: dict[int, _MeetingInfo],
    meeting_days: dict[tuple[int, date], int],
    scanned: _Scanned,
) -> Iterator[Unit]:
    rows = session.scalars(select(WorkProgrammeEntry).execution_options(yield_per=2000))
    for entry in rows:
        document = documents.get(entry.document_id)
        planned = entry.planned_date
        # The meeting it is planned for, once the site lists that meeting.
        planned_for = (entry.committee_id, planned) if entry.committee_id and planned else None
        mid = meeting_days.get(planned_for) if planned_for else None
        when = {
            "council": councils[entry.council_id],
            "committee": committees.get(entry.committee_id) if entry.committee_id else None,
            "meeting_date": datetime.combine(planned, datetime.min.time()) if planned else None,
        }
        yield Unit(
            id=f"work-programme:{entry.id}",
            type="work-programme",
            **(_meeting_fields(meetings[mid], mid) if mid is not None else when),
            title=entry.title,
            url=page_url(document[3], entry.page) if document else None,
            text=_joined(
                entry.planned_label,
                entry.section,
                entry.details,
                entry.outcome,
                entry.cabinet_member,
                entry.lead_officer,
            ),
            **_document_fields(document, entry.page, scanned),
        )
