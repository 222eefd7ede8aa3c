"""What is stored for one document, read back from the database.

`papers import`, `papers show document` and the crawl's summary say what was
read from a paper. They read it here, from the rows the parsers left, not
from what the parsers returned: what this says is what is stored.

Agenda items, attendance and minutes belong to meetings, not to documents,
so those counts are the meeting's: the meeting an agenda is filed under, or
the meeting a document's minutes record (found through the parts of a pack
and the resolutions that cite the document).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from indexer.errors import NotFoundError
from indexer.models import (
    AgendaItem,
    Attendance,
    Council,
    Declaration,
    Document,
    DocumentPart,
    Meeting,
    Resolution,
    WorkProgrammeEntry,
)
from indexer.store.structure import FILE_SOURCES, LOCAL_PREFIX

AGENDA_KINDS = ("agenda", "agenda_pack")
MINUTES_KINDS = ("minutes", "decisions")
PRESENT_ROLES = ("member", "chair", "vice_chair")


@dataclass
class MeetingRef:
    id: int
    committee: str | None
    start: datetime | None


@dataclass
class ItemRef:
    id: int
    number: str | None
    title: str
    meeting_id: int | None = None  # the meeting whose agenda lists it


@dataclass
class PartRead:
    kind: str
    title: str
    page_start: int
    page_end: int
    meeting: MeetingRef | None
    item: ItemRef | None
    # Work-programme entries this part lists (whose newest listing it is).
    work_programme_entries: int = 0


@dataclass
class AgendaRead:
    """The agenda of the meeting an agenda or pack is filed under."""

    meeting: MeetingRef
    items: int
    first: str | None  # the first and last item numbers as printed
    last: str | None
    with_pages: int  # items with a page range
    from_file: bool  # False: the meeting page's items (the print only adds page ranges)
    also_read_from: list[int]  # the meeting's other agendas and packs (their ids)


@dataclass
class MinutesRead:
    """A meeting whose minutes the document carries, and what that meeting holds."""

    meeting: MeetingRef
    pages: list[tuple[int, int]]  # the parts that print them; [] for a whole document
    minutes: int  # agenda items with a minute's text
    resolutions: int  # the meeting's resolutions that cite this document
    resolutions_in_all: int  # the meeting's resolutions, whatever they cite
    # Where else this meeting's minutes, attendance and declarations may have
    # been read: other papers (their ids) and the council's meeting page.
    # Empty and False: everything counted here was read from this document.
    also_read_from: list[int]
    meeting_page: bool
    declarations: int
    attendance: dict[str, int]  # role -> people


@dataclass
class DocumentReading:
    id: int
    council: str
    title: str
    kind: str
    url: str
    page_count: int | None
    text_status: str
    error: str | None
    parsed_at: datetime | None
    withdrawn_at: datetime | None
    meeting: MeetingRef | None
    item: ItemRef | None
    file_key: str | None = None  # the archived file, in the home's file store
    parts: list[PartRead] = field(default_factory=list)
    agenda: AgendaRead | None = None
    minutes: list[MinutesRead] = field(default_factory=list)
    work_programme_entries: int = 0
    resolutions_cited: int = 0  # resolutions that cite this document

    @property
    def read_anything(self) -> bool:
        return bool(
            (self.agenda and self.agenda.items)
            or self.minutes
            or self.work_programme_entries
            or any(part.item for part in self.parts)
        )


def _meeting_ref(meeting: Meeting | None) -> MeetingRef | None:
    if meeting is None:
        return None
    committee = meeting.committee.name if meeting.committee else meeting.title
    return MeetingRef(id=meeting.id, committee=committee, start=meeting.start)


def _item_ref(item: AgendaItem | None) -> ItemRef | None:
    if item is None:
        return None
    return ItemRef(id=item.id, number=item.number, title=item.title, meeting_id=item.meeting_id)


def _agenda(session: Session, document: Document, meeting: Meeting) -> AgendaRead:
    items = list(meeting.agenda_items)
    others = session.scalars(
        select(Document.id)
        .where(
            Document.meeting_id == meeting.id,
            Document.kind.in_(AGENDA_KINDS),
            Document.id != document.id,
        )
        .order_by(Document.id)
    ).all()
    numbered = [i.number.strip().rstrip(".") for i in items if i.number and i.number.strip()]
    return AgendaRead(
        meeting=_meeting_ref(meeting),  # type: ignore[arg-type]
        items=len(items),
        first=numbered[0] if numbered else None,
        last=numbered[-1] if numbered else None,
        with_pages=sum(1 for i in items if i.page_start is not None),
        from_file=not items or any(i.source in FILE_SOURCES for i in items),
        also_read_from=list(others),
    )


def _minutes(
    session: Session, document: Document, meeting: Meeting, pages: list[tuple[int, int]]
) -> MinutesRead:
    roles = Counter(
        session.scalars(select(Attendance.role).where(Attendance.meeting_id == meeting.id))
    )
    declarations = session.scalar(
        select(func.count()).select_from(Declaration).where(Declaration.meeting_id == meeting.id)
    )
    others = {r.document_id for r in meeting.resolutions if r.document_id is not None}
    others |= set(
        session.scalars(
            select(Document.id).where(
                Document.meeting_id == meeting.id, Document.kind.in_(MINUTES_KINDS)
            )
        )
    )
    others |= set(
        session.scalars(
            select(DocumentPart.document_id).where(
                DocumentPart.meeting_id == meeting.id, DocumentPart.kind.in_(MINUTES_KINDS)
            )
        )
    )
    others.discard(document.id)
    crawled = not meeting.source_id.startswith(LOCAL_PREFIX)
    return MinutesRead(
        meeting=_meeting_ref(meeting),  # type: ignore[arg-type]
        pages=pages,
        minutes=sum(1 for i in meeting.agenda_items if i.minutes and i.minutes.strip()),
        resolutions=sum(1 for r in meeting.resolutions if r.document_id == document.id),
        resolutions_in_all=len(meeting.resolutions),
        also_read_from=sorted(others),
        meeting_page=crawled,
        declarations=declarations or 0,
        attendance=dict(sorted(roles.items())),
    )


def read_document(session: Session, document: Document) -> DocumentReading:
    """What is stored for this document: its parts and what was read from it."""
    reading = DocumentReading(
        id=document.id,
        council=session.get_one(Council, document.council_id).slug,
        title=document.title,
        kind=document.kind,
        url=document.url,
        page_count=document.page_count,
        text_status=document.text_status,
        error=document.error,
        parsed_at=document.parsed_at,
        withdrawn_at=document.withdrawn_at,
        meeting=_meeting_ref(document.meeting),
        item=_item_ref(document.agenda_item),
        file_key=document.file_path,
    )
    entries = list(
        session.scalars(
            select(WorkProgrammeEntry.page).where(WorkProgrammeEntry.document_id == document.id)
        )
    )
    reading.work_programme_entries = len(entries)
    reading.resolutions_cited = (
        session.scalar(
            select(func.count())
            .select_from(Resolution)
            .where(Resolution.document_id == document.id)
        )
        or 0
    )
    minutes_pages: dict[int, list[tuple[int, int]]] = {}
    for part in session.scalars(
        select(DocumentPart)
        .where(DocumentPart.document_id == document.id)
        .order_by(DocumentPart.page_start)
    ):
        meeting = session.get(Meeting, part.meeting_id) if part.meeting_id else None
        item = session.get(AgendaItem, part.agenda_item_id) if part.agenda_item_id else None
        listed = sum(
            1 for page in entries if page is not None and part.page_start <= page <= part.page_end
        )
        reading.parts.append(
            PartRead(
                kind=part.kind,
                title=part.title,
                page_start=part.page_start,
                page_end=part.page_end,
                meeting=_meeting_ref(meeting),
                item=_item_ref(item),
                work_programme_entries=listed if part.kind == "work_programme" else 0,
            )
        )
        if part.kind in MINUTES_KINDS and meeting is not None:
            minutes_pages.setdefault(meeting.id, []).append((part.page_start, part.page_end))
    if document.kind in AGENDA_KINDS and document.meeting is not None:
        reading.agenda = _agenda(session, document, document.meeting)
    if document.kind in MINUTES_KINDS:
        # The meeting the minutes record: the one their resolutions belong to,
        # else the meeting the document is filed under.
        cited = session.scalars(
            select(Resolution.meeting_id).where(Resolution.document_id == document.id).distinct()
        ).all()
        for meeting_id in cited or ([document.meeting_id] if document.meeting_id else []):
            minutes_pages.setdefault(meeting_id, [])
    for meeting_id, pages in minutes_pages.items():
        meeting = session.get(Meeting, meeting_id)
        if meeting is not None:
            reading.minutes.append(_minutes(session, document, meeting, pages))
    return reading


def document_reading(engine: Engine, document_id: int) -> DocumentReading:
    with Session(engine) as session:
        document = session.get(Document, document_id)
        if document is None:
            raise NotFoundError(
                f"No document with id {document_id}",
                hint="papers show meeting ID lists a meeting's documents",
            )
        return read_document(session, document)


@dataclass
class ReadingTotals:
    """What a run of the reading stage read: documents by kind and what they hold."""

    documents: dict[str, int]  # kind -> documents
    agenda_items: int
    minutes: int
    resolutions: int
    work_programme_entries: int


def total(readings: Iterable[DocumentReading]) -> ReadingTotals:
    """Totals over documents, each meeting counted once however many papers it has."""
    kinds: Counter[str] = Counter()
    agendas: dict[int, int] = {}
    minutes: dict[int, int] = {}
    resolutions = work_programme = 0
    for reading in readings:
        kinds[reading.kind] += 1
        if reading.agenda is not None:
            agendas[reading.agenda.meeting.id] = reading.agenda.items
        for read in reading.minutes:
            minutes[read.meeting.id] = read.minutes
        resolutions += reading.resolutions_cited
        work_programme += reading.work_programme_entries
    return ReadingTotals(
        documents=dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        agenda_items=sum(agendas.values()),
        minutes=sum(minutes.values()),
        resolutions=resolutions,
        work_programme_entries=work_programme,
    )


def read_since(engine: Engine, council: str, since: datetime) -> list[DocumentReading]:
    """What is stored from each of the council's documents parsed at or after `since`."""
    with Session(engine) as session:
        documents = session.scalars(
            select(Document)
            .join(Council, Council.id == Document.council_id)
            .where(Council.slug == council, Document.parsed_at >= since)
            .order_by(Document.id)
        ).all()
        return [read_document(session, document) for document in documents]
